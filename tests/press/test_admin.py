import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commission.models import MediaContact
from press import embargo, services, tasks
from press.models import PressRelease, PreviewLink, Quote
from tests.factories import make_journalist, make_release_version, make_staff_user
from tests.htmltools import form_fields, tags, text_of
from tests.press.adminforms import (
    ADD_URL,
    CHANGELIST_URL,
    another_officers_save,
    change_data,
    change_url,
    changed_since_shown,
    form_data,
    messages_of,
    pressing,
    release_url,
    staff_with,
    with_quotes,
)

pytestmark = pytest.mark.django_db

def errors_of(response) -> str:
    return " ".join(text for text in [text_of(response.content, "body")] if text)


# Changelist ----------------------------------------------------------------------------------------------------


def test_changelist_shows_visibility_time_topics_and_filters(staff_client, make_release, make_topic, hidden_releases):
    make_release(title="Live one", topics=[make_topic("Detention")])

    response = staff_client.get("/admin/press/pressrelease/")

    assert response.status_code == 200
    rows = text_of(response.content, "tbody")
    assert "Live one Public" in rows and "Detention" in rows
    assert "Embargoed release about zeppelins Scheduled" in rows
    assert "Secret draft about zeppelins Draft" in rows
    assert [a["href"] for a in tags(response.content, "a") if "visibility=" in a.get("href", "")] == [
        "?visibility=live", "?visibility=scheduled", "?visibility=draft",
    ]


@pytest.mark.parametrize(
    ("visibility", "titles"),
    [("live", ["Live one"]),
     ("scheduled", ["Embargoed release about zeppelins", "Release under embargo about zeppelins"]),
     ("draft", ["Secret draft about zeppelins", "Withdrawn release about zeppelins"])],
)
def test_changelist_visibility_filter(staff_client, make_release, hidden_releases, visibility, titles):
    make_release(title="Live one")

    response = staff_client.get("/admin/press/pressrelease/", {"visibility": visibility})

    assert [release.title for release in response.context["cl"].result_list] == titles


@pytest.mark.parametrize("term", ["unicorns", "Unicorn standfirst", "unicorn body"])
def test_changelist_search_covers_title_standfirst_and_body(staff_client, make_release, term):
    make_release(title="Unicorns", standfirst="Unicorn standfirst.", body="A unicorn body.")
    make_release(title="Other")

    response = staff_client.get("/admin/press/pressrelease/", {"q": term})

    assert [release.title for release in response.context["cl"].result_list] == ["Unicorns"]


@pytest.mark.parametrize("size", [2, 12])
def test_changelist_runs_a_fixed_number_of_queries(staff_client, make_release, make_topic, size,
                                                   django_assert_num_queries):
    topics = [make_topic() for _ in range(size)]
    for _ in range(size):
        make_release(topics=topics)

    # session, user, counts, releases, their topics, their language versions and quotes (the versions column),
    # the topic filter's choices, the date hierarchy, the press office's name in the header (once per content
    # version)
    with django_assert_num_queries(12):
        assert staff_client.get("/admin/press/pressrelease/").status_code == 200


# Adding and editing ---------------------------------------------------------------------------------------------


def test_add_form_starts_with_the_commission_boilerplate_and_contacts(staff_client, commission):
    commission.about = "Boilerplate for editors."
    commission.save()
    contact = MediaContact.objects.create(commission=commission, name="Press office", email="p@example.org")

    form = staff_client.get(ADD_URL).context["adminform"].form

    assert (form.initial["notes_to_editors"], form.initial["media_contacts"], form.initial["commission"]) == (
        "Boilerplate for editors.", [contact.pk], commission.pk,
    )


def test_add_with_a_placed_quote_saves_release_and_quote(staff_client, make_person):
    speaker = make_person(short_name="Lord Macdonald")
    data = with_quotes(form_data(), {"order": "1", "speaker": str(speaker.pk), "text": "We regard this as unhelpful."})

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 302
    release = PressRelease.objects.get(slug="commission-to-give-evidence")
    assert (release.status, release.first_published_at) == ("draft", None)
    assert [(q.order, q.speaker, q.text) for q in release.quotes.all()] == [(1, speaker, "We regard this as unhelpful.")]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"title": "   "}, "title", "This field is required."),
        ({"slug": "taken"}, "slug", "Press release with this Slug already exists."),
        ({"slug": "not a slug!"}, "slug", "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
        ({"publish_at_0": "17/01/2023x", "publish_at_1": "12:00"}, "publish_at", "Enter a valid date."),
        ({"publish_at_0": "2023-01-17", "publish_at_1": "25:99"}, "publish_at", "Enter a valid time."),
        ({"publish_at_0": "tomorrow", "publish_at_1": "noon"}, "publish_at", "Enter a valid date."),
        ({"status": "published"}, "publish_at", "A published release needs a publication time."),
    ],
    ids=["empty title", "blank title", "slug clash", "bad slug", "bad date", "bad time", "words", "published no time"],
)
def test_bad_input_is_refused_and_nothing_is_saved(staff_client, make_release, overrides, field, message):
    make_release(slug="taken", title="Existing")

    response = staff_client.post(ADD_URL, form_data(**overrides))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)
    assert list(PressRelease.objects.values_list("slug", flat=True)) == ["taken"]


def test_two_quotes_with_one_number_are_refused(staff_client, make_person):
    speaker = make_person()
    data = with_quotes(form_data(), {"order": "1", "speaker": str(speaker.pk), "text": "a"},
                       {"order": "1", "speaker": str(speaker.pk), "text": "b"})

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert "Two quotes have number 1: give each quote its own number." in text_of(response.content)
    assert (PressRelease.objects.count(), Quote.objects.count()) == (0, 0)


def test_body_placing_a_missing_quote_is_refused(staff_client):
    response = staff_client.post(ADD_URL, form_data(body="Text.\n\n[quote 3]"))

    assert response.status_code == 200
    assert "The body places [quote 3], but there is no quote 3 below." in text_of(response.content)
    assert PressRelease.objects.count() == 0


def test_misplaced_quote_is_refused(staff_client, make_person):
    speaker = make_person()
    data = with_quotes(form_data(body="He said [quote 1] loudly."),
                       {"order": "1", "speaker": str(speaker.pk), "text": "a"})

    response = staff_client.post(ADD_URL, data)

    assert "Put [quote 1] on a line of its own, between two paragraphs." in text_of(response.content)
    assert PressRelease.objects.count() == 0


def test_hero_image_that_is_not_an_image_is_refused(staff_client):
    data = form_data(hero_alt="x", hero_image=SimpleUploadedFile("evil.png", b"<svg onload=alert(1)>"))

    response = staff_client.post(ADD_URL, data)

    assert response.context["adminform"].form.errors["hero_image"] == [
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ]
    assert PressRelease.objects.count() == 0


def test_hero_image_without_description_is_refused(staff_client, png):
    response = staff_client.post(ADD_URL, form_data(hero_image=png()))

    assert response.context["adminform"].form.errors["hero_alt"] == [
        "Describe the hero image for people who cannot see it."
    ]


def test_editing_a_live_release_records_the_correction(staff_client, make_release):
    release = make_release(publish_at=timezone.now() - datetime.timedelta(days=1))

    response = staff_client.post(change_url(release), change_data(
        release, body="Corrected body.", change_kind="correction", change_note="The date was corrected."
    ))

    assert response.status_code == 302
    release.refresh_from_db()
    assert release.last_updated_at is not None and timezone.now() - release.last_updated_at < datetime.timedelta(
        minutes=1
    )
    latest = release.revisions.first()
    assert (latest.kind, latest.note, latest.changed) == ("correction", "The date was corrected.", ["body"])


