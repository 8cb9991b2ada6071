"""A release's versions: the corrections and updates log, the public version history and its differences,
restoring a version in the admin, and what machines read of them (JSON-LD, the Atom feed)."""

import datetime
import json

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.test.utils import CaptureQueriesContext

from commission.models import MediaContact
from commission.web.links import absolute_url
from press import revisions, services
from press.models import PressRelease, Revision
from tests.factories import make_staff_user
from tests.htmltools import form_fields, tags, text_of
from tests.press.adminforms import (
    change_data,
    change_url,
    changed_since_shown,
    messages_of,
    release_url,
    with_quotes,
)

pytestmark = pytest.mark.django_db

START = datetime.datetime(2023, 3, 2, 9, 0, tzinfo=datetime.UTC)


def at(hours):
    return START + datetime.timedelta(hours=hours)


@pytest.fixture
def reader():
    """A visitor without an account, beside the signed-in press officer."""
    return Client()


@pytest.fixture
def live(make_release, press_officer):
    """A release published through the service at START: its first version."""
    with time_machine.travel(START, tick=False):
        release = make_release(status=PressRelease.Status.DRAFT, publish_at=None, slug="inquiry-opens",
                               title="Inquiry opens", body="The inquiry opens on Monday.")
        services.publish_release(release=release, by=press_officer)
    return release


def edit(client, release, *, hours, **typed):
    """Post the admin change form of ``release`` at ``at(hours)``, with ``typed`` changed."""
    release.refresh_from_db()
    with time_machine.travel(at(hours), tick=False):
        return client.post(change_url(release), change_data(release, **typed))


def history_text(client, release):
    return text_of(client.get(f"/press/{release.slug}/history/").content)


# 1. What makes a version ----------------------------------------------------------------------------------------


def test_publishing_stores_the_first_version_with_the_whole_text(live, press_officer):
    version = live.revisions.get()

    assert (version.number, version.kind, version.created_at, version.created_by) == (1, "published", START,
                                                                                        press_officer)
    assert version.snapshot["body"] == "The inquiry opens on Monday."
    assert version.changed == list(Revision.PARTS)


def test_saving_a_draft_stores_no_version(officer_client, make_release):
    draft = make_release(status=PressRelease.Status.DRAFT, publish_at=None)

    response = officer_client.post(change_url(draft), change_data(draft, body="Embargoed words."))

    assert response.status_code == 302
    assert Revision.objects.count() == 0


def test_an_edit_records_who_when_which_parts_and_the_text(officer_client, live, press_officer):
    response = edit(officer_client, live, hours=2, title="Inquiry opens on Tuesday",
                    body="The inquiry opens on Tuesday.", change_kind="correction",
                    change_note="An earlier version gave the wrong day.")

    assert response.status_code == 302
    version = live.revisions.first()
    assert (version.number, version.kind, version.created_at, version.created_by, version.changed) == (
        2, "correction", at(2), press_officer, ["title", "body"])
    assert version.snapshot["title"] == "Inquiry opens on Tuesday"


def test_an_edit_that_changes_no_public_text_stores_no_version(officer_client, live, make_topic):
    topic = make_topic()

    response = edit(officer_client, live, hours=2, topics=[str(topic.pk)])

    assert response.status_code == 302
    assert live.revisions.count() == 1


@pytest.mark.parametrize(("stored", "sent"), [("\n", "\r\n"), ("\r\n", "\n")], ids=["seeded, sent by a browser",
                                                                                 "typed in a browser, sent as LF"])
def test_line_breaks_written_another_way_are_no_change(officer_client, live, press_officer, make_topic, stored, sent):
    """Browsers send a textarea's line breaks as CRLF; the seed's texts have LF. A save that changes nothing
    else asks no kind of change and makes no version, and the next real change names only what changed."""
    with time_machine.travel(at(1), tick=False):
        live.body, live.notes_to_editors = "First paragraph.\n\nSecond.".replace("\n", stored), "Note.\n\nMore."
        live.save()
        services.record_edit(release=live, by=press_officer, was_public=True, kind="minor")

    response = edit(officer_client, live, hours=2, topics=[str(make_topic().pk)],
                    body="First paragraph.\n\nSecond.".replace("\n", sent),
                    notes_to_editors="Note.\n\nMore.".replace("\n", sent))
    assert response.status_code == 302  # no kind of change asked
    assert live.revisions.count() == 2
    edit(officer_client, live, hours=3, title="A new title", body="First paragraph.\n\nSecond.".replace("\n", sent),
         notes_to_editors="Note.\n\nMore.".replace("\n", sent), change_kind="minor")

    latest = live.revisions.first()
    assert (latest.number, latest.changed) == (3, ["title"])
    assert [part.name for part in revisions.difference(live.revisions.all()[1].snapshot, latest.snapshot)] == [
        "title"]


