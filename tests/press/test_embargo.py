"""Embargoes (press/embargo.py): a release set to go public at an instant typed in a chosen zone, sent before
then to accredited journalists at personal links (logged, withdrawable), public everywhere at the instant."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from press import accreditation, embargo, embargo_times, services, tokens
from press.models import Accreditation, PressRelease, PreviewLink, PreviewLinkUse
from press.tasks import send_embargo_email
from tests.factories import make_journalist, make_release_version, make_staff_user
from tests.htmltools import carried, form_fields, tags, text_of
from tests.press.adminforms import (
    another_officers_save,
    change_data,
    change_url,
    changed_since_shown,
    messages_of,
    pressing,
    release_url,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
ZONES = [("Europe/London", "", "London"), ("Asia/Almaty", "ALMT", "Almaty")]


@pytest.fixture(autouse=True)
def display_zones(settings):
    settings.DISPLAY_ZONES = ZONES


@pytest.fixture
def embargoed(make_release, make_topic, press_officer):
    """A release under embargo until 10am GMT two days from now (the same day in London and Almaty, so the time
    reads "… ALMT – Almaty" whatever the hour of the run), with a topic of its own."""
    release = make_release(
        title="Zeppelin fleet grounded", slug="zeppelin-fleet", standfirst="Zeppelins standfirst.",
        body="Zeppelins under embargo.", status=PressRelease.Status.DRAFT, publish_at=None,
        topics=[make_topic("Airships", slug="airships")],
    )
    until = datetime.datetime.combine(timezone.now().date() + datetime.timedelta(days=2), datetime.time(10), UTC)
    return embargo.embargo_release(release=release, until=until, zone="Europe/London", by=press_officer)


def send(release, journalists, by, capture):
    with capture(execute=True):
        return embargo.send_embargoed(release=release, journalists=journalists, by=by)


def token_of(copy) -> str:
    return tokens.sign_preview_key(copy.key)


# Writing the embargo's end

def test_until_text_gives_the_zone_it_was_set_in_with_its_date_then_the_display_zones():
    instant = datetime.datetime(2023, 1, 17, 0, 1, tzinfo=UTC)

    assert embargo_times.until_text(instant, "Europe/London") == (
        "12:01am GMT, Tuesday 17 January 2023 · 6:01am ALMT – Almaty")
    assert embargo_times.until_text(instant, "Asia/Almaty") == (
        "6:01am ALMT, Tuesday 17 January 2023 · 12:01am GMT – London")


def test_until_text_dates_a_display_zone_on_another_day(settings):
    settings.TIME_STYLE = "24h"
    instant = datetime.datetime(2023, 1, 16, 22, 0, tzinfo=UTC)

    assert embargo_times.until_text(instant, "Europe/London") == (
        "22:00 GMT, Monday 16 January 2023 · 04:00 ALMT, Tuesday 17 January – Almaty")


def test_without_display_zones_the_sites_zone_follows(settings):
    settings.DISPLAY_ZONES = []
    settings.TIME_ZONE = "Europe/London"
    instant = datetime.datetime(2023, 7, 1, 9, 0, tzinfo=UTC)

    assert embargo_times.until_text(instant, "Asia/Almaty") == (
        "3:00pm UTC+6, Saturday 1 July 2023 · 10:00am BST")


# Setting the embargo

def test_embargo_release_schedules_it_and_marks_it(make_release, press_officer):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    until = timezone.now() + datetime.timedelta(days=1)

    embargo.embargo_release(release=release, until=until, zone="Asia/Almaty", by=press_officer)

    release.refresh_from_db()
    assert (release.status, release.publish_at, release.embargo, release.embargo_zone) == (
        PressRelease.Status.PUBLISHED, until, True, "Asia/Almaty")
    assert not PressRelease.objects.published().filter(pk=release.pk).exists()


def test_embargo_release_refuses_a_past_time_and_a_user_who_may_not_publish(make_release, press_officer):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    with pytest.raises(ValueError):
        embargo.embargo_release(release=release, until=timezone.now() - datetime.timedelta(minutes=1),
                                zone="Asia/Almaty", by=press_officer)
    with pytest.raises(services.NotAllowed):
        embargo.embargo_release(release=release, until=timezone.now() + datetime.timedelta(days=1),
                                zone="Asia/Almaty", by=make_staff_user("writer", ["press.change_pressrelease"]))
    release.refresh_from_db()
    assert (release.status, release.embargo) == (PressRelease.Status.DRAFT, False)


def test_admin_reads_the_time_in_the_chosen_zone_and_confirms_it_in_display_zones(officer_client, make_release):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    day = timezone.now().date() + datetime.timedelta(days=7)
    typed = {"zone": "Asia/Almaty", "until_0": day.isoformat(), "until_1": "06:01"}
    instant = datetime.datetime.combine(day, datetime.time(6, 1), tzinfo=zoneinfo.ZoneInfo("Asia/Almaty"))

    asked = officer_client.post(release_url(release, "embargo"), typed)
    done = officer_client.post(release_url(release, "embargo"), {**typed, "_confirm": "Confirm"}, follow=True)

    shown = embargo_times.until_text(instant, "Asia/Almaty")
    assert shown.startswith("6:01am ALMT, ") and " · " in shown and shown.endswith(" – London")
    assert shown in asked.text and "Confirm embargo" in asked.text
    release.refresh_from_db()
    assert release.publish_at == instant
    assert (release.embargo, release.embargo_zone) == (True, "Asia/Almaty")
    assert any(f"under embargo until {shown}" in message for message in messages_of(done))


def test_admin_confirmation_names_the_utc_time_once_when_a_zone_shown_is_utc(officer_client, make_release):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    day = timezone.now().date() + datetime.timedelta(days=7)

    asked = officer_client.post(release_url(release, "embargo"),
                                {"zone": "UTC", "until_0": day.isoformat(), "until_1": "06:01"})

    sentence = re.search(r"<p>The release will be under embargo until .*?</p>", asked.text, re.S).group(0)
    assert sentence.count("6:01am UTC") == 1, sentence


def test_admin_refuses_a_time_the_clocks_skip_in_the_chosen_zone(officer_client, make_release):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    year = timezone.now().year + 1
    last_sunday = max(datetime.date(year, 3, day) for day in range(25, 32) if datetime.date(year, 3, day).weekday() == 6)

    response = officer_client.post(release_url(release, "embargo"), {
        "zone": "Europe/London", "until_0": last_sunday.isoformat(), "until_1": "01:30", "_confirm": "Confirm"})

    assert response.status_code == 200 and "Confirm embargo" not in response.text
    release.refresh_from_db()
    assert release.status == PressRelease.Status.DRAFT


def test_embargo_page_is_refused_to_staff_who_may_not_publish(client, make_release):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    client.force_login(make_staff_user("writer", ["press.change_pressrelease", "press.view_pressrelease"]))

    response = client.post(release_url(release, "embargo"), {
        "zone": "Asia/Almaty", "until_0": "2099-01-17", "until_1": "06:01", "_confirm": "Confirm"})

    assert response.status_code == 403
    release.refresh_from_db()
    assert release.status == PressRelease.Status.DRAFT



def _embargo_asked(client, release, day):
    """The embargo page's confirming step, the end typed in Almaty's time on ``day`` at 06:01."""
    choosing = form_fields(client.get(release_url(release, "embargo")).content)
    return client.post(release_url(release, "embargo"),
                       {**choosing, "zone": "Asia/Almaty", "until_0": day.isoformat(), "until_1": "06:01"})


def test_confirming_an_embargo_shown_before_another_officers_change_does_nothing_and_keeps_the_time(
        officer_client, make_release, django_capture_on_commit_callbacks):
    release = make_release(title="Hearing dates", status=PressRelease.Status.DRAFT, publish_at=None)
    day = timezone.now().date() + datetime.timedelta(days=7)
    asked = _embargo_asked(officer_client, release, day)
    another_officers_save(release, body="Their unvetted body.")

    with django_capture_on_commit_callbacks() as queued:
        refused = officer_client.post(release_url(release, "embargo"), form_fields(asked.content, "_confirm"))

    assert refused.status_code == 200
    assert changed_since_shown("Hearing dates") in text_of(refused.content, "body")
    release.refresh_from_db()
    assert (release.status, release.publish_at, release.embargo, release.embargo_zone, queued) == (
        PressRelease.Status.DRAFT, None, False, "", [])
    # Still the confirming step, with the zone and the time typed.
    again = form_fields(refused.content, "_confirm")
    assert (again["zone"], again["until_0"], again["until_1"]) == (["Asia/Almaty"], [day.isoformat()], ["06:01"])
    assert "The release will be under embargo until 6:01am ALMT, " in text_of(refused.content)
    assert officer_client.post(release_url(release, "embargo"), again).status_code == 302
    release.refresh_from_db()
    assert (release.embargo, release.embargo_zone) == (True, "Asia/Almaty")


def test_confirming_an_embargo_of_the_release_as_it_still_is_puts_it_under_embargo(officer_client, make_release):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    day = timezone.now().date() + datetime.timedelta(days=7)
    asked = _embargo_asked(officer_client, release, day)

    done = officer_client.post(release_url(release, "embargo"), form_fields(asked.content, "_confirm"))

    release.refresh_from_db()
    assert done.status_code == 302
    assert (release.status, release.embargo, release.publish_at) == (
        PressRelease.Status.PUBLISHED, True,
        datetime.datetime.combine(day, datetime.time(6, 1), tzinfo=zoneinfo.ZoneInfo("Asia/Almaty")))


# Sending

def test_send_to_all_sends_each_accredited_journalist_one_email_with_a_personal_link(
        embargoed, press_officer, django_capture_on_commit_callbacks, mailoutbox):
    ann, bob = make_journalist(name="Ann"), make_journalist(name="Bob")
    make_journalist(name="Unapproved", status=Accreditation.Status.AWAITING)
    make_journalist(name="Revoked", status=Accreditation.Status.REVOKED)

    copies = send(embargoed, embargo.recipients(embargoed), press_officer, django_capture_on_commit_callbacks)

    assert sorted(copy.accreditation.name for copy in copies) == ["Ann", "Bob"]
    assert sorted(message.to[0] for message in mailoutbox) == sorted([ann.email, bob.email])
    message = next(message for message in mailoutbox if message.to == [ann.email])
    until = embargo_times.release_until_text(embargoed)
    assert message.subject == "Embargoed: Zeppelin fleet grounded"
    assert f"EMBARGOED UNTIL {until}" in message.body
    assert "· " in until and "ALMT – Almaty" in until
    copy = next(copy for copy in copies if copy.accreditation == ann)
    assert f"http://127.0.0.1:8000/press/preview/{token_of(copy)}/" in message.body
    html = message.alternatives[0].content
    assert f"Embargoed until {until}" in html and token_of(copy) in html


def test_send_by_beat_language_country_and_outlet(embargoed, make_topic):
    courts, health = make_topic("Courts"), make_topic("Health")
    on_courts = make_journalist(name="Courts reporter", beats=[courts, health])
    make_journalist(name="Health reporter", beats=[health])
    kazakh = make_journalist(name="Kazakh speaker", languages="Kazakh, Russian")
    uk = make_journalist(name="In the UK", country="United Kingdom", outlet="The Times")

    assert list(embargo.recipients(embargoed, beats=[courts])) == [on_courts]
    assert list(embargo.recipients(embargoed, language="kazakh")) == [kazakh]
    assert list(embargo.recipients(embargoed, country="united kingdom")) == [uk]
    assert list(embargo.recipients(embargoed, outlet="The Times")) == [uk]
    assert list(embargo.recipients(embargoed, beats=[courts], chosen=[uk])) == [uk]  # picked ones win


def test_sending_again_sends_only_to_journalists_not_sent_it_yet_including_later_accredited(
        embargoed, press_officer, django_capture_on_commit_callbacks, mailoutbox):
    ann = make_journalist(name="Ann")
    send(embargoed, [ann], press_officer, django_capture_on_commit_callbacks)
    later = make_journalist(name="Accredited later")

    again = send(embargoed, embargo.recipients(embargoed), press_officer, django_capture_on_commit_callbacks)
    twice = send(embargoed, [ann, later], press_officer, django_capture_on_commit_callbacks)

    assert [copy.accreditation for copy in again] == [later]
    assert twice == []
    assert [message.to for message in mailoutbox] == [[ann.email], [later.email]]
    assert PreviewLink.objects.embargo_copies().filter(release=embargoed).count() == 2


def test_sending_is_refused_for_a_release_not_under_embargo(make_release, press_officer):
    scheduled = make_release(publish_at=timezone.now() + datetime.timedelta(days=1))  # scheduled, no embargo
    public = make_release()
    for release in (scheduled, public):
        with pytest.raises(services.NotAllowed):
            embargo.send_embargoed(release=release, journalists=[make_journalist()], by=press_officer)
    assert not PreviewLink.objects.exists()


def test_sending_is_refused_without_the_permission(embargoed):
    writer = make_staff_user("writer", ["press.change_pressrelease", "press.publish_pressrelease"])
    with pytest.raises(services.NotAllowed):
        embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=writer)
    with pytest.raises(services.NotAllowed):
        embargo.withdraw_embargoed(release=embargoed, by=writer)


def test_press_officer_group_holds_the_send_permission(press_officer):
    assert press_officer.has_perm(services.SEND_EMBARGOED_PERMISSION)


def test_email_is_not_sent_for_a_copy_withdrawn_before_the_task_ran(embargoed, press_officer, mailoutbox):
    copy = embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=press_officer)[0]
    embargo.withdraw_embargoed(release=embargoed, by=press_officer)

    assert send_embargo_email.call(link_id=copy.pk) == "skipped: copy gone, withdrawn or expired, or its journalist no longer accredited"
    assert mailoutbox == []


# The personal link

def test_personal_link_opens_the_full_release_with_the_banner_kept_out_of_indexes_and_caches(
        client, embargoed, press_officer, settings):
    settings.PAGE_CACHE_SECONDS = 600  # as in production: the page cache must not keep this page
    ann = make_journalist(name="Ann")
    copy = embargo.send_embargoed(release=embargoed, journalists=[ann], by=press_officer)[0]
    until = embargo_times.release_until_text(embargoed)

    first = client.get(copy.get_absolute_url())
    embargo.withdraw_embargoed(release=embargoed, by=press_officer, journalist_ids=[ann.pk])
    second = client.get(copy.get_absolute_url())

    page = first.text
    assert first.status_code == 200
    assert "Zeppelins under embargo." in page
    assert "request accreditation" not in page  # its reader is accredited
    assert f"Embargoed until {until}." in page  # the banner
    assert re.search(r'<p class="release-facts__status"><time datetime="[^"]+">Embargoed until '
                     + re.escape(until) + "</time>", page)
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert first["X-Robots-Tag"] == "noindex, nofollow"
    assert first["Cache-Control"] == "private, no-store"
    assert first["Referrer-Policy"] == "no-referrer"
    assert second.status_code == 410  # withdrawn at once: not served from any cache


def test_every_opening_is_logged_with_the_journalist_and_time(client, embargoed, press_officer):
    ann = make_journalist(name="Ann")
    copy = embargo.send_embargoed(release=embargoed, journalists=[ann], by=press_officer)[0]
    instant = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=1)

    with time_machine.travel(instant, tick=False):
        client.get(copy.get_absolute_url())
        client.get(copy.get_absolute_url())

    uses = list(PreviewLinkUse.objects.filter(link__accreditation=ann).values_list("used_at", flat=True))
    assert uses == [instant, instant]


def test_withdrawing_all_stops_every_link_at_once(client, embargoed, press_officer):
    copies = embargo.send_embargoed(release=embargoed, journalists=[make_journalist(), make_journalist()],
                                    by=press_officer)

    assert embargo.withdraw_embargoed(release=embargoed, by=press_officer) == 2

    for copy in copies:
        response = client.get(copy.get_absolute_url())
        assert response.status_code == 410
        assert "Zeppelin" not in response.text
        assert response["Cache-Control"] == "private, no-store"
    assert not PreviewLinkUse.objects.exists()


def test_a_stopped_copy_says_it_is_withdrawn_for_good_not_to_ask_for_a_new_link(client, embargoed, press_officer,
                                                                                make_release):
    copy = embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=press_officer)[0]
    shared = services.create_preview_link(release=make_release(status=PressRelease.Status.DRAFT, publish_at=None),
                                          created_by=press_officer)
    embargo.withdraw_embargoed(release=embargoed, by=press_officer)
    services.revoke_preview_link(link=shared, revoked_by=press_officer)

    withdrawn = text_of(client.get(copy.get_absolute_url()).content)
    in_russian = text_of(client.get(f"/ru{copy.get_absolute_url()}").content)
    revoked = text_of(client.get(shared.get_absolute_url()).content)

    assert withdrawn.startswith("This copy is no longer available The press office has withdrawn your copy of "
                                "this release under embargo, or your accreditation has ended.")
    assert "ask the person who sent you the link for a new one" not in withdrawn
    assert in_russian.startswith("Эта копия больше недоступна")
    assert revoked.startswith("This preview link no longer works")


def test_withdrawing_one_leaves_the_others_working(client, embargoed, press_officer):
    ann, bob = make_journalist(), make_journalist()
    copies = {copy.accreditation: copy for copy in
              embargo.send_embargoed(release=embargoed, journalists=[ann, bob], by=press_officer)}

    embargo.withdraw_embargoed(release=embargoed, by=press_officer, journalist_ids=[ann.pk])

    assert client.get(copies[ann].get_absolute_url()).status_code == 410
    assert client.get(copies[bob].get_absolute_url()).status_code == 200


def test_a_revoked_accreditation_stops_the_link(client, embargoed, press_officer):
    ann = make_journalist()
    copy = embargo.send_embargoed(release=embargoed, journalists=[ann], by=press_officer)[0]
    Accreditation.objects.filter(pk=ann.pk).update(status=Accreditation.Status.REVOKED)

    response = client.get(copy.get_absolute_url())

    assert response.status_code == 410 and "Zeppelin" not in response.text
    # The release's page in the admin says so too, by the same rule: the copy no longer shows as active.
    assert PreviewLink.objects.with_state().get(pk=copy.pk).state == PreviewLink.State.REVOKED


def test_a_journalist_revoked_then_accredited_again_does_not_get_back_the_copies_sent_before(
        client, embargoed, press_officer):
    ann = make_journalist()
    copy = embargo.send_embargoed(release=embargoed, journalists=[ann], by=press_officer)[0]
    accreditation.decide(accreditation_id=ann.pk, decision=Accreditation.Status.REVOKED, user=press_officer)
    Accreditation.objects.filter(pk=ann.pk).update(status=Accreditation.Status.AWAITING)  # asked again, confirmed
    accreditation.decide(accreditation_id=ann.pk, decision=Accreditation.Status.APPROVED, user=press_officer)

    assert client.get(copy.get_absolute_url()).status_code == 410
    assert PreviewLink.objects.with_state().get(pk=copy.pk).state == PreviewLink.State.REVOKED


def test_a_release_returned_to_draft_stops_the_links(client, embargoed, press_officer):
    copy = embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=press_officer)[0]
    services.unpublish_release(release=embargoed, by=press_officer)

    assert client.get(copy.get_absolute_url()).status_code == 410


def test_a_release_returned_to_draft_and_scheduled_again_keeps_the_links_stopped(client, embargoed, press_officer):
    copy = embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=press_officer)[0]
    services.unpublish_release(release=embargoed, by=press_officer)
    services.schedule_release(release=embargoed, publish_at=embargoed.publish_at, by=press_officer)

    embargoed.refresh_from_db()
    assert (embargoed.embargo, embargo.is_under_embargo(embargoed)) == (False, False)  # no embargo to send
    response = client.get(copy.get_absolute_url())
    assert response.status_code == 410
    assert "Zeppelin" not in response.content.decode()


def test_a_release_saved_with_the_status_draft_stops_the_links_for_good(client, embargoed, press_officer):
    """Whoever saves it so (the admin's form asks first, then returns it to draft with the button's service)."""
    copy = embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=press_officer)[0]
    embargoed.refresh_from_db()
    embargoed.status = PressRelease.Status.DRAFT
    services.save_release(release=embargoed, by=press_officer, was_public=False)
    services.schedule_release(release=embargoed, publish_at=embargoed.publish_at, by=press_officer)

    embargoed.refresh_from_db()
    assert (embargoed.status, embargoed.embargo) == (PressRelease.Status.PUBLISHED, False)
    response = client.get(copy.get_absolute_url())
    assert response.status_code == 410 and "Zeppelin" not in response.text


def test_tampered_and_foreign_signed_tokens_open_nothing(client, embargoed, make_release, press_officer, settings):
    copy = embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=press_officer)[0]
    other = make_release(title="Another embargo", status=PressRelease.Status.DRAFT, publish_at=None)
    embargo.embargo_release(release=other, until=embargoed.publish_at, zone="Asia/Almaty", by=press_officer)
    other_copy = embargo.send_embargoed(release=other, journalists=[make_journalist()], by=press_officer)[0]
    key, signature = token_of(copy).split(":")
    other_signature = token_of(other_copy).split(":")[1]
    foreign = signing.Signer(key="another-secret-key-entirely-0123456789", salt="press.preview-link").sign(copy.key)

    for token in (f"{key}:{other_signature}", f"{key}x:{signature}", f"{other_copy.key}:{signature}", foreign,
                  copy.key):
        response = client.get(f"/press/preview/{token}/")
        assert response.status_code in (404, 410), token
        assert "Zeppelin" not in response.text and "Another embargo" not in response.text
    assert not PreviewLinkUse.objects.exists()


def test_a_link_opens_only_its_own_release(client, embargoed, make_release, press_officer):
    other = make_release(title="Another embargo", status=PressRelease.Status.DRAFT, publish_at=None)
    embargo.embargo_release(release=other, until=embargoed.publish_at, zone="Asia/Almaty", by=press_officer)
    ann = make_journalist()
    copy = embargo.send_embargoed(release=embargoed, journalists=[ann], by=press_officer)[0]

    page = client.get(copy.get_absolute_url()).text

    assert "Zeppelin fleet grounded" in page and "Another embargo" not in page


# At the instant

def _public_places(client) -> dict[str, str]:
    pages = {
        "list": client.get("/press/"),
        "rss": client.get("/press/feed/rss/"),
        "atom": client.get("/press/feed/atom/"),
        "search": client.get("/press/search/", {"q": "zeppelins"}),
        "sitemap": client.get("/sitemap.xml"),
        "home": client.get("/"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
    return {name: response.text for name, response in pages.items()}


def test_nothing_shows_before_the_instant_and_everything_at_it(client, embargoed, press_officer, make_event,
                                                              make_person, settings):
    settings.PAGE_CACHE_SECONDS = 600  # a page cached before the instant must not outlive it
    person = make_person(full_name="Airship Witness", short_name="Witness", slug="airship-witness")
    embargoed.related_people.add(person)
    event = make_event(title="Briefing on airships")
    event.related_releases.add(embargoed)
    copy = embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=press_officer)[0]

    before = _public_places(client)
    before["event"] = client.get(event.get_absolute_url()).text
    before["calendar"] = client.get("/events/calendar.ics").text
    before["event calendar"] = client.get(f"/events/{event.slug}/calendar.ics").text

    for name, page in before.items():
        for word in ("Zeppelin", "zeppelin-fleet", "Airships"):
            assert word not in page, (name, word)
    assert client.get("/press/zeppelin-fleet/").status_code == 404
    assert client.get("/press/topics/airships/").status_code == 404
    assert client.get(person.get_absolute_url()).status_code == 404

    with time_machine.travel(embargoed.publish_at, tick=False):
        at = _public_places(client)
        detail = client.get("/press/zeppelin-fleet/")
        topic = client.get("/press/topics/airships/")
        event_page = client.get(event.get_absolute_url()).text
        opened = client.get(copy.get_absolute_url())

    for name in ("list", "rss", "atom", "search", "sitemap"):
        assert "zeppelin-fleet" in at[name], name
    assert detail.status_code == 200 and "For immediate release" in detail.text
    assert topic.status_code == 200 and "Zeppelin fleet grounded" in topic.text
    assert "/press/zeppelin-fleet/" in event_page
    assert opened.status_code == 302 and opened["Location"] == "/press/zeppelin-fleet/"


def test_publish_now_lifts_the_embargo_early(client, embargoed, press_officer):
    copy = embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=press_officer)[0]

    services.publish_release(release=embargoed, by=press_officer)

    assert client.get("/press/zeppelin-fleet/").status_code == 200
    assert client.get(copy.get_absolute_url())["Location"] == "/press/zeppelin-fleet/"
    with pytest.raises(services.NotAllowed):
        embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=press_officer)
    copy.refresh_from_db()  # the copies live as long after the early lift as after the planned end
    embargoed.refresh_from_db()
    assert copy.expires_at == embargoed.publish_at + services.EMBARGO_COPY_AFTER_LIFT


def test_moving_the_embargo_keeps_the_copies_working_after_the_new_time(client, embargoed, press_officer):
    copy = embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=press_officer)[0]
    later = embargoed.publish_at + datetime.timedelta(days=60)

    embargo.embargo_release(release=embargoed, until=later, zone="Europe/London", by=press_officer)

    copy.refresh_from_db()
    assert copy.expires_at == later + services.EMBARGO_COPY_AFTER_LIFT
    with time_machine.travel(later - datetime.timedelta(hours=1), tick=False):
        assert client.get(copy.get_absolute_url()).status_code == 200


# The admin

def _send_page(release):
    return release_url(release, "embargo/send")


def test_admin_send_by_beat_asks_with_the_count_then_sends(officer_client, embargoed, make_topic, mailoutbox,
                                                           django_capture_on_commit_callbacks):
    courts = make_topic("Courts")
    make_journalist(name="Ann Courts", beats=[courts])
    make_journalist(name="Bob Courts", beats=[courts])
    make_journalist(name="Cat Elsewhere")
    choice = {"beats": [courts.pk], "language": "", "country": "", "outlet": ""}

    form = officer_client.get(_send_page(embargoed))
    with django_capture_on_commit_callbacks(execute=True):
        asked = officer_client.post(_send_page(embargoed), choice)
    assert not PreviewLink.objects.exists() and mailoutbox == []  # asking sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        done = officer_client.post(_send_page(embargoed), {**carried(asked.content), "_confirm": "Send"}, follow=True)

    assert form.status_code == 200 and "Cat Elsewhere" in form.text
    assert "<strong>2 journalists</strong> will receive it" in asked.text
    assert "Ann Courts" in asked.text and "Cat Elsewhere" not in asked.text
    assert "“Zeppelin fleet grounded” is being sent under embargo to 2 journalists." in messages_of(done)
    assert len(mailoutbox) == 2
    page = done.text
    assert 'id="embargo-copies"' in page and "Ann Courts" in page and "Not opened yet." in page



def test_sending_from_a_page_shown_before_another_officers_change_sends_nothing_and_keeps_the_choice(
        officer_client, embargoed, make_topic, mailoutbox, django_capture_on_commit_callbacks):
    courts = make_topic("Courts")
    make_journalist(name="Ann Courts", beats=[courts])
    choosing = form_fields(officer_client.get(_send_page(embargoed)).content)
    asked = officer_client.post(_send_page(embargoed), {**choosing, "beats": [courts.pk]})
    another_officers_save(embargoed, body="Their unvetted body.")

    with django_capture_on_commit_callbacks(execute=True):
        refused = officer_client.post(_send_page(embargoed), form_fields(asked.content, "_confirm"))

    assert refused.status_code == 200
    assert changed_since_shown("Zeppelin fleet grounded") in text_of(refused.content, "body")
    assert (PreviewLink.objects.embargo_copies().count(), mailoutbox) == (0, [])
    again = form_fields(refused.content, "_confirm")
    assert again["beats"] == [str(courts.pk)] and "Ann Courts" in text_of(refused.content)
    with django_capture_on_commit_callbacks(execute=True):
        assert officer_client.post(_send_page(embargoed), again).status_code == 302
    assert len(mailoutbox) == 1


def test_the_send_button_saves_the_form_and_says_so_like_every_button_that_leads_to_a_page_that_asks(
        officer_client, embargoed):
    pressed = officer_client.post(change_url(embargoed),
                                  pressing("_send_embargoed", change_data(embargoed, title="Zeppelins grounded")),
                                  follow=True)

    assert pressed.redirect_chain == [(_send_page(embargoed), 302)]
    assert messages_of(pressed) == ["Your changes to “Zeppelins grounded” are saved."]


def test_the_journalists_offered_are_told_apart_by_their_address(officer_client, embargoed):
    make_journalist(name="Ann Smith", email="ann@planet.example")
    make_journalist(name="Ann Smith", email="ann.smith@planet.example")

    page = officer_client.get(_send_page(embargoed)).text

    assert "Ann Smith &lt;ann@planet.example&gt; (Daily Planet, Kazakhstan)" in page
    assert "Ann Smith &lt;ann.smith@planet.example&gt; (Daily Planet, Kazakhstan)" in page


def test_admin_send_to_one_picked_journalist(officer_client, embargoed, django_capture_on_commit_callbacks):
    ann, _bob = make_journalist(name="Ann"), make_journalist(name="Bob")

    asked = officer_client.post(_send_page(embargoed), {"journalists": [ann.pk]})
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(_send_page(embargoed), {**carried(asked.content), "_confirm": "Send"})

    assert carried(asked.content)["listed"] == [str(ann.pk)]
    assert list(PreviewLink.objects.embargo_copies().values_list("accreditation__name", flat=True)) == ["Ann"]


def test_admin_send_goes_only_to_the_journalists_listed_not_one_accredited_after_the_page(
        officer_client, embargoed, mailoutbox, django_capture_on_commit_callbacks):
    make_journalist(name="Ann"), make_journalist(name="Bob")

    asked = officer_client.post(_send_page(embargoed), {})  # everyone not sent it yet
    make_journalist(name="Dan Newcomer")  # accredited while the officer reads the page
    with django_capture_on_commit_callbacks(execute=True):
        done = officer_client.post(_send_page(embargoed), {**carried(asked.content), "_confirm": "Send"}, follow=True)

    assert "<strong>2 journalists</strong> will receive it" in asked.text
    assert messages_of(done) == ["“Zeppelin fleet grounded” is being sent under embargo to 2 journalists."]
    assert sorted(PreviewLink.objects.embargo_copies().values_list("accreditation__name", flat=True)) == [
        "Ann", "Bob"]
    assert len(mailoutbox) == 2


def test_admin_send_leaves_out_and_names_those_listed_who_are_no_longer_eligible(
        officer_client, embargoed, press_officer, django_capture_on_commit_callbacks):
    ann, bob, cat = make_journalist(name="Ann"), make_journalist(name="Bob"), make_journalist(name="Cat")

    asked = officer_client.post(_send_page(embargoed), {"journalists": [ann.pk, bob.pk, cat.pk]})
    embargo.send_embargoed(release=embargoed, journalists=[bob], by=press_officer)  # by another officer meanwhile
    Accreditation.objects.filter(pk=cat.pk).update(status=Accreditation.Status.REVOKED)
    with django_capture_on_commit_callbacks(execute=True):
        done = officer_client.post(_send_page(embargoed), {**carried(asked.content), "_confirm": "Send"}, follow=True)

    assert messages_of(done) == [
        "“Zeppelin fleet grounded” is being sent under embargo to 1 journalist. 2 journalists listed were left "
        "out: no longer accredited, or sent it meanwhile."]
    assert sorted(PreviewLink.objects.embargo_copies().values_list("accreditation__name", flat=True)) == [
        "Ann", "Bob"]


def test_admin_send_with_nobody_left_of_those_listed_sends_nothing_and_says_so(
        officer_client, embargoed, press_officer, django_capture_on_commit_callbacks, mailoutbox):
    ann = make_journalist(name="Ann")

    asked = officer_client.post(_send_page(embargoed), {})
    embargo.send_embargoed(release=embargoed, journalists=[ann], by=press_officer)
    with django_capture_on_commit_callbacks(execute=True):
        done = officer_client.post(_send_page(embargoed), {**carried(asked.content), "_confirm": "Send"}, follow=True)

    assert messages_of(done) == ["Nothing was sent: the journalist listed is no longer accredited, or was sent "
                                 "“Zeppelin fleet grounded” meanwhile."]
    assert PreviewLink.objects.count() == 1 and mailoutbox == []


def test_admin_send_confirmed_without_the_list_asks_again_and_sends_nothing(officer_client, embargoed):
    make_journalist(name="Ann")

    response = officer_client.post(_send_page(embargoed), {"_confirm": "Send"})

    assert response.status_code == 200 and "<strong>1 journalist</strong> will receive it" in response.text
    assert not PreviewLink.objects.exists()


def test_admin_send_asks_in_as_many_queries_however_many_journalists_it_lists(officer_client, embargoed):
    def ask():
        with CaptureQueriesContext(connection) as queries:
            page = officer_client.post(_send_page(embargoed), {})
        return page, len(queries)

    make_journalist()
    ask()  # the site's name in the header is read once, then cached
    _page, one = ask()
    for _ in range(6):
        make_journalist()
    page, seven = ask()

    assert "<strong>7 journalists</strong> will receive it" in page.text
    assert len(carried(page.content)["listed"]) == 7
    assert seven == one


def test_admin_send_is_refused_to_staff_without_the_permission_posting_directly(client, embargoed):
    make_journalist()
    codenames = ["change_pressrelease", "view_pressrelease", "publish_pressrelease", "add_previewlink",
                 "change_previewlink"]
    client.force_login(make_staff_user("writer", [f"press.{name}" for name in codenames]))

    response = client.post(_send_page(embargoed), {"_confirm": "Send"})
    page = client.get(change_url(embargoed)).text

    assert response.status_code == 403
    assert not PreviewLink.objects.exists()
    assert 'name="_send_embargoed"' not in page


def test_admin_send_is_refused_to_staff_who_may_only_view_releases_posting_directly(client, embargoed):
    make_journalist()
    client.force_login(make_staff_user("reader", ["press.view_pressrelease", "press.send_embargoed"]))

    response = client.post(_send_page(embargoed), {"_confirm": "Send", "journalists": "all"})

    assert response.status_code == 403
    assert not PreviewLink.objects.exists()


def test_admin_withdraw_is_refused_to_staff_without_the_permission_posting_directly(client, embargoed,
                                                                                     press_officer):
    copy = embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=press_officer)[0]
    codenames = ["change_pressrelease", "view_pressrelease", "publish_pressrelease"]
    client.force_login(make_staff_user("writer", [f"press.{name}" for name in codenames]))

    page = client.get(change_url(embargoed)).text
    response = client.post(change_url(embargoed), pressing("_withdraw_all", change_data(embargoed)), follow=True)
    asked = client.get(_withdraw_page(embargoed))
    confirmed = client.post(_withdraw_page(embargoed), {"listed": [copy.accreditation_id], "_confirm": "Yes"})

    assert 'name="_withdraw_all"' not in page and 'name="_withdraw_copy"' not in page
    assert any("may not send embargoed releases" in message for message in messages_of(response))
    assert (asked.status_code, confirmed.status_code) == (403, 403)
    copy.refresh_from_db()
    assert copy.revoked_at is None


def test_admin_withdraw_is_refused_to_staff_who_may_only_view_releases_posting_directly(client, embargoed,
                                                                                         press_officer):
    copy = embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=press_officer)[0]
    client.force_login(make_staff_user("reader", ["press.view_pressrelease", "press.send_embargoed"]))

    response = client.post(_withdraw_page(embargoed), {"listed": [copy.accreditation_id], "_confirm": "Yes"})

    assert response.status_code == 403
    copy.refresh_from_db()
    assert copy.revoked_at is None


def test_admin_lists_who_was_sent_it_and_each_opening_and_withdraws_one(officer_client, client, embargoed,
                                                                        press_officer):
    ann, bob = make_journalist(name="Ann Reporter"), make_journalist(name="Bob Reporter")
    copies = {copy.accreditation: copy for copy in
              embargo.send_embargoed(release=embargoed, journalists=[ann, bob], by=press_officer)}
    client.get(copies[ann].get_absolute_url())
    client.get(copies[ann].get_absolute_url())

    page = officer_client.get(change_url(embargoed)).text
    asked = officer_client.post(change_url(embargoed),
                                pressing("_withdraw_copy", change_data(embargoed)) | {"_withdraw_copy": ann.pk},
                                follow=True)
    assert client.get(copies[ann].get_absolute_url()).status_code == 200  # asking withdraws nothing
    response = officer_client.post(asked.redirect_chain[-1][0], {**carried(asked.content), "_confirm": "Yes, withdraw"},
                                   follow=True)

    section = page[page.index('id="embargo-copies"'):]
    assert "Ann Reporter (Daily Planet)" in section and "Bob Reporter (Daily Planet)" in section
    assert re.search(r'<ol class="openings">(.*?)</ol>', section, re.S).group(1).count("<li>") == 2
    assert "Under embargo until" in page
    assert asked.redirect_chain == [(f"{_withdraw_page(embargoed)}?journalist={ann.pk}", 302)]
    assert messages_of(asked) == ["Your changes to “Zeppelin fleet grounded” are saved."]
    listed = re.search(r'<ul class="confirm-listed">(.*?)</ul>', asked.text, re.S).group(1)
    assert "Ann Reporter (Daily Planet)" in listed and "Bob Reporter" not in listed
    assert "can no longer open their copy, from the moment you confirm and for good" in asked.text
    assert 'value="Yes, withdraw"' in asked.text
    assert response.redirect_chain == [(change_url(embargoed) + "#embargo-copies", 302)]
    assert any("1 journalist’s copy is withdrawn" in message for message in messages_of(response))
    assert client.get(copies[ann].get_absolute_url()).status_code == 410
    assert client.get(copies[bob].get_absolute_url()).status_code == 200


def _withdraw_page(release):
    return release_url(release, "embargo/withdraw")


def test_admin_withdraw_from_everyone_asks_naming_them_and_withdraws_only_those_listed(
        officer_client, client, embargoed, press_officer):
    ann, bob = make_journalist(name="Ann Reporter"), make_journalist(name="Bob Reporter")
    copies = embargo.send_embargoed(release=embargoed, journalists=[ann, bob], by=press_officer)

    asked = officer_client.post(change_url(embargoed), pressing("_withdraw_all", change_data(embargoed)),
                                follow=True)
    late = embargo.send_embargoed(release=embargoed, journalists=[make_journalist(name="Cat Late")],
                                  by=press_officer)[0]  # sent while the officer reads the page
    done = officer_client.post(_withdraw_page(embargoed), {**carried(asked.content), "_confirm": "Yes, withdraw"},
                               follow=True)

    assert asked.redirect_chain == [(_withdraw_page(embargoed), 302)]
    assert text_of(asked.content, "h1") == "Withdraw 2 journalists’ copies of “Zeppelin fleet grounded”?"
    assert re.findall(r"<li>(.*?)</li>", re.search(r'<ul class="confirm-listed">(.*?)</ul>', asked.text,
                                                     re.S).group(1)) == [
        "Ann Reporter (Daily Planet)", "Bob Reporter (Daily Planet)"]
    assert tags(asked.content, "a", **{"class": "closelink"})[0]["href"] == change_url(embargoed) + "#embargo-copies"
    assert messages_of(done) == ["2 journalists’ copies are withdrawn: the links no longer open the release."]
    assert [client.get(copy.get_absolute_url()).status_code for copy in [*copies, late]] == [410, 410, 200]


def test_admin_withdraw_confirmed_after_another_officer_saved_the_release_still_withdraws_those_listed(
        officer_client, client, embargoed, press_officer):
    [copy] = embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=press_officer)
    asked = officer_client.post(change_url(embargoed), pressing("_withdraw_all", change_data(embargoed)),
                                follow=True)
    another_officers_save(embargoed, title="Zeppelin fleet grounded, typo fixed")

    done = officer_client.post(_withdraw_page(embargoed), {**carried(asked.content), "_confirm": "Yes, withdraw"},
                               follow=True)

    assert "loaded_as" not in carried(asked.content)  # what it acts on is the list it named, not the release's words
    assert messages_of(done) == ["1 journalist’s copy is withdrawn: the link no longer opens the release."]
    assert client.get(copy.get_absolute_url()).status_code == 410


def test_admin_withdraw_page_with_nothing_left_to_withdraw_says_so(officer_client, embargoed, press_officer):
    ann = make_journalist(name="Ann Reporter")
    embargo.send_embargoed(release=embargoed, journalists=[ann], by=press_officer)
    embargo.withdraw_embargoed(release=embargoed, by=press_officer)

    response = officer_client.get(f"{_withdraw_page(embargoed)}?journalist={ann.pk}", follow=True)

    assert response.redirect_chain == [(change_url(embargoed) + "#embargo-copies", 302)]
    assert messages_of(response) == [
        "Nothing was changed: no journalist’s copy of “Zeppelin fleet grounded” is left to withdraw."]


def test_admin_offers_withdraw_from_everyone_only_while_a_copy_is_left_to_withdraw(officer_client, embargoed,
                                                                                  press_officer):
    ann, bob = make_journalist(name="Ann Reporter"), make_journalist(name="Bob Reporter")
    embargo.send_embargoed(release=embargoed, journalists=[ann, bob], by=press_officer)
    embargo.withdraw_embargoed(release=embargoed, by=press_officer, journalist_ids=[ann.pk])

    one_left = officer_client.get(change_url(embargoed)).text
    embargo.withdraw_embargoed(release=embargoed, by=press_officer)
    none_left = officer_client.get(change_url(embargoed)).text

    assert 'name="_withdraw_all"' in one_left and one_left.count('name="_withdraw_copy"') == 1
    assert "Bob Reporter (Daily Planet)" in none_left and none_left.count("<td>Withdrawn</td>") == 2
    assert 'name="_withdraw_all"' not in none_left and 'name="_withdraw_copy"' not in none_left


def test_admin_withdraw_page_asks_in_as_many_queries_however_many_copies_it_lists(officer_client, embargoed,
                                                                                 press_officer):
    def ask():
        with CaptureQueriesContext(connection) as queries:
            page = officer_client.get(_withdraw_page(embargoed))
        return page, len(queries)

    embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=press_officer)
    ask()  # the site's name in the header is read once, then cached
    _page, one = ask()
    embargo.send_embargoed(release=embargoed, journalists=[make_journalist() for _ in range(6)], by=press_officer)
    page, seven = ask()

    assert len(carried(page.content)["listed"]) == 7
    assert seven == one


def test_shared_previews_list_leaves_out_journalists_copies(officer_client, embargoed, press_officer):
    embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=press_officer)
    services.create_preview_link(release=embargoed, created_by=press_officer)

    page = officer_client.get(change_url(embargoed)).text

    total = re.search(r'<input[^>]*name="preview_links-TOTAL_FORMS"[^>]*>', page).group(0)
    assert 'value="1"' in total
    assert page.count('class="preview-address"') == 1


@pytest.mark.parametrize(("prefix", "banner"), [("/ru", "Эмбарго до "), ("/kk", " дейін эмбарго.")])
def test_personal_link_speaks_russian_and_kazakh(client, embargoed, press_officer, prefix, banner):
    copy = embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=press_officer)[0]

    response = client.get(prefix + copy.get_absolute_url())

    assert response.status_code == 200
    assert banner in response.text and "Sent to you personally" not in response.text


def test_a_journalist_accredited_in_kazakh_gets_the_kazakh_version_by_email_and_at_their_link(
        client, embargoed, press_officer, django_capture_on_commit_callbacks, mailoutbox):
    make_release_version(embargoed, "kk", title="Дирижабльдер ұшпайды", slug="dirizhabldar",
                         standfirst="Дирижабльдер туралы.", body="Эмбарго астындағы дирижабльдер.")
    journalist = make_journalist(name="Айгерим", language="kk")

    [copy] = send(embargoed, [journalist], press_officer, django_capture_on_commit_callbacks)

    [message] = mailoutbox
    assert message.subject == "Эмбарго: Дирижабльдер ұшпайды"
    assert "Сәлеметсіз бе, Айгерим!" in message.body and "Дирижабльдер туралы." in message.body
    assert " ДЕЙІН ЭМБАРГО" in message.body
    link = f"/kk/press/preview/{token_of(copy)}/"
    assert f"http://127.0.0.1:8000{link}" in message.body
    html = message.alternatives[0].content
    assert '<html lang="kk">' in html and ">Дирижабльдер ұшпайды</h1>" in html
    page = client.get(link).text
    assert "Эмбарго астындағы дирижабльдер." in page and "Zeppelins under embargo." not in page


def test_the_display_zones_places_are_written_in_the_journalists_language_where_given(
        client, embargoed, press_officer, django_capture_on_commit_callbacks, mailoutbox, settings):
    settings.DISPLAY_ZONES = [("Europe/London", "", "London", (("ru", "Лондон"),)),
                              ("Asia/Almaty", "ALMT", "Almaty", (("ru", "Алматы"), ("kk", "Алматы қаласы")))]

    [russian, kazakh] = send(embargoed, [make_journalist(language="ru"), make_journalist(language="kk")],
                             press_officer, django_capture_on_commit_callbacks)

    to_russian, to_kazakh = sorted(mailoutbox, key=lambda message: message.to != [russian.accreditation.email])
    assert "ALMT – Алматы" in to_russian.body and "– Almaty" not in to_russian.body
    assert "ALMT – Алматы қаласы" in to_kazakh.body
    assert "ALMT – Алматы" in client.get(f"/ru/press/preview/{token_of(russian)}/").text
    # Where none is given in the language, the English place stays.
    assert "ALMT – Almaty" in client.get(f"/press/preview/{token_of(russian)}/").text


def test_without_a_version_in_their_language_the_journalist_gets_the_english_words_marked_english(
        client, embargoed, press_officer, django_capture_on_commit_callbacks, mailoutbox):
    [copy] = send(embargoed, [make_journalist(language="ru")], press_officer, django_capture_on_commit_callbacks)

    [message] = mailoutbox
    assert message.subject == "Эмбарго: Zeppelin fleet grounded"
    html = message.alternatives[0].content
    assert '<h1 style="font-size:22px;margin:16px 0 8px;color:#14365d;" lang="en-gb">Zeppelin fleet grounded</h1>' in html
    page = client.get(f"/ru/press/preview/{token_of(copy)}/").text
    assert "Zeppelins under embargo." in page and "Эмбарго до " in page
    assert "Этот пресс-релиз не опубликован на русском языке" in page  # the note before the English text


def test_personal_link_page_takes_as_many_queries_however_many_journalists_and_openings(client, embargoed,
                                                                                       press_officer):
    first = embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=press_officer)[0]
    with CaptureQueriesContext(connection) as small:
        assert client.get(first.get_absolute_url()).status_code == 200

    many = embargo.send_embargoed(release=embargoed, journalists=[make_journalist() for _ in range(15)],
                                  by=press_officer)
    for copy in many[:5]:
        client.get(copy.get_absolute_url())
    with CaptureQueriesContext(connection) as large:
        assert client.get(first.get_absolute_url()).status_code == 200

    assert len(large) == len(small)


def test_moving_the_time_in_the_release_form_moves_the_copies_expiry(officer_client, embargoed, press_officer):
    copy = embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=press_officer)[0]
    later = timezone.localtime(embargoed.publish_at + datetime.timedelta(days=60))

    officer_client.post(change_url(embargoed), change_data(embargoed, publish_at_0=later.strftime("%Y-%m-%d"),
                                                           publish_at_1=later.strftime("%H:%M:%S")))

    copy.refresh_from_db()
    embargoed.refresh_from_db()
    assert embargoed.publish_at == later
    assert copy.expires_at == later + services.EMBARGO_COPY_AFTER_LIFT


def test_revoking_a_copy_as_a_preview_link_needs_the_send_permission_too(embargoed, press_officer):
    copy = embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=press_officer)[0]
    revoker = make_staff_user("revoker", ["press.change_previewlink"])

    with pytest.raises(services.NotAllowed):
        services.revoke_preview_link(link=copy, revoked_by=revoker)
    services.revoke_preview_link(link=copy, revoked_by=press_officer)

    copy.refresh_from_db()
    assert copy.revoked_by == press_officer