def test_editing_a_live_release_quote_records_the_update(staff_client, make_release, make_person):
    speaker = make_person()
    release = make_release(publish_at=timezone.now() - datetime.timedelta(days=1), quotes=[(speaker, "Old")])
    quote = release.quotes.get()
    data = with_quotes(change_data(release, change_kind="minor"),
                       {"id": str(quote.pk), "release": str(release.pk), "order": "1",
                        "speaker": str(speaker.pk), "text": "New"}, initial=1)

    assert staff_client.post(change_url(release), data).status_code == 302

    latest = release.revisions.first()
    assert (release.quotes.get().text, latest.kind, latest.changed) == ("New", "minor", ["quotes"])


def test_editing_a_draft_records_no_update(staff_client, make_release):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)

    assert staff_client.post(change_url(release), change_data(release, body="Changed.")).status_code == 302

    release.refresh_from_db()
    assert (release.body, release.last_updated_at) == ("Changed.", None)


@pytest.mark.parametrize("button", ["_save", "_continue", "_addanother", "_preview"])
def test_saving_a_draft_with_the_status_published_saves_the_typing_then_asks_before_publishing(
        officer_client, make_release, make_subscription, mailoutbox, django_capture_on_commit_callbacks, client, button):
    release = make_release(title="Saved title", status=PressRelease.Status.DRAFT, publish_at=None)
    make_subscription()
    typed = change_data(release, title="Typed title", status="published", publish_at_0="2023-01-17",
                        publish_at_1="12:00")

    with django_capture_on_commit_callbacks(execute=True):
        saved = officer_client.post(change_url(release), pressing(button, typed), follow=True)

    release.refresh_from_db()
    assert saved.redirect_chain == [(release_url(release, "publish"), 302)]
    assert (release.title, release.status, release.publish_at, release.first_published_at) == (
        "Typed title", "draft", None, None)
    assert client.get(release.get_absolute_url()).status_code == 404
    assert mailoutbox == []
    assert messages_of(saved) == ["Your changes to “Typed title” are saved, but it is not public yet: making it "
                                  "public asks first, as “Publish now” does."]
    assert text_of(saved.content, "h1") == "Publish “Typed title” now?"
    assert PUBLISH_WARNING in text_of(saved.content, "body")
    assert tags(saved.content, "a", **{"class": "closelink"}) == [{"href": change_url(release), "class": "closelink"}]

    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(release_url(release, "publish"), {"_confirm": "Confirm: publish now"})

    release.refresh_from_db()
    assert (release.status, release.first_published_at) == ("published", release.publish_at)
    assert timezone.now() - release.publish_at < datetime.timedelta(minutes=1)
    assert text_of(client.get(release.get_absolute_url()).content, "h1") == "Typed title"
    assert len(mailoutbox) == 1


def test_adding_a_release_with_the_status_published_saves_a_draft_then_asks_before_publishing(officer_client):
    response = officer_client.post(ADD_URL, form_data(body="Only text.", status="published",
                                                      publish_at_0="2023-01-17", publish_at_1="12:00"))

    release = PressRelease.objects.get()
    assert (response.status_code, response["Location"]) == (302, release_url(release, "publish"))
    assert (release.status, release.publish_at) == ("draft", None)


def test_bringing_a_scheduled_release_forward_in_the_form_asks_before_publishing(officer_client, make_release):
    due = timezone.now() + datetime.timedelta(days=1)
    release = make_release(title="Scheduled one", body="Old.", publish_at=due)

    saved = officer_client.post(change_url(release), change_data(
        release, body="Typed.", publish_at_0="2023-01-17", publish_at_1="12:00"), follow=True)

    release.refresh_from_db()
    assert saved.redirect_chain == [(release_url(release, "publish"), 302)]
    assert (release.body, release.status, release.publish_at) == ("Typed.", "published", due)
    assert "publishing now brings it forward" in text_of(saved.content, "main")


def test_scheduling_in_the_form_and_editing_a_live_release_are_saved_as_before(officer_client, make_release):
    draft = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    live = make_release(title="Live one")
    later = timezone.localtime(timezone.now() + datetime.timedelta(days=2))

    scheduled = officer_client.post(change_url(draft), change_data(
        draft, status="published", publish_at_0=later.strftime("%Y-%m-%d"), publish_at_1=later.strftime("%H:%M")))
    edited = officer_client.post(change_url(live), change_data(live, body="Corrected.", change_kind="minor"))

    draft.refresh_from_db()
    live.refresh_from_db()
    assert (scheduled["Location"], edited["Location"]) == (CHANGELIST_URL, CHANGELIST_URL)
    assert (draft.status, draft.publish_at) == ("published", later.replace(second=0, microsecond=0))
    assert (live.body, live.status) == ("Corrected.", "published")


def submit_buttons(html) -> list[str]:
    """The names of the change form's submit buttons, in page order (the row at the top, then at the bottom)."""
    return [attrs["name"] for attrs in tags(html, "input", within="form", type="submit")]


DJANGO_BUTTONS = ["_save", "_addanother", "_continue"]


@pytest.mark.parametrize(
    ("days", "newsroom"),
    [(None, ["_preview", "_publish", "_schedule", "_embargo", "_share"]),
     (1, ["_preview", "_publish", "_schedule", "_embargo", "_share", "_unpublish"]),
     (-1, ["_preview", "_schedule", "_share", "_unpublish"])],
    ids=["draft", "scheduled", "live"],
)
def test_change_form_buttons_are_all_in_the_form_after_djangos_own(officer_client, make_release, days, newsroom):
    publish_at = None if days is None else timezone.now() + datetime.timedelta(days=days)
    release = make_release(status="draft" if days is None else "published", publish_at=publish_at)

    html = officer_client.get(change_url(release)).content.decode()

    assert submit_buttons(html) == [*DJANGO_BUTTONS, *newsroom] * 2
    assert "Each of these buttons first saves what you typed, as “Save” does." in text_of(html, "form")
    # Nothing outside the form acts on the saved version while the form holds unsaved typing.
    assert [a["href"] for a in tags(html, "a") if a.get("href", "").startswith(f"/admin/press/pressrelease/{release.pk}/")
            and not a["href"].endswith(("/change/", "/history/", "/delete/"))] == []
    assert not tags(html, "select", name="change_form-action")


def test_change_form_has_the_newsroom_labels_and_prepopulated_slug(staff_client, make_release):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)

    html = staff_client.get(change_url(release)).content.decode()

    assert [(a["name"], a["value"]) for a in tags(html, "input", type="submit")][3:9] == [
        ("_preview", "Save and preview"), ("_publish", "Publish now"), ("_schedule", "Schedule for…"),
        ("_embargo", "Embargo until…"), ("_share", "Share a preview link"),
        ("_save", "Save"),
    ]
    assert 'id="django-admin-prepopulated-fields-constants"' in html
    assert "Draft: nobody outside the newsroom can see it." in text_of(html)


def test_add_form_has_the_newsroom_buttons(officer_client):
    html = officer_client.get(ADD_URL).content.decode()

    assert submit_buttons(html) == [*DJANGO_BUTTONS, "_preview", "_publish", "_schedule", "_embargo", "_share"] * 2


def test_view_only_staff_get_a_preview_link_and_no_buttons(client, make_release):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    client.force_login(make_staff_user("reader", ["press.view_pressrelease", "press.add_previewlink",
                                                  "press.publish_pressrelease"]))

    html = client.get(change_url(release)).content.decode()

    assert submit_buttons(html) == []
    assert [a["href"] for a in tags(html, "a") if a.get("href", "").endswith("/preview/")] == [
        release_url(release, "preview")
    ]