def test_a_press_conference_linked_from_its_own_page_is_recorded_at_the_next_save(officer_client, live, make_event,
                                                                                   make_topic):
    make_event(title="Briefing in Almaty", publish_at=START).related_releases.add(live)

    response = edit(officer_client, live, hours=2, topics=[str(make_topic().pk)])

    assert response.status_code == 302
    version = live.revisions.first()
    assert (version.number, version.kind, version.changed) == (2, "minor", ["related_events"])
    assert [event["title"] for event in version.snapshot["related_events"]] == ["Briefing in Almaty"]


# 2. The kind of change -----------------------------------------------------------------------------------------


def test_posting_a_changed_live_release_without_the_kind_is_refused_and_keeps_the_typing(officer_client, live):
    response = edit(officer_client, live, hours=2, body="A new paragraph nobody should lose.")

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {"change_kind": [
        "This release is public and its text changed: say whether this is a correction, an update or a minor edit."
    ]}
    assert "A new paragraph nobody should lose." in response.content.decode()
    live.refresh_from_db()
    assert (live.body, live.revisions.count()) == ("The inquiry opens on Monday.", 1)


def test_a_changed_quote_alone_also_needs_the_kind(officer_client, make_person, make_release, press_officer):
    speaker = make_person()
    release = make_release(quotes=[(speaker, "Old words.")])
    quote = release.quotes.get()
    data = with_quotes(change_data(release), {"id": str(quote.pk), "release": str(release.pk), "order": "1",
                                              "speaker": str(speaker.pk), "text": "New words."}, initial=1)

    response = officer_client.post(change_url(release), data)

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["change_kind"]
    assert release.quotes.get().text == "Old words."


@pytest.mark.parametrize("kind", ["correction", "update"])
def test_a_correction_or_update_without_a_note_is_refused(officer_client, live, kind):
    response = edit(officer_client, live, hours=2, body="Changed.", change_kind=kind, change_note="  ")

    assert response.context["adminform"].form.errors == {"change_note": [
        "Write a note for readers: a correction or an update is shown with its note."
    ]}
    assert live.revisions.count() == 1


def test_the_kind_is_asked_only_of_a_live_release(officer_client, live, make_release):
    draft = make_release(status=PressRelease.Status.DRAFT, publish_at=None)

    live_form = officer_client.get(change_url(live)).content.decode()
    draft_form = officer_client.get(change_url(draft)).content.decode()

    assert [tag["value"] for tag in tags(live_form, "input", name="change_kind")] == ["correction", "update", "minor"]
    assert tags(draft_form, "input", name="change_kind") == []


# 3. The release page's corrections and updates ------------------------------------------------------------------


def test_two_corrections_in_a_row_are_both_shown_newest_first(reader, officer_client, live):
    edit(officer_client, live, hours=2, body="The inquiry opens on Tuesday.", change_kind="correction",
         change_note="The day was wrong.")
    edit(officer_client, live, hours=5, body="The inquiry opens on Tuesday at 10am.", change_kind="correction",
         change_note="The time was missing.")

    text = text_of(reader.get(live.get_absolute_url()).content)

    assert ("Corrections and updates Correction, Thursday 2 March 2023, 2:00pm UTC: The time was missing. "
            "Correction, Thursday 2 March 2023, 11:00am UTC: The day was wrong.") in text
    assert text.startswith("2 March 2023 Inquiry opens")  # the first publication stays the release's date


def test_a_minor_edit_after_a_correction_leaves_the_correction_with_its_own_time(reader, officer_client, live):
    edit(officer_client, live, hours=2, body="The inquiry opens on Tuesday.", change_kind="correction",
         change_note="The day was wrong.")
    edit(officer_client, live, hours=6, body="The inquiry opens on Tuesday .", change_kind="minor")

    text = text_of(reader.get(live.get_absolute_url()).content)
    history = history_text(reader, live)

    assert "Corrections and updates Correction, Thursday 2 March 2023, 11:00am UTC: The day was wrong." in text
    assert "3:00pm" not in text
    assert "Version 3 (current) Minor edit, Thursday 2 March 2023, 3:00pm UTC Changed: body." in history


