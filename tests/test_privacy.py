"""Personal data: the privacy notice, anonymising after the retention period, export and erasure."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events import services, tokens
from events.models import Registration
from tests.factories import days_from_today

pytestmark = pytest.mark.django_db

S = Registration.Status


def test_privacy_notice_says_what_why_how_long_and_who(client, commission, settings):
    settings.REGISTRATION_RETENTION_DAYS = 90
    commission.convenor = "Bindmans LLP"
    commission.save()

    response = client.get("/privacy/")

    page = response.content.decode()
    assert response.status_code == 200
    for heading in ["Who is responsible", "What we keep", "Why we keep it", "Who sees it", "How long we keep it",
                    "Your rights"]:
        assert heading in page
    assert "Bindmans LLP runs this press office" in page
    assert "90 days after the press conference ends" in page
    assert "accessibility needs" in page


def test_privacy_notice_and_expired_link_page_give_the_confirmation_links_real_lifetime(
        client, commission, make_event, make_registration, monkeypatch):
    monkeypatch.setattr(tokens, "CONFIRM_MAX_HOURS", 24)
    monkeypatch.setattr(tokens, "CONFIRM_MAX_AGE", datetime.timedelta(hours=24))
    event = make_event()
    token = tokens.make_token(make_registration(event), tokens.CONFIRM)
    monkeypatch.setattr(tokens, "CONFIRM_MAX_AGE", datetime.timedelta(seconds=-1))  # expired already

    assert "stops working after 24 hours" in client.get("/privacy/").content.decode()
    assert "Confirmation links work for 24 hours." in client.get(
        reverse("events:confirm", args=[event.slug, token])).content.decode()


def test_every_page_links_the_privacy_notice(client, commission):
    assert '<a href="/privacy/">Privacy notice</a>' in client.get("/").content.decode()


def _event_ended(make_event, days_ago):
    return make_event(slots=[(days_from_today(-days_ago, 10), days_from_today(-days_ago, 11))])


def test_purge_anonymises_registrations_of_events_past_the_retention_period(make_event, make_registration,
                                                                              settings):
    settings.REGISTRATION_RETENTION_DAYS = 180
    old = make_registration(_event_ended(make_event, 200), status=S.CONFIRMED, accessibility_needs="Ramp",
                            checked_in_at=timezone.now())
    recent = make_registration(_event_ended(make_event, 100), status=S.CONFIRMED)
    upcoming = make_registration(make_event(), status=S.CONFIRMED)
    out = StringIO()

    call_command("purge_registrations", stdout=out)

    old.refresh_from_db()
    assert (old.name, old.email, old.organisation, old.accessibility_needs) == ("", "", "", "")
    assert old.anonymised_at is not None
    assert (old.status, old.attendance, old.role, old.checked_in_at is not None) == (
        S.CONFIRMED, "in_person", "journalist", True)  # the statistics stay
    assert Registration.objects.filter(pk__in=[recent.pk, upcoming.pk], anonymised_at__isnull=True).count() == 2
    assert out.getvalue().startswith("Anonymised 1 registration(s) of 1 press conference(s) that ended before ")


def test_purge_is_safe_to_run_every_day(make_event, make_registration):
    registration = make_registration(_event_ended(make_event, 400))
    call_command("purge_registrations", stdout=StringIO())
    first = Registration.objects.get(pk=registration.pk).anonymised_at
    out = StringIO()

    call_command("purge_registrations", stdout=out)

    assert Registration.objects.get(pk=registration.pk).anonymised_at == first
    assert out.getvalue().startswith("Anonymised 0 registration(s) of 0 press conference(s)")


def test_purge_days_option_overrides_the_setting(make_event, make_registration):
    registration = make_registration(_event_ended(make_event, 10))

    call_command("purge_registrations", "--days", "7", stdout=StringIO())

    assert Registration.objects.get(pk=registration.pk).anonymised_at is not None


def test_export_person_lists_their_registrations_across_events(make_event, make_registration):
    first, second = make_event(title="First"), make_event(title="Second")
    make_registration(first, email="ann@example.org", name="Ann", accessibility_needs="Captions")
    make_registration(second, email="ann@example.org", name="Ann", status=S.CONFIRMED)
    make_registration(second, email="bob@example.org")

    data = services.export_person(email="ANN@example.org")

    assert data["email"] == "ann@example.org"
    assert [(r["press_conference"], r["status"], r["accessibility_needs"]) for r in data["registrations"]] == [
        ("First", "pending", "Captions"), ("Second", "confirmed", "")]
    assert data["registrations"][0]["press_conference_url"] == f"http://127.0.0.1:8000{first.get_absolute_url()}"
    json.dumps(data)  # serialisable as it is


def test_erase_person_blanks_them_everywhere_and_gives_their_seat_away(make_event, make_registration, mailoutbox,
                                                                        django_capture_on_commit_callbacks):
    upcoming = make_event(in_person_capacity=1)
    past = _event_ended(make_event, 3)
    seat = make_registration(upcoming, email="ann@example.org", status=S.CONFIRMED)
    attended = make_registration(past, email="ann@example.org", status=S.CONFIRMED)
    waiting = make_registration(upcoming, status=S.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        count = services.erase_person(email="ann@example.org")

    assert count == 2
    seat.refresh_from_db()
    attended.refresh_from_db()
    waiting.refresh_from_db()
    assert (seat.email, seat.status, seat.anonymised_at is not None) == ("", S.CANCELLED, True)
    assert (attended.name, attended.status) == ("", S.CONFIRMED)  # the past stays as it was, minus the person
    assert waiting.status == S.CONFIRMED
    assert [m.to for m in mailoutbox] == [[waiting.email]]  # the erased person is not written to


def test_an_erased_persons_links_stop_working(client, make_event, make_registration):
    event = make_event()
    registration = make_registration(event, email="ann@example.org", status=S.CONFIRMED)
    url = f"/events/{event.slug}/registration/{tokens.make_token(registration, tokens.MANAGE)}/"

    services.erase_person(email="ann@example.org")

    assert client.get(url).status_code == 404


def test_an_erased_person_can_register_again(make_event, make_registration):
    event = make_event()
    make_registration(event, email="ann@example.org")
    services.erase_person(email="ann@example.org")

    registration = services.register(event=event, name="Ann", email="ann@example.org", organisation="P",
                                     role="journalist", attendance="in_person")

    assert Registration.objects.filter(event=event).count() == 2
    assert registration.status == S.PENDING