def test_change_form_says_where_a_scheduled_and_a_live_release_stand(staff_client, make_release, settings):
    settings.TIME_ZONE = "UTC"
    live = make_release(publish_at=datetime.datetime(2024, 3, 4, 9, 30, tzinfo=datetime.UTC))
    scheduled = make_release(publish_at=datetime.datetime(2999, 3, 4, 9, 30, tzinfo=datetime.UTC))

    pages = [text_of(staff_client.get(change_url(release)).content) for release in (live, scheduled)]

    assert [
        "Public since Monday 4 March 2024, 9:30am UTC." in pages[0],
        "Scheduled: goes public Monday 4 March 2999, 9:30am UTC." in pages[1],
    ] == [True, True]


def test_quote_speaker_and_topics_use_autocomplete(staff_client, make_release):
    html = staff_client.get(change_url(make_release())).content.decode()

    assert {s["name"] for s in tags(html, "select") if "admin-autocomplete" in (s.get("class") or "")} >= {
        "topics", "related_people", "media_contacts", "commission", "quotes-__prefix__-speaker",
    }


def _change_page_queries(staff_client, make_release, make_person, size) -> int:
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None,
                           quotes=[(make_person(), f"Quote {n}") for n in range(size)])
    for _ in range(size):
        services.create_preview_link(release=release, created_by=User.objects.get(username="admin"))
    staff_client.get(change_url(release))  # the session and user are read alike each time
    with CaptureQueriesContext(connection) as captured:
        assert staff_client.get(change_url(release)).status_code == 200
    return len(captured)


def test_change_page_queries_do_not_grow_with_quotes_and_preview_links(staff_client, make_release, make_person):
    # Each quote row names its speaker, each link row its release: loaded with the rows, not one by one.
    # The speaker's autocomplete widget reads each row's chosen person (one query per quote row,
    # Django's AutocompleteSelect), so that part grows by one per quote and is allowed for.
    one = _change_page_queries(staff_client, make_release, make_person, 1)
    eight = _change_page_queries(staff_client, make_release, make_person, 8)

    assert eight - one <= 7


# Preview, publish, schedule ---------------------------------------------------------------------------------------


def test_preview_button_shows_the_draft_with_a_banner(staff_client, make_release):
    release = make_release(title="Draft for preview", status=PressRelease.Status.DRAFT, publish_at=None,
                           body="Body **bold**.")

    preview = staff_client.get(f"/admin/press/pressrelease/{release.pk}/preview/")

    assert preview.status_code == 200
    assert "Preview. This is a draft: the public cannot see it." in text_of(preview.content, "body")
    assert "Draft for preview" in text_of(preview.content) and "<strong>bold</strong>" in preview.content.decode()
    assert preview["X-Robots-Tag"] == "noindex, nofollow"


def test_preview_is_the_public_page_plus_the_banner(staff_client, make_release, make_person, client, settings):
    # Without Chromium the public page has no "Download as PDF" link, which a preview never offers (it would
    # lead a draft's reader to a 404): the rest must be the same.
    settings.CHROMIUM_PATH = "/nonexistent/chromium"
    release = make_release(title="Live", body="Intro.\n\n[quote 1]", quotes=[(make_person(), "Said.")])

    preview = staff_client.get(f"/admin/press/pressrelease/{release.pk}/preview/").content.decode()
    public = client.get(release.get_absolute_url()).content.decode()

    main = re.compile(r"<main .*</main>", re.S)
    assert main.search(preview).group(0) == main.search(public).group(0)
    assert "Preview. This release is public; this is how it looks now." in text_of(preview, "body")


def test_preview_needs_an_admin_login(client, make_release):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)

    response = client.get(f"/admin/press/pressrelease/{release.pk}/preview/")

    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/admin/login/")


def test_save_and_preview_shows_what_was_typed(staff_client, make_release):
    release = make_release(title="Saved title", status=PressRelease.Status.DRAFT, publish_at=None)

    response = staff_client.post(change_url(release), pressing("_preview", change_data(release, title="Typed title")))
    preview = staff_client.get(response["Location"])

    assert (response.status_code, response["Location"]) == (302, release_url(release, "preview"))
    assert text_of(preview.content, "h1") == "Typed title"


def test_save_and_preview_of_a_new_release_goes_to_its_preview(staff_client):
    data = form_data(_preview="Save and preview", body="Only text.")
    del data["_save"]

    response = staff_client.post(ADD_URL, data)

    release = PressRelease.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/admin/press/pressrelease/{release.pk}/preview/")


PUBLISH_WARNING = (
    "This release will be public at once: on its own page and in the list of releases, in the RSS and Atom feeds, "
    "in search and in the sitemap. Readers and feed subscribers can read and share it straight away."
)


def test_publish_now_saves_what_is_typed_then_asks_before_publishing(officer_client, make_release, client):
    release = make_release(title="Saved title", status=PressRelease.Status.DRAFT, publish_at=None)

    pressed = officer_client.post(change_url(release), pressing("_publish", change_data(release, title="Typed title")))
    release.refresh_from_db()
    saved = (release.title, release.status)
    asked = officer_client.get(pressed["Location"])
    release.refresh_from_db()

    assert (pressed.status_code, pressed["Location"]) == (302, release_url(release, "publish"))
    assert saved == ("Typed title", "draft")
    assert messages_of(asked) == ["Your changes to “Typed title” are saved."]
    assert text_of(asked.content, "h1") == "Publish “Typed title” now?"
    assert PUBLISH_WARNING in text_of(asked.content, "body")
    assert tags(asked.content, "input", within="form", name="_confirm") == [
        {"type": "submit", "class": "default", "name": "_confirm", "value": "Confirm: publish now"}
    ]
    assert tags(asked.content, "a", **{"class": "closelink"}) == [{"href": change_url(release), "class": "closelink"}]
    assert release.status == "draft"

    confirmed = officer_client.post(release_url(release, "publish"), {"_confirm": "Confirm: publish now"}, follow=True)

    release.refresh_from_db()
    assert confirmed.redirect_chain == [(change_url(release), 302)]
    assert messages_of(confirmed)[0].startswith("“Typed title” is public since ")
    assert release.status == "published" and timezone.now() - release.publish_at < datetime.timedelta(minutes=1)
    history = text_of(officer_client.get(f"/admin/press/pressrelease/{release.pk}/history/").content, "body")
    assert "“Typed title” is public since " in history  # the admin's history says what was done, not only saved
    assert text_of(client.get(release.get_absolute_url()).content, "h1") == "Typed title"


def test_publish_now_with_an_error_in_the_form_saves_and_publishes_nothing(officer_client, make_release):
    release = make_release(title="Saved title", slug="saved", status=PressRelease.Status.DRAFT, publish_at=None)
    make_release(slug="taken")

    response = officer_client.post(change_url(release), pressing(
        "_publish", change_data(release, title="Typed title", slug="taken", body="Typed body."),
    ))

    release.refresh_from_db()
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == ["Press release with this Slug already exists."]
    assert [t.get("value") for t in tags(response.content, "input", name="title")] == ["Typed title"]
    assert "Typed body." in response.content.decode()
    assert (release.title, release.body, release.status) == ("Saved title", release.body, "draft")


def test_publish_page_only_asks_and_posting_without_confirming_publishes_nothing(officer_client, make_release):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)

    asked = officer_client.get(release_url(release, "publish"))
    unconfirmed = officer_client.post(release_url(release, "publish"))

    release.refresh_from_db()
    assert (asked.status_code, unconfirmed.status_code, release.status) == (200, 200, "draft")


def test_publish_page_of_a_scheduled_release_says_it_brings_it_forward(officer_client, make_release, settings):
    settings.TIME_ZONE = "UTC"
    release = make_release(publish_at=datetime.datetime(2999, 3, 4, 9, 30, tzinfo=datetime.UTC))

    asked = officer_client.get(release_url(release, "publish"))

    assert (
        "It is scheduled to go public on Monday 4 March 2999, 9:30am UTC; publishing now brings it forward."
    ) in text_of(asked.content, "body")