def test_an_update_then_a_note_free_minor_edit_keeps_the_update_note(reader, officer_client, live):
    edit(officer_client, live, hours=1, body="Opens Monday. Hearings follow.", change_kind="update",
         change_note="Hearing dates added.")
    edit(officer_client, live, hours=3, title="Inquiry opens!", change_kind="minor")

    text = text_of(reader.get(live.get_absolute_url()).content)

    assert "Update, Thursday 2 March 2023, 10:00am UTC: Hearing dates added." in text


# 4. The public history -------------------------------------------------------------------------------------------


def test_history_lists_every_version_with_links_to_each_and_its_changes(reader, officer_client, live):
    edit(officer_client, live, hours=2, body="The inquiry opens on Tuesday.", change_kind="correction",
         change_note="The day was wrong.")

    response = reader.get(f"/press/{live.slug}/history/")

    text = text_of(response.content)
    assert ("Version 2 (current) Correction, Thursday 2 March 2023, 11:00am UTC The day was wrong. Changed: body. "
            "What changed in version 2 Version 1 Published, Thursday 2 March 2023, 9:00am UTC") in text
    links = [a["href"] for a in tags(response.content, "a", within="main")]
    assert f"/press/{live.slug}/history/1/" in links and f"/press/{live.slug}/history/2/changes/" in links


def test_an_old_version_reads_as_it_was_and_is_kept_out_of_indexes(reader, officer_client, live):
    edit(officer_client, live, hours=2, body="The inquiry opens on Tuesday.", change_kind="correction",
         change_note="The day was wrong.")

    old = reader.get(f"/press/{live.slug}/history/1/")
    current = reader.get(f"/press/{live.slug}/history/2/")

    assert "The inquiry opens on Monday." in text_of(old.content)
    assert "current until Thursday 2 March 2023, 11:00am UTC" in text_of(old.content)
    assert tags(old.content, "meta", name="robots") == [{"name": "robots", "content": "noindex"}]
    assert tags(current.content, "meta", name="robots") == []
    assert tags(current.content, "link", rel="canonical") == [{"rel": "canonical", "href": absolute_url(live.get_absolute_url())}]


def test_a_version_or_changes_that_do_not_exist_are_404(client, live):
    assert [client.get(f"/press/{live.slug}/history/{path}").status_code
            for path in ("2/", "1/changes/", "9/changes/")] == [404, 404, 404]


def test_a_drafts_changes_never_appear_in_the_history(reader, officer_client, live, press_officer):
    services.unpublish_release(release=live, by=press_officer)
    officer_client.post(change_url(live), change_data(live, status="draft", body="Secret draft wording."))

    assert reader.get(f"/press/{live.slug}/history/").status_code == 404
    assert reader.get(f"/press/{live.slug}/history/1/").status_code == 404
    assert not Revision.objects.filter(snapshot__body="Secret draft wording.").exists()


def test_a_scheduled_release_set_to_draft_on_its_form_never_shows_its_scheduled_text(
        reader, officer_client, make_release, press_officer):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None, slug="embargoed",
                           body="Names a witness.")
    services.schedule_release(release=release, publish_at=at(2), by=press_officer, now=START)
    edit(officer_client, release, hours=1, status="draft", publish_at_0="", publish_at_1="", body="Name taken out.")
    with time_machine.travel(at(1), tick=False):  # the form asks first, as "Return to draft" does
        officer_client.post(release_url(release, "unpublish"), {"_confirm": "Yes, return to draft"})
    release.refresh_from_db()
    assert release.status == PressRelease.Status.DRAFT
    with time_machine.travel(at(3), tick=False):
        services.publish_release(release=release, by=press_officer)
        history = [reader.get(f"/press/embargoed/history/{n}/") for n in (1, 2)]

    assert "Name taken out." in text_of(history[0].content)
    assert history[1].status_code == 404
    assert not Revision.objects.filter(snapshot__body="Names a witness.").exists()


def test_a_scheduled_release_shows_no_version_before_its_time(reader, officer_client, make_release, press_officer):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None, slug="embargoed", body="First.")
    services.schedule_release(release=release, publish_at=at(24), by=press_officer, now=START)
    with time_machine.travel(at(1), tick=False):
        officer_client.post(change_url(release), change_data(release, body="Embargoed wording."))
        before = reader.get("/press/embargoed/history/1/").status_code

    with time_machine.travel(at(25), tick=False):
        after = reader.get("/press/embargoed/history/1/")

    assert before == 404
    assert "Embargoed wording." in text_of(after.content)
    assert list(release.revisions.values_list("number", "kind", "created_at")) == [(1, "published", at(24))]


def test_history_pages_are_not_in_the_sitemap(reader, officer_client, live):
    edit(officer_client, live, hours=2, body="Changed.", change_kind="minor")

    sitemap = reader.get("/sitemap.xml").content.decode()

    assert f"/press/{live.slug}/" in sitemap and "/history/" not in sitemap


def test_history_is_served_from_the_page_cache_until_a_new_version(reader, officer_client, live, settings):
    settings.PAGE_CACHE_SECONDS = 600
    first = reader.get(f"/press/{live.slug}/history/")
    again = reader.get(f"/press/{live.slug}/history/")
    services.save_release(release=live, by=live.revisions.get().created_by, was_public=True)
    live.body = "Changed."
    live.save()
    services.record_edit(release=live, by=None, was_public=True, kind="update", note="A later paragraph.")

    fresh = reader.get(f"/press/{live.slug}/history/")

    assert first.content == again.content
    assert "A later paragraph." not in text_of(first.content) and "A later paragraph." in text_of(fresh.content)


# The difference --------------------------------------------------------------------------------------------------


BODY_BEFORE = "Opening.\n\n- Almaty\n  - in person\n- London\n\n[quote 1]\n\nClosing."
BODY_AFTER = "Opening.\n\n- Almaty\n  - in person\n  - online\n- London\n\n[quote 1]\n\nClosing words."


def _snapshot(body, quote):
    return {"title": "T", "dateline_place": "", "standfirst": "", "body": body,
            "quotes": [{"number": 1, "speaker_id": 1, "speaker": "Lord Macdonald", "role": "Chair", "url": "/p/",
                        "text": quote}],
            "notes_to_editors": "", "media_contacts": [], "media_contact_ids": [], "related_events": []}


def test_difference_reads_a_nested_list_and_a_quote_block_by_block():
    parts = revisions.difference(_snapshot(BODY_BEFORE, "We regret it."), _snapshot(BODY_AFTER, "We deeply regret it."))

    assert [part.name for part in parts] == ["body"]  # the title and the rest did not change
    assert [(block.state, block.depth, block.kind, block.pieces, block.unchanged) for block in parts[0].blocks] == [
        ("gap", 0, "gap", [], 2),  # "Opening." and "Almaty", away from any change
        ("same", 1, "item", [("same", "in person")], 0),
        ("added", 1, "item", [("ins", "online")], 0),
        ("same", 0, "item", [("same", "London")], 0),
        ("changed", 0, "quote", [("same", "“We"), ("ins", " deeply"), ("same", " regret it.” — Lord Macdonald, Chair")], 0),
        ("changed", 0, "paragraph", [("same", "Closing"), ("ins", " words"), ("same", ".")], 0),
    ]


def test_difference_reads_words_not_markdown_signs():
    before = _snapshot("# Venue\n\nSee [the page](/events/x/) for **details**.", "Q.")
    after = _snapshot("# Venues\n\nSee [the page](/events/x/) for **all details**.", "Q.")

    blocks = revisions.difference(before, after)[0].blocks

    assert [(block.kind, block.pieces) for block in blocks] == [
        ("heading", [("del", "Venue"), ("ins", "Venues")]),
        ("paragraph", [("same", "See the page for "), ("ins", "all "), ("same", "details.")]),
        ("quote", [("same", "“Q.” — Lord Macdonald, Chair")]),  # unchanged, next to a change
    ]


def test_changes_page_marks_insertions_and_deletions_in_words(reader, officer_client, live):
    edit(officer_client, live, hours=2, body="The inquiry opens on Tuesday.", change_kind="correction",
         change_note="The day was wrong.")

    response = reader.get(f"/press/{live.slug}/history/2/changes/")

    html = response.content.decode()
    assert '<del><span class="visually-hidden"> Removed: </span>Monday</del>' in html
    assert '<ins><span class="visually-hidden"> Added: </span>Tuesday</ins>' in html
    assert "The inquiry opens on Removed: Monday Added: Tuesday." in text_of(response.content)
    assert tags(response.content, "meta", name="robots") == [{"name": "robots", "content": "noindex"}]