def test_publish_page_of_a_live_release_says_so_and_changes_nothing(officer_client, make_release, settings):
    settings.TIME_ZONE = "UTC"
    moment = datetime.datetime(2024, 3, 4, 9, 30, tzinfo=datetime.UTC)
    release = make_release(title="Live one", publish_at=moment)

    response = officer_client.post(release_url(release, "publish"), {"_confirm": "1"}, follow=True)

    release.refresh_from_db()
    assert response.redirect_chain == [(change_url(release), 302)]
    assert messages_of(response) == ["“Live one” is already public, since Monday 4 March 2024, 9:30am UTC."]
    assert release.publish_at == moment


def test_publish_now_on_the_add_form_saves_the_new_release_then_asks(officer_client):
    response = officer_client.post(ADD_URL, pressing("_publish", form_data(body="Only text.")))

    release = PressRelease.objects.get()
    assert (response.status_code, response["Location"]) == (302, release_url(release, "publish"))
    assert (release.title, release.status) == ("Commission to give evidence", "draft")


def test_schedule_saves_what_is_typed_then_asks_for_the_time(officer_client, make_release):
    release = make_release(title="Saved title", status=PressRelease.Status.DRAFT, publish_at=None)

    pressed = officer_client.post(change_url(release), pressing("_schedule", change_data(release, body="Typed.")))
    asked = officer_client.get(pressed["Location"])

    release.refresh_from_db()
    assert (pressed.status_code, pressed["Location"]) == (302, release_url(release, "schedule"))
    assert (release.body, release.status) == ("Typed.", "draft")
    assert messages_of(asked) == ["Your changes to “Saved title” are saved."]
    assert text_of(asked.content, "h1") == "Schedule “Saved title”"