# 5. Restoring in the admin -------------------------------------------------------------------------------------


def test_saving_a_change_to_a_live_release_says_where_the_new_version_shows(officer_client, live):
    def said_after(**typed):
        return messages_of(officer_client.get(edit(officer_client, live, **typed)["Location"]))

    corrected = said_after(hours=2, body="The inquiry opens on Tuesday.", change_kind="correction",
                           change_note="The day was wrong.")
    minor = said_after(hours=3, body="The inquiry opens on Tuesday .", change_kind="minor")

    assert "Version 2 is public: its note is under “Corrections and updates” on the release, and in its version " \
           "history." in corrected
    assert "Version 3 is public, in the release's version history (a minor edit: no note for readers)." in minor


def test_admin_history_shows_versions_and_the_difference(officer_client, live):
    edit(officer_client, live, hours=2, body="The inquiry opens on Tuesday.", change_kind="correction",
         change_note="The day was wrong.")

    history = text_of(officer_client.get(release_url(live, "history")).content, "body")
    version = officer_client.get(release_url(live, "history/2"))

    assert "Version 2 Correction Thursday 2 March 2023, 11:00am UTC officer body The day was wrong." in history
    # The first version changed nothing: it is the first publication, not a change to every part.
    assert "Version 1 Published Thursday 2 March 2023, 9:00am UTC officer first published — " in history
    assert '<ins><span class="visually-hidden"> Added: </span>Tuesday</ins>' in version.content.decode()


def test_restoring_a_version_is_a_new_version_with_its_kind_and_note(reader, officer_client, live):
    edit(officer_client, live, hours=2, body="Wrongly changed.", change_kind="minor")

    with time_machine.travel(at(4), tick=False):
        response = officer_client.post(release_url(live, "history/1"), {
            "change_kind": "correction", "change_note": "The earlier change was a mistake."})

    assert response.status_code == 302
    live.refresh_from_db()
    version = live.revisions.first()
    assert (live.body, version.number, version.kind, version.restored_from, version.created_at) == (
        "The inquiry opens on Monday.", 3, "correction", 1, at(4))
    assert "Correction, Thursday 2 March 2023, 1:00pm UTC: The earlier change was a mistake." in text_of(
        reader.get(live.get_absolute_url()).content)


def test_restoring_brings_back_the_quotes_and_media_contacts(live, make_person, press_officer, commission):
    speaker = make_person()
    contact = MediaContact.objects.create(commission=commission, name="Duty officer", email="duty@example.org")
    with time_machine.travel(at(1), tick=False):
        services.save_release(release=live, by=press_officer, was_public=True)
        live.quotes.create(speaker=speaker, text="Words as first given.", order=1)
        live.media_contacts.set([contact])
        with_quote = services.record_edit(release=live, by=press_officer, was_public=True, kind="update",
                                          note="A quote and a contact added.")
    with time_machine.travel(at(2), tick=False):
        live.quotes.all().delete()
        live.media_contacts.clear()
        services.record_edit(release=live, by=press_officer, was_public=True, kind="minor")

    with time_machine.travel(at(3), tick=False):
        restored = services.restore_revision(release=live, revision=with_quote, by=press_officer, kind="correction",
                                             note="The quote was removed by mistake.")

    assert [(quote.order, quote.speaker, quote.text) for quote in live.quotes.all()] == [
        (1, speaker, "Words as first given.")]
    assert list(live.media_contacts.all()) == [contact]
    # Without contacts of its own the release showed the commission's, the same one: only the quotes read differently.
    assert (restored.number, restored.restored_from, restored.changed) == (4, 2, ["quotes"])


def test_restoring_without_the_kind_is_refused_next_to_the_field(officer_client, live):
    edit(officer_client, live, hours=2, body="Wrongly changed.", change_kind="minor")

    response = officer_client.post(release_url(live, "history/1"), {"change_kind": "", "change_note": "Typed."})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["change_kind"]
    assert 'Typed.</textarea>' in response.content.decode()
    assert live.revisions.count() == 2



RESTORE_REFUSED = "nothing was restored: read it again, then restore this version if you still mean to."