def test_return_to_draft_saves_what_is_typed_then_asks_before_taking_the_release_off_the_site(
        officer_client, make_release, client, press_officer):
    release = make_release(title="Live one", body="Old.")
    embargoed = embargo.embargo_release(
        release=make_release(title="Under embargo", status=PressRelease.Status.DRAFT, publish_at=None),
        until=timezone.now() + datetime.timedelta(days=1), zone="Europe/London", by=press_officer)
    embargo.send_embargoed(release=embargoed, journalists=[make_journalist()], by=press_officer)

    asked = officer_client.post(change_url(release), pressing("_unpublish", change_data(release, body="Typed.")),
                                follow=True)

    release.refresh_from_db()
    assert asked.redirect_chain == [(release_url(release, "unpublish"), 302)]
    assert messages_of(asked) == ["Your changes to “Live one” are saved."]
    assert (release.body, release.status) == ("Typed.", "published")  # saved, and still public until confirmed
    assert text_of(asked.content, "h1") == "Return “Live one” to draft?"
    assert "comes off the public site at once" in text_of(asked.content, "body")
    assert text_of(asked.content, "main").count("Public since ") == 1
    # A release sent under embargo says how many journalists' copies stop.
    about_embargoed = officer_client.get(release_url(embargoed, "unpublish"))
    assert "the copy sent to 1 journalist under embargo stops" in text_of(about_embargoed.content, "main")

    confirmed = officer_client.post(release_url(release, "unpublish"), {"_confirm": "Confirm: return to draft"},
                                    follow=True)

    release.refresh_from_db()
    assert confirmed.redirect_chain == [(change_url(release), 302)]
    assert messages_of(confirmed) == ["“Live one” is a draft again: it is off the public site."]
    assert release.status == "draft"
    assert client.get(release.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("button", ["_save", "_continue", "_preview"])
def test_saving_a_live_release_with_the_status_draft_saves_the_typing_then_asks_before_returning_it(
        officer_client, make_release, client, button):
    release = make_release(title="Live one", body="Old.")

    saved = officer_client.post(change_url(release), pressing(button, change_data(
        release, body="Typed.", status="draft", change_kind="minor")), follow=True)

    release.refresh_from_db()
    assert saved.redirect_chain == [(release_url(release, "unpublish"), 302)]
    assert (release.body, release.status) == ("Typed.", "published")  # saved, and still public until confirmed
    assert client.get(release.get_absolute_url()).status_code == 200
    assert messages_of(saved)[-1] == ("Your changes to “Live one” are saved, but it is not a draft yet: returning "
                                      "it to draft asks first, as “Return to draft” does.")
    assert text_of(saved.content, "h1") == "Return “Live one” to draft?"


def _next_summer():
    year = timezone.now().year + 1
    return year, datetime.datetime(year, 7, 1, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def test_schedule_shows_site_zone_and_utc_before_confirming(staff_client, make_release, settings):
    settings.TIME_ZONE = "Europe/London"
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    year, moment = _next_summer()
    url = f"/admin/press/pressrelease/{release.pk}/schedule/"

    form_page = staff_client.get(url)
    confirm = staff_client.post(url, {"publish_at_0": f"{year}-07-01", "publish_at_1": "10:00"})

    assert "In the site's time zone, Europe/London." in text_of(form_page.content)
    assert (
        f"The release will go public on {moment:%A} 1 July {year}, 10:00am BST (Europe/London) · 9:00am UTC."
    ) in text_of(confirm.content)
    release.refresh_from_db()
    assert release.status == "draft"

    done = staff_client.post(url, {"publish_at_0": f"{year}-07-01", "publish_at_1": "10:00", "_confirm": "1"})

    release.refresh_from_db()
    assert (done.status_code, release.status, release.publish_at) == (302, "published", moment)
    assert list(PressRelease.objects.published()) == []


def test_schedule_writes_times_in_the_house_style_with_the_utc_date_when_it_differs(
    staff_client, make_release, settings,
):
    settings.TIME_ZONE = "Asia/Almaty"  # UTC+5, no letters of its own
    settings.TIME_STYLE = "12h-dot"
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    year = timezone.now().year + 1
    moment = datetime.datetime(year, 7, 1, 2, 30, tzinfo=ZoneInfo("Asia/Almaty"))

    confirm = staff_client.post(f"/admin/press/pressrelease/{release.pk}/schedule/",
                                {"publish_at_0": f"{year}-07-01", "publish_at_1": "02:30"})

    before = moment.astimezone(datetime.UTC)
    assert (
        f"go public on {moment:%A} 1 July {year}, 2.30am UTC+5 (Asia/Almaty) · 9.30pm UTC, {before:%A} 30 June."
    ) in text_of(confirm.content)


@pytest.mark.parametrize(
    ("date", "time", "message"),
    [("2020-01-01", "10:00", "Choose a time in the future; to publish now, use “Publish now”."),
     ("soon", "10:00", "Enter a date as YYYY-MM-DD."),
     ("2030-01-01", "half past", "Enter a time as HH:MM."),
     ("", "", "This field is required.")],
)
def test_schedule_refuses_past_or_unparseable_times(staff_client, make_release, date, time, message):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)

    response = staff_client.post(f"/admin/press/pressrelease/{release.pk}/schedule/",
                                 {"publish_at_0": date, "publish_at_1": time, "_confirm": "1"})

    assert response.status_code == 200
    assert message in text_of(response.content)
    release.refresh_from_db()
    assert release.status == "draft"


def test_publish_and_return_to_draft_actions(staff_client, make_release):
    draft = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    live = make_release()

    staff_client.post("/admin/press/pressrelease/", {"action": "publish_now", "_selected_action": [draft.pk],
                                                     "post": "yes"})
    asked = staff_client.post("/admin/press/pressrelease/", {"action": "return_to_draft",
                                                             "_selected_action": [live.pk]})
    live.refresh_from_db()
    assert (text_of(asked.content, "h1"), live.status) == ("Return 1 release to draft?", "published")
    staff_client.post("/admin/press/pressrelease/", {"action": "return_to_draft", "_selected_action": [live.pk],
                                                     "post": "yes"})

    draft.refresh_from_db()
    live.refresh_from_db()
    assert (draft.status, live.status) == ("published", "draft")


def test_return_to_draft_action_asks_in_a_fixed_number_of_queries_naming_each_releases_copies(
        officer_client, make_release, press_officer):
    def embargoed(title):
        release = embargo.embargo_release(
            release=make_release(title=title, status=PressRelease.Status.DRAFT, publish_at=None),
            until=timezone.now() + datetime.timedelta(days=1), zone="Europe/London", by=press_officer)
        embargo.send_embargoed(release=release, journalists=[make_journalist(), make_journalist()],
                               by=press_officer)
        return release

    def ask(releases):
        with CaptureQueriesContext(connection) as queries:
            page = officer_client.post(CHANGELIST_URL, {"action": "return_to_draft",
                                                        "_selected_action": [r.pk for r in releases]})
        return page, len(queries)

    _one, one = ask([embargoed("First")])
    page, three = ask([embargoed("Second"), embargoed("Third"), make_release(title="Live one")])

    assert three == one
    notes = text_of(page.content, "main")
    assert notes.count("the copies sent to 2 journalists under embargo stop") == 2
    assert "Live one — public since " in notes


@pytest.mark.parametrize(("action", "queries"), [("publish_now", 9), ("return_to_draft", 10),
                                                  ("delete_selected", 24)])
def test_a_list_actions_confirmation_page_fetches_nothing_the_lists_columns_prefetch(
        officer_client, make_release, make_topic, make_person, django_assert_num_queries, action, queries):
    releases = [make_release(title=f"Draft {n}", status=PressRelease.Status.DRAFT, publish_at=None) for n in range(3)]
    for release in releases:
        release.topics.set([make_topic()])
        Quote.objects.create(release=release, speaker=make_person(), text="Said.", order=1)
    chosen = {"action": action, "_selected_action": [release.pk for release in releases]}
    officer_client.post(CHANGELIST_URL, chosen)  # the site's name in the header is read once, then cached

    # The session, the user and their permissions (4), the list's filters and counts (4), the releases (1), and
    # what the page says of them: journalists' copies (return to draft), what deleting takes with them (delete):
    # not the topics, language versions and quotes the list's columns read.
    with django_assert_num_queries(queries):
        asked = officer_client.post(CHANGELIST_URL, chosen)

    assert asked.status_code == 200
    assert all(release.title in text_of(asked.content, "main") for release in releases)


def test_actions_report_how_many_releases_they_changed(staff_client, make_release):
    drafts = [make_release(status=PressRelease.Status.DRAFT, publish_at=None) for _ in range(2)]
    live = make_release()

    published = staff_client.post("/admin/press/pressrelease/", {
        "action": "publish_now", "_selected_action": [release.pk for release in drafts], "post": "yes",
    }, follow=True)
    returned = staff_client.post("/admin/press/pressrelease/", {
        "action": "return_to_draft", "_selected_action": [live.pk], "post": "yes",
    }, follow=True)

    assert [str(message) for message in published.context["messages"]] == ["2 releases published."]
    assert [str(message) for message in returned.context["messages"]] == ["1 release is a draft again."]


def test_publish_now_action_asks_first_naming_the_releases(officer_client, make_release):
    draft = make_release(title="A draft", status=PressRelease.Status.DRAFT, publish_at=None)
    scheduled = make_release(title="Scheduled one", publish_at=timezone.now() + datetime.timedelta(days=1))
    live = make_release(title="Live one")
    chosen = {"action": "publish_now", "_selected_action": [draft.pk, scheduled.pk, live.pk]}

    asked = officer_client.post(CHANGELIST_URL, chosen)

    page = text_of(asked.content, "body")
    assert (asked.status_code, text_of(asked.content, "h1")) == (200, "Publish 3 releases now?")
    assert ("These releases will be public at once: on their own pages and in the list of releases, in the RSS and "
            "Atom feeds, in search and in the sitemap.") in page
    chosen_list = re.search(r'<ul class="chosen">.*?</ul>', asked.content.decode(), re.S).group(0)
    assert sorted(text_of(f"<li>{item}</li>", "li") for item in re.findall(r"<li>(.*?)</li>", chosen_list, re.S)) == [
        "A draft", "Live one — already public: it stays as it is",
        "Scheduled one — scheduled: publishing now brings it forward",
    ]
    assert sorted(int(i["value"]) for i in tags(asked.content, "input", name="_selected_action")) == sorted(
        chosen["_selected_action"])
    assert list(PressRelease.objects.drafts()) == [draft]

    done = officer_client.post(CHANGELIST_URL, {**chosen, "post": "yes"}, follow=True)

    assert messages_of(done) == ["3 releases published."]
    assert list(PressRelease.objects.drafts()) == []
    assert PressRelease.objects.published().count() == 3


# Preview links --------------------------------------------------------------------------------------------------


def test_share_saves_what_is_typed_then_makes_a_link_shown_on_the_release(staff_client, admin_user, make_release,
                                                                         client, settings):
    settings.SITE_URL = "https://press.example.org"
    release = make_release(title="Draft to share", status=PressRelease.Status.DRAFT, publish_at=None)

    response = staff_client.post(change_url(release), pressing("_share", change_data(release, title="Typed title")),
                                 follow=True)

    link = PreviewLink.objects.get()
    address = f"https://press.example.org{link.get_absolute_url()}"
    assert response.redirect_chain == [(change_url(release), 302)]  # the message at the top is in view
    assert messages_of(response)[0].startswith("Your changes are saved. Preview link created, valid until ")
    assert f'Send this address: <input type="text" readonly class="preview-address" value="{address}"' in (
        messages_of(response)[0])
    assert tags(response.content, "input", value=address)
    assert (link.created_by, link.expires_at - link.created_at) == (admin_user, datetime.timedelta(days=7))
    assert text_of(client.get(link.get_absolute_url()).content, "h1") == "Typed title"


def test_uses_of_a_preview_link_are_visible_in_admin_and_revoking_stops_it(staff_client, admin_user, make_release,
                                                                          client):
    release = make_release(title="Draft to share", status=PressRelease.Status.DRAFT, publish_at=None)
    link = services.create_preview_link(release=release, created_by=admin_user)
    client.get(link.get_absolute_url())
    client.get(link.get_absolute_url())

    changelist = staff_client.get("/admin/press/previewlink/")
    detail = staff_client.get(f"/admin/press/previewlink/{link.pk}/change/")
    staff_client.post("/admin/press/previewlink/", {"action": "revoke", "_selected_action": [link.pk], "post": "yes"})

    assert "Draft to share" in text_of(changelist.content, "tbody") and "Active" in text_of(changelist.content, "tbody")
    assert '<td class="field-use_count">2</td>' in changelist.content.decode()
    openings = re.search(r'<ol class="openings">(.*?)</ol>', detail.content.decode()).group(1)
    assert openings.count("<li>") == 2  # each opening once
    assert link.uses.count() == 2
    assert client.get(link.get_absolute_url()).status_code == 410
    assert "Revoked" in text_of(staff_client.get("/admin/press/previewlink/").content, "tbody")


def test_revoke_action_reports_how_many_links_it_revoked(staff_client, admin_user, make_release):
    links = [services.create_preview_link(release=make_release(), created_by=admin_user) for _ in range(2)]

    response = staff_client.post("/admin/press/previewlink/", {
        "action": "revoke", "_selected_action": [link.pk for link in links], "post": "yes",
    }, follow=True)

    assert [str(message) for message in response.context["messages"]] == ["2 links revoked."]


def test_preview_links_cannot_be_added_or_deleted_directly(staff_client, admin_user, make_release):
    link = services.create_preview_link(release=make_release(), created_by=admin_user)

    assert staff_client.get("/admin/press/previewlink/add/").status_code == 403
    assert staff_client.get(f"/admin/press/previewlink/{link.pk}/delete/").status_code == 403


# The press officer ----------------------------------------------------------------------------------------------


def test_press_officer_runs_the_newsroom_without_being_superuser(officer_client, press_officer, make_person, client):
    speaker = make_person()
    data = with_quotes(form_data(), {"order": "1", "speaker": str(speaker.pk), "text": "Said."})

    assert not press_officer.is_superuser
    assert officer_client.post(ADD_URL, data).status_code == 302
    release = PressRelease.objects.get()
    assert officer_client.get(release_url(release, "preview")).status_code == 200
    quote = release.quotes.get()
    shown = with_quotes(change_data(release), {"id": str(quote.pk), "release": str(release.pk), "order": "1",
                                               "speaker": str(speaker.pk), "text": "Said."}, initial=1)
    assert officer_client.post(change_url(release), pressing("_share", shown)).status_code == 302
    assert officer_client.post(change_url(release), pressing("_publish", shown)).status_code == 302
    assert officer_client.post(release_url(release, "publish"), {"_confirm": "1"}).status_code == 302
    assert client.get(release.get_absolute_url()).status_code == 200
    assert officer_client.get("/admin/press/previewlinkuse/").status_code == 200
    autocomplete = officer_client.get("/admin/autocomplete/", {
        "app_label": "press", "model_name": "quote", "field_name": "speaker", "term": speaker.short_name,
    })
    assert [r["id"] for r in autocomplete.json()["results"]] == [str(speaker.pk)]


@pytest.mark.parametrize(
    "url",
    ["/admin/auth/user/", "/admin/auth/group/", "/admin/commission/commission/add/", "/admin/commission/person/1/delete/"],
)
def test_press_officer_cannot_manage_accounts_or_the_commission_itself(officer_client, commission, make_person, url):
    make_person()

    assert officer_client.get(url).status_code == 403


# Permissions enforced on the server -----------------------------------------------------------------------------------
# The release admin refuses on the server what a user's permissions do not allow, whatever is posted: the form, the buttons, the pages behind them, the list actions and deletion (press/admin/, press/services.py).


CANNOT_PUBLISH = (
    "Your account may not publish, schedule or return press releases to draft: ask a press officer who may."
)
CANNOT_SHARE = "Your account may not share preview links: ask a press officer who may."


@pytest.fixture
def editor(django_user_model):
    """Staff who may add and edit releases, but not publish, share, revoke or delete."""
    return staff_with("add_pressrelease", "change_pressrelease", "view_pressrelease")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def stored(release):
    release.refresh_from_db()
    return release.status, release.publish_at


# Status and publication time --------------------------------------------------------------------------------------


def test_status_and_publication_time_are_read_only_without_the_publish_permission(editor_client, make_release):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)

    html = editor_client.get(change_url(release)).content.decode()

    assert tags(html, "select", name="status") == []
    assert tags(html, "input", name="publish_at_0") == []
    assert text_of(html, "form").count("Status: Draft") == 1