def restoring(client, release, number, **typed):
    """The fields the page of version ``number`` sends when restoring it, with ``typed`` kind and note."""
    with time_machine.travel(at(3), tick=False):
        page = client.get(release_url(release, f"history/{number}"))
    return {**form_fields(page.content), **typed}


def test_restoring_from_a_page_shown_before_another_officers_correction_restores_nothing_and_keeps_the_note(
        officer_client, live):
    edit(officer_client, live, hours=2, body="Wrongly changed.", change_kind="minor")
    typed = restoring(officer_client, live, 1, change_kind="correction", change_note="Back to Monday.")
    other = Client()
    other.force_login(make_staff_user("other-officer", ["press.change_pressrelease", "press.view_pressrelease"]))
    edit(other, live, hours=3, body="Corrected by another officer.", change_kind="correction",
         change_note="Their correction.")

    with time_machine.travel(at(4), tick=False):
        refused = officer_client.post(release_url(live, "history/1"), typed)

    assert refused.status_code == 200
    assert changed_since_shown("Inquiry opens", then=RESTORE_REFUSED) in text_of(refused.content, "body")
    live.refresh_from_db()
    assert (live.body, live.revisions.count()) == ("Corrected by another officer.", 3)
    again = form_fields(refused.content)
    assert (again["change_kind"], again["change_note"]) == (["correction"], ["Back to Monday."])
    assert again["loaded_as"] != typed["loaded_as"]
    # Restoring again, knowing, restores.
    with time_machine.travel(at(5), tick=False):
        assert officer_client.post(release_url(live, "history/1"), again).status_code == 302
    live.refresh_from_db()
    assert (live.body, live.revisions.first().note) == ("The inquiry opens on Monday.", "Back to Monday.")


def test_restoring_from_a_page_of_the_release_as_it_still_is_restores(officer_client, live):
    edit(officer_client, live, hours=2, body="Wrongly changed.", change_kind="minor")
    typed = restoring(officer_client, live, 1, change_kind="correction", change_note="Back to Monday.")

    with time_machine.travel(at(4), tick=False):
        response = officer_client.post(release_url(live, "history/1"), typed)

    assert response.status_code == 302
    live.refresh_from_db()
    assert (live.body, live.revisions.count()) == ("The inquiry opens on Monday.", 3)


def test_a_restore_refused_by_the_rules_says_why_on_the_page(officer_client, live, press_officer):
    edit(officer_client, live, hours=2, body="Wrongly changed.", change_kind="minor")
    services.unpublish_release(release=live, by=press_officer)

    # A post without the page's fingerprint (not from the page) meets the service's own refusal.
    response = officer_client.post(release_url(live, "history/1"), {"change_kind": "correction",
                                                                      "change_note": "Back to Monday."})

    assert response.status_code == 200
    assert "Only a public release's versions can be restored." in text_of(response.content, "body")
    live.refresh_from_db()
    assert (live.body, live.revisions.count()) == ("Wrongly changed.", 2)