def test_officer_sets_status_and_publication_time_in_the_form(officer_client, make_release):
    html = officer_client.get(change_url(make_release())).content.decode()

    assert [len(tags(html, "select", name="status")), len(tags(html, "input", name="publish_at_0"))] == [1, 1]


def test_posting_status_and_time_without_the_publish_permission_publishes_nothing(editor_client, make_release):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)

    response = editor_client.post(change_url(release), change_data(
        release, title="Edited title", status="published", publish_at_0="2023-01-17", publish_at_1="12:00",
    ))

    assert response.status_code == 302
    assert stored(release) == ("draft", None)
    assert (release.title, release.first_published_at) == ("Edited title", None)  # the rest of the edit is saved
    assert list(PressRelease.objects.published()) == []


@pytest.mark.parametrize(
    ("days", "posted"),
    [(1, {"status": "published", "publish_at_0": "2020-01-01", "publish_at_1": "09:00"}),
     (1, {"status": "draft"}),
     (-1, {"status": "draft", "publish_at_0": "", "publish_at_1": ""})],
    ids=["scheduled brought forward", "scheduled to draft", "live to draft"],
)
def test_posting_a_new_status_or_time_of_a_published_release_changes_neither(editor_client, make_release, days,
                                                                             posted):
    release = make_release(publish_at=timezone.now() + datetime.timedelta(days=days))
    before = stored(release)

    response = editor_client.post(change_url(release), change_data(release, **posted))

    assert response.status_code == 302
    assert stored(release) == before


def test_adding_a_published_release_without_the_publish_permission_makes_a_draft(editor_client):
    response = editor_client.post(ADD_URL, form_data(
        body="Text.", status="published", publish_at_0="2023-01-17", publish_at_1="12:00",
    ))

    assert response.status_code == 302
    assert list(PressRelease.objects.values_list("status", "publish_at")) == [("draft", None)]


# The buttons, the pages they lead to, the list actions ---------------------------------------------------------


@pytest.mark.parametrize(
    ("button", "reason"),
    [("_publish", CANNOT_PUBLISH), ("_schedule", CANNOT_PUBLISH), ("_unpublish", CANNOT_PUBLISH),
     ("_share", CANNOT_SHARE), ("_embargo", CANNOT_PUBLISH)],
)
def test_buttons_without_the_permission_save_the_typing_and_do_nothing_else(editor_client, make_release, button,
                                                                            reason):
    release = make_release(title="Scheduled one", body="Old.", publish_at=timezone.now() + datetime.timedelta(days=1))
    before = stored(release)

    response = editor_client.post(change_url(release), pressing(button, change_data(release, body="Typed.")),
                                  follow=True)

    assert response.redirect_chain == [(change_url(release), 302)]
    assert messages_of(response) == [
        f"Your changes to “Scheduled one” are saved, but nothing else was done. {reason}"
    ]
    assert (stored(release), release.body, PreviewLink.objects.count()) == (before, "Typed.", 0)


def test_change_form_shows_only_the_buttons_the_user_may_press(client, django_user_model, make_release):
    user = staff_with("view_pressrelease", "change_pressrelease")
    client.force_login(user)
    release = make_release(publish_at=timezone.now() + datetime.timedelta(days=1))

    def newsroom_buttons():
        html = client.get(change_url(release)).content
        return [attrs["name"] for attrs in tags(html, "input", type="submit") if attrs["name"] not in {
            "_save", "_addanother", "_continue"}][:5]

    editing = newsroom_buttons()
    user.user_permissions.add(Permission.objects.get(codename="add_previewlink"))
    sharing = newsroom_buttons()
    user.user_permissions.add(Permission.objects.get(codename="publish_pressrelease"))
    publishing = newsroom_buttons()

    assert (editing, sharing, publishing) == (
        ["_preview", "_preview"],
        ["_preview", "_share", "_preview", "_share"],
        ["_preview", "_publish", "_schedule", "_embargo", "_share"],
    )


@pytest.mark.parametrize(
    ("action", "post"),
    [("publish", {"_confirm": "Confirm: publish now"}),
     ("schedule", {"publish_at_0": "2999-01-01", "publish_at_1": "10:00", "_confirm": "Confirm schedule"})],
)
def test_publish_and_schedule_pages_refuse_staff_who_may_not_publish(editor_client, make_release, action, post):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)

    shown = editor_client.get(release_url(release, action))
    posted = editor_client.post(release_url(release, action), post)

    assert (shown.status_code, posted.status_code, stored(release)) == (403, 403, ("draft", None))


@pytest.mark.parametrize(("action", "days"), [("publish_now", None), ("return_to_draft", -1)])
def test_list_actions_refuse_staff_who_may_not_publish(editor_client, make_release, action, days):
    release = make_release(status="draft" if days is None else "published",
                           publish_at=None if days is None else timezone.now() + datetime.timedelta(days=days))
    before = stored(release)

    response = editor_client.post(CHANGELIST_URL, {"action": action, "_selected_action": [release.pk]})

    assert (response.status_code, stored(release)) == (403, before)


def test_list_actions_are_offered_only_to_staff_who_may_publish(editor_client, make_release):
    make_release()

    html = editor_client.get(CHANGELIST_URL).content

    assert [option.get("value") for option in tags(html, "option") if option.get("value")] == []


# Preview links ----------------------------------------------------------------------------------------------------


@pytest.fixture
def link_viewer_client(client, django_user_model):
    """Staff who may read releases and preview links, but not revoke links."""
    client.force_login(staff_with("view_pressrelease", "view_previewlink"))
    return client


def test_revoking_refuses_staff_who_may_only_view_links(link_viewer_client, make_release, press_officer, client):
    link = services.create_preview_link(release=make_release(), created_by=press_officer)

    from_list = link_viewer_client.post("/admin/press/previewlink/",
                                        {"action": "revoke", "_selected_action": [link.pk], "post": "yes"})
    from_form = link_viewer_client.post(f"/admin/press/previewlink/{link.pk}/change/",
                                        {"CHANGE_FORM-action": "revoke", "_selected_action": [link.pk],
                                         "post": "yes"})

    link.refresh_from_db()
    assert (from_list.status_code, from_form.status_code) == (403, 403)
    assert (link.revoked_at, client.get(link.get_absolute_url()).status_code) == (None, 200)


def test_preview_link_lists_name_only_the_releases_the_user_may_view(client, django_user_model, make_release,
                                                                    hidden_releases, press_officer):
    for release in [make_release(title="Live one"), *hidden_releases.values()]:
        link = services.create_preview_link(release=release, created_by=press_officer)
        client.get(link.get_absolute_url())
    client.force_login(staff_with("view_previewlink", "view_previewlinkuse"))

    links = client.get("/admin/press/previewlink/")
    uses = client.get("/admin/press/previewlinkuse/")

    assert [str(link.release) for link in links.context["cl"].result_list] == ["Live one"]
    assert "zeppelins" not in text_of(links.content, "body") + text_of(uses.content, "body")
    assert [use.link.release.title for use in uses.context["cl"].result_list] == ["Live one"]


# Deleting ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("days", [-1, 1], ids=["live", "scheduled"])
def test_officer_cannot_delete_a_live_or_scheduled_release(officer_client, make_release, days):
    release = make_release(publish_at=timezone.now() + datetime.timedelta(days=days))

    form = officer_client.get(change_url(release))
    shown = officer_client.get(release_url(release, "delete"))
    posted = officer_client.post(release_url(release, "delete"), {"post": "yes"})

    assert tags(form.content, "a", **{"class": "deletelink"}) == []
    assert (shown.status_code, posted.status_code) == (403, 403)
    assert PressRelease.objects.filter(pk=release.pk).exists()


def test_officer_deletes_a_draft_with_its_preview_links_after_confirming(officer_client, press_officer,
                                                                         make_release, client):
    release = make_release(title="Old draft", status=PressRelease.Status.DRAFT, publish_at=None)
    link = services.create_preview_link(release=release, created_by=press_officer)
    client.get(link.get_absolute_url())

    asked = officer_client.get(release_url(release, "delete"))
    done = officer_client.post(release_url(release, "delete"), {"post": "yes"}, follow=True)

    assert "Are you sure you want to delete the press release “Old draft”?" in text_of(asked.content, "body")
    assert messages_of(done) == ["The press release “Old draft” was deleted successfully."]
    assert (PressRelease.objects.count(), PreviewLink.objects.count()) == (0, 0)


@pytest.mark.parametrize("confirmed", [False, True], ids=["asking", "posting the confirmation"])
def test_delete_selected_refuses_when_a_live_release_is_chosen(officer_client, make_release, confirmed):
    draft = make_release(title="A draft", status=PressRelease.Status.DRAFT, publish_at=None)
    live = make_release(title="Live one")
    post = {"action": "delete_selected", "_selected_action": [draft.pk, live.pk]}
    if confirmed:
        post["post"] = "yes"

    response = officer_client.post(CHANGELIST_URL, post, follow=True)

    assert response.redirect_chain == [(CHANGELIST_URL, 302)]
    assert messages_of(response) == [
        "Nothing was deleted. “Live one” is public or scheduled: return it to draft before deleting it."
    ]
    assert PressRelease.objects.count() == 2


def test_delete_selected_deletes_drafts_after_djangos_confirmation(officer_client, make_release):
    drafts = [make_release(status=PressRelease.Status.DRAFT, publish_at=None) for _ in range(2)]
    post = {"action": "delete_selected", "_selected_action": [draft.pk for draft in drafts]}

    asked = officer_client.post(CHANGELIST_URL, post)
    done = officer_client.post(CHANGELIST_URL, {**post, "post": "yes"}, follow=True)

    assert "Are you sure you want to delete the selected press releases?" in text_of(asked.content, "body")
    assert messages_of(done) == ["Successfully deleted 2 press releases."]
    assert PressRelease.objects.count() == 0


def test_superuser_deletes_a_live_release_after_confirming(staff_client, make_release):
    release = make_release(title="Live one")

    asked = staff_client.get(release_url(release, "delete"))
    done = staff_client.post(release_url(release, "delete"), {"post": "yes"})

    assert "Are you sure you want to delete the press release “Live one”?" in text_of(asked.content, "body")
    assert done.status_code == 302
    assert PressRelease.objects.count() == 0


def test_staff_without_the_delete_permission_cannot_delete_a_draft(editor_client, make_release):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)

    shown = editor_client.get(release_url(release, "delete"))
    posted = editor_client.post(release_url(release, "delete"), {"post": "yes"})
    action = editor_client.post(CHANGELIST_URL, {"action": "delete_selected", "_selected_action": [release.pk],
                                                 "post": "yes"})

    assert (shown.status_code, posted.status_code, action.status_code) == (403, 403, 403)
    assert PressRelease.objects.count() == 1


def test_release_list_writes_publication_times_in_the_house_style(admin_client, make_release):
    make_release(publish_at=datetime.datetime(2023, 1, 17, 9, 30, tzinfo=datetime.UTC))

    page = admin_client.get("/admin/press/pressrelease/").content.decode()

    assert "17 Jan 2023, 9:30am UTC" in page
    assert "a.m." not in page


# Two press officers on one release

def opened(client, release) -> str:
    """The fingerprint the change page carries of the release as it was when the page was made."""
    [field] = tags(client.get(change_url(release)).content, "input", name="loaded_as")
    return field["value"]


def test_a_save_over_another_officers_later_save_is_refused_once_keeping_the_typing(officer_client, make_release):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None, title="Old title", body="Old body.")
    loaded_as = opened(officer_client, release)
    PressRelease.objects.filter(pk=release.pk).update(title="Their new title")  # the other officer's save

    refused = officer_client.post(change_url(release), change_data(release, body="My new body.",
                                                                   loaded_as=loaded_as))

    assert refused.status_code == 200
    assert "Someone else saved this press release after you opened this page." in text_of(refused.content, "main")
    assert "My new body." in refused.content.decode()  # what was typed, kept
    release.refresh_from_db()
    assert (release.title, release.body) == ("Their new title", "Old body.")
    # The page it answers with carries the release as it is now: saving again is a choice, and works.
    [again] = tags(refused.content, "input", name="loaded_as")
    saved = officer_client.post(change_url(release), change_data(release, body="My new body.",
                                                                 loaded_as=again["value"]))
    assert saved.status_code == 302
    release.refresh_from_db()
    assert release.body == "My new body."