def test_restore_by_a_user_without_change_permission_is_refused(client, officer_client, live, django_user_model):
    edit(officer_client, live, hours=2, body="Wrongly changed.", change_kind="minor")
    reader = django_user_model.objects.create_user("reader", password="x-not-used-123", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_pressrelease"))
    client.force_login(reader)

    page = client.get(release_url(live, "history/1"))
    response = client.post(release_url(live, "history/1"), {"change_kind": "minor", "change_note": ""})

    assert page.status_code == 200 and tags(page.content, "form", within="main", method="post") == []
    assert response.status_code == 403
    live.refresh_from_db()
    assert (live.body, live.revisions.count()) == ("Wrongly changed.", 2)


def test_staff_who_may_only_read_see_a_live_release_without_the_kind_of_change(client, live, django_user_model):
    reader = django_user_model.objects.create_user("reader", password="x-not-used-123", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_pressrelease"))
    client.force_login(reader)

    response = client.get(change_url(live))

    assert response.status_code == 200
    assert "This change" not in response.content.decode() and "Kind of change" not in response.content.decode()


def test_restore_is_post_only_and_needs_the_csrf_token(live, admin_user):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin_user)

    response = strict.post(release_url(live, "history/1"), {"change_kind": "minor"})

    assert response.status_code == 403
    assert live.revisions.count() == 1


def test_restore_service_refuses_a_user_without_change_permission(live, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x-not-used-123", is_staff=True)

    with pytest.raises(services.NotAllowed):
        services.restore_revision(release=live, revision=live.revisions.get(), by=nobody, kind="minor")


# 6. Machines: JSON-LD and the Atom feed -------------------------------------------------------------------------


def _json_ld(client, release):
    html = client.get(release.get_absolute_url()).content.decode()
    start = html.index('<script type="application/ld+json"')
    return json.loads(html[html.index(">", start) + 1:html.index("</script>", start)])


def test_json_ld_carries_date_modified_and_each_correction(reader, officer_client, live):
    edit(officer_client, live, hours=2, body="Tuesday.", change_kind="correction", change_note="The day was wrong.")
    edit(officer_client, live, hours=3, body="Tuesday, 10am.", change_kind="update", change_note="Time added.")
    edit(officer_client, live, hours=4, body="Tuesday, 10am", change_kind="minor")

    data = _json_ld(reader, live)

    assert data["datePublished"] == START.isoformat()
    assert data["dateModified"] == at(4).isoformat()
    assert data["correction"] == [{"@type": "CorrectionComment", "text": "The day was wrong.",
                                   "datePublished": at(2).isoformat()}]


def test_atom_updated_follows_corrections_and_updates_not_minor_edits(reader, officer_client, live):
    def updated():
        feed = reader.get("/press/feed/atom/").content.decode()
        entry = feed[feed.index("<entry>"):]
        return entry[entry.index("<updated>") + 9:entry.index("</updated>")]

    edit(officer_client, live, hours=2, body="Tuesday.", change_kind="update", change_note="Day added.")
    after_update = updated()
    edit(officer_client, live, hours=3, body="Tuesday!", change_kind="minor")

    assert after_update == updated() == at(2).isoformat()


# 7. The earlier update note, kept -------------------------------------------------------------------------------


def test_migration_keeps_update_notes_as_the_first_log_entries(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate([("press", "0003_search_index")])
    old = executor.loader.project_state([("press", "0003_search_index")]).apps
    noted = old.get_model("press", "PressRelease").objects.create(
        title="Noted", slug="noted", status="published", publish_at=START, update_note="Venue corrected.",
        last_updated_at=at(5))
    old.get_model("press", "PressRelease").objects.create(title="Plain", slug="plain", status="published",
                                                          publish_at=START)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert list(Revision.objects.values_list("release_id", "number", "kind", "note", "created_at")) == [
        (noted.pk, 1, "update", "Venue corrected.", at(5))]


def test_a_note_kept_from_before_versions_stays_first_and_gets_its_text_at_the_next_edit(reader, officer_client,
                                                                                         make_release):
    release = make_release(slug="older", body="Text as it stands.", publish_at=START)
    Revision.objects.create(release=release, number=1, kind="update", note="Venue corrected.", created_at=at(1))
    before = text_of(reader.get("/press/older/history/1/").content)

    edit(officer_client, release, hours=5, body="Text corrected.", change_kind="correction", change_note="Fixed.")

    assert "The text of this version was not kept" in before
    assert "Text as it stands." in text_of(reader.get("/press/older/history/1/").content)
    assert ("Correction, Thursday 2 March 2023, 2:00pm UTC: Fixed. Update, Thursday 2 March 2023, 10:00am UTC: "
            "Venue corrected.") in text_of(reader.get("/press/older/").content)


# Queries per page with 50 versions -----------------------------------------------------------------------------


def _with_versions(release, count):
    Revision.objects.bulk_create(
        Revision(release=release, number=n, kind="correction" if n % 2 else "minor", note=f"Note {n}.",
                 created_at=at(n), snapshot=revisions.snapshot(release), changed=["body"])
        for n in range(2, count + 1)
    )


# Each page reads the release's language versions too (one query), for its language switcher and hreflang links.
@pytest.mark.parametrize(("suffix", "budget"), [("", 10), ("history/", 3), ("history/2/", 3),
                                              ("history/2/changes/", 3)])
def test_pages_keep_their_query_budget_with_fifty_versions(client, make_release, press_officer, commission, suffix,
                                                           budget):
    counts = []
    for size in (2, 50):
        with time_machine.travel(START, tick=False):
            release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
            services.publish_release(release=release, by=press_officer)
        _with_versions(release, size)
        url = f"/press/{release.slug}/{suffix}"
        with time_machine.travel(at(100), tick=False):
            client.get(url)  # the first render also reads the commission: kept per content version
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1] <= budget, [q["sql"][:80] for q in queries.captured_queries]