def test_a_save_of_only_the_topics_or_a_language_version_also_counts_as_another_officers_save(
        officer_client, make_release, make_topic, client):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None, title="Old title")
    version = make_release_version(release, "ru")
    loaded_as = opened(officer_client, release)
    other = Client()
    other.force_login(make_staff_user("other-officer", ["press.change_pressrelease", "press.view_pressrelease",
                                                        "press.change_releasetranslation"]))
    other.post(change_url(release), change_data(release, topics=[str(make_topic("Detention").pk)]))
    refused_after_topics = officer_client.post(change_url(release), change_data(release, loaded_as=loaded_as))

    loaded_as = opened(officer_client, release)
    release.refresh_from_db()
    version_page = f"/admin/press/releasetranslation/{version.pk}/change/"
    fields = {**{name: getattr(version, name) for name in ("slug", "title", "standfirst", "body",
                                                             "notes_to_editors")},
              "language": "ru", "title": "Новый заголовок", "ready": "on"}
    assert other.post(version_page, fields).status_code == 302
    refused_after_version = officer_client.post(change_url(release), change_data(release, loaded_as=loaded_as))

    for refused in (refused_after_topics, refused_after_version):
        assert refused.status_code == 200
        assert "Someone else saved this press release" in text_of(refused.content, "main")


def test_a_page_opened_before_a_return_to_draft_cannot_publish_the_release_again(officer_client, make_release,
                                                                                 press_officer):
    release = make_release(title="Live release")
    loaded_as = opened(officer_client, release)
    services.unpublish_release(release=release, by=press_officer)  # another officer, from the list

    response = officer_client.post(change_url(release), change_data(
        release, status=PressRelease.Status.PUBLISHED, title="Live release, typo fixed", loaded_as=loaded_as))

    assert response.status_code == 200
    assert "Someone else saved this press release" in text_of(response.content, "main")
    assert not PressRelease.objects.published().filter(pk=release.pk).exists()


def test_the_topic_search_of_the_release_form_lists_topics_by_name(staff_client, make_topic):
    for name in ["Zeppelins", "Airships", "Mamay", "Courts"]:
        make_topic(name)

    response = staff_client.get("/admin/autocomplete/", {"app_label": "press", "model_name": "pressrelease",
                                                         "field_name": "topics", "term": ""})

    assert [result["text"] for result in response.json()["results"]] == ["Airships", "Courts", "Mamay", "Zeppelins"]


# A page that asks before acting, shown before another officer changed the release --------------------------------


def alerts_queued(callbacks) -> list:
    """The release alerts among what a request left to run on commit (the page cache's bump is the other)."""
    return [callback for callback in callbacks if getattr(callback, "func", None) is tasks.queue_release_alerts]


@pytest.mark.parametrize(
    ("action", "status", "publish_at"),
    [("publish", PressRelease.Status.DRAFT, None),
     ("unpublish", PressRelease.Status.PUBLISHED, datetime.timedelta(days=-1))],
    ids=["publish", "return to draft"],
)
def test_confirming_a_page_shown_before_another_officers_change_does_nothing_and_asks_again(
        officer_client, make_release, django_capture_on_commit_callbacks, action, status, publish_at):
    release = make_release(title="Hearing dates", body="Vetted body.", status=status,
                           publish_at=publish_at and timezone.now() + publish_at)
    asked = officer_client.get(release_url(release, action))
    confirming = form_fields(asked.content, "_confirm")
    another_officers_save(release, body="Their unvetted body.")
    before = stored(release)

    with django_capture_on_commit_callbacks() as queued:
        refused = officer_client.post(release_url(release, action), confirming)

    assert refused.status_code == 200
    assert changed_since_shown("Hearing dates") in text_of(refused.content, "body")
    assert tags(refused.content, "a", href=release_url(release, "preview")) == [{"href": release_url(release, "preview")}]
    assert text_of(refused.content, "h1") == text_of(asked.content, "h1")
    assert (stored(release), release.body, queued) == (before, "Their unvetted body.", [])
    # The page asks again about the release as it is now: confirming it, knowing, acts.
    again = form_fields(refused.content, "_confirm")
    assert again["loaded_as"] != confirming["loaded_as"]
    assert officer_client.post(release_url(release, action), again).status_code == 302
    assert stored(release)[0] != status


@pytest.mark.parametrize(
    ("action", "status", "publish_at", "queued"),
    [("publish", PressRelease.Status.DRAFT, None, 1),
     ("unpublish", PressRelease.Status.PUBLISHED, datetime.timedelta(days=-1), 0)],
    ids=["publish", "return to draft"],
)
def test_confirming_a_page_shown_of_the_release_as_it_still_is_acts(
        officer_client, make_release, django_capture_on_commit_callbacks, action, status, publish_at, queued):
    release = make_release(title="Hearing dates", status=status, publish_at=publish_at and timezone.now() + publish_at)
    confirming = form_fields(officer_client.get(release_url(release, action)).content, "_confirm")

    with django_capture_on_commit_callbacks() as callbacks:
        done = officer_client.post(release_url(release, action), confirming, follow=True)

    assert done.redirect_chain == [(change_url(release), 302)]
    assert stored(release)[0] == ("published" if action == "publish" else "draft")
    assert len(alerts_queued(callbacks)) == queued  # publishing queues the release's alerts
    assert not any("changed by someone else" in message for message in messages_of(done))


@pytest.mark.parametrize("changed", ["before continuing", "after continuing"])
def test_confirming_a_schedule_shown_before_another_officers_change_does_nothing_and_keeps_the_time(
        officer_client, make_release, django_capture_on_commit_callbacks, settings, changed):
    settings.TIME_ZONE = "Europe/London"
    release = make_release(title="Hearing dates", status=PressRelease.Status.DRAFT, publish_at=None)
    year, moment = _next_summer()
    url = release_url(release, "schedule")
    choosing = form_fields(officer_client.get(url).content)
    if changed == "before continuing":
        another_officers_save(release, body="Their unvetted body.")
    asked = officer_client.post(url, {**choosing, "publish_at_0": f"{year}-07-01", "publish_at_1": "10:00"})
    if changed == "after continuing":
        another_officers_save(release, body="Their unvetted body.")

    with django_capture_on_commit_callbacks() as queued:
        refused = officer_client.post(url, form_fields(asked.content, "_confirm"))

    assert refused.status_code == 200
    assert changed_since_shown("Hearing dates") in text_of(refused.content, "body")
    assert (stored(release), queued) == (("draft", None), [])
    # Still the confirming step, with the time typed.
    again = form_fields(refused.content, "_confirm")
    assert (again["publish_at_0"], again["publish_at_1"]) == ([f"{year}-07-01"], ["10:00"])
    assert f"The release will go public on {moment:%A} 1 July {year}, 10:00am BST" in text_of(refused.content)
    assert officer_client.post(url, again).status_code == 302
    assert stored(release) == ("published", moment)


def test_confirming_a_schedule_of_the_release_as_it_still_is_schedules_it(officer_client, make_release, settings,
                                                                          django_capture_on_commit_callbacks):
    settings.TIME_ZONE = "Europe/London"
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    year, moment = _next_summer()
    url = release_url(release, "schedule")
    choosing = form_fields(officer_client.get(url).content)
    asked = officer_client.post(url, {**choosing, "publish_at_0": f"{year}-07-01", "publish_at_1": "10:00"})
    # "Change the time" goes back to the boxes with the release as the first step showed it.
    changing = officer_client.post(url, form_fields(asked.content, "_change"))
    asked = officer_client.post(url, form_fields(changing.content))

    with django_capture_on_commit_callbacks() as queued:
        done = officer_client.post(url, form_fields(asked.content, "_confirm"))

    assert form_fields(changing.content)["loaded_as"] == choosing["loaded_as"]
    assert (done.status_code, stored(release), len(alerts_queued(queued))) == (302, ("published", moment), 1)
