"""The release admin refuses on the server what a user's permissions do not allow, whatever is posted: the form,
the buttons, the pages behind them, the list actions and deletion (press/admin.py, press/services.py)."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from press import services
from press.models import PressRelease, PreviewLink
from tests.press.adminforms import (
    ADD_URL,
    CHANGELIST_URL,
    change_data,
    change_url,
    form_data,
    messages_of,
    pressing,
    release_url,
)
from tests.press.htmltools import tags, text_of

pytestmark = pytest.mark.django_db

CANNOT_PUBLISH = (
    "Your account may not publish, schedule or return press releases to draft: ask a press officer who may."
)
CANNOT_SHARE = "Your account may not share preview links: ask a press officer who may."


def staff_with(django_user_model, *codenames, username="intern"):
    user = django_user_model.objects.create_user(username, password="x-not-used-123", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="press", codename__in=codenames))
    return user


@pytest.fixture
def editor(django_user_model):
    """Staff who may add and edit releases, but not publish, share, revoke or delete."""
    return staff_with(django_user_model, "add_pressrelease", "change_pressrelease", "view_pressrelease")


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
     ("_share", CANNOT_SHARE)],
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
    user = staff_with(django_user_model, "view_pressrelease", "change_pressrelease")
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
        ["_preview", "_publish", "_schedule", "_share", "_unpublish"],
    )


@pytest.mark.parametrize(
    ("page", "post"),
    [("publish", {"_confirm": "Confirm: publish now"}),
     ("schedule", {"publish_at_0": "2999-01-01", "publish_at_1": "10:00", "_confirm": "Confirm schedule"})],
)
def test_publish_and_schedule_pages_refuse_staff_who_may_not_publish(editor_client, make_release, page, post):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)

    shown = editor_client.get(release_url(release, page))
    posted = editor_client.post(release_url(release, page), post)

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
    client.force_login(staff_with(django_user_model, "view_pressrelease", "view_previewlink"))
    return client


def test_revoking_refuses_staff_who_may_only_view_links(link_viewer_client, make_release, press_officer, client):
    link = services.create_preview_link(release=make_release(), created_by=press_officer)

    from_list = link_viewer_client.post("/admin/press/previewlink/",
                                        {"action": "revoke", "_selected_action": [link.pk]})
    from_form = link_viewer_client.post(f"/admin/press/previewlink/{link.pk}/change/",
                                        {"change_form-action": "revoke", "_selected_action": [link.pk]})

    link.refresh_from_db()
    assert (from_list.status_code, from_form.status_code) == (403, 403)
    assert (link.revoked_at, client.get(link.get_absolute_url()).status_code) == (None, 200)


def test_preview_link_lists_name_only_the_releases_the_user_may_view(client, django_user_model, make_release,
                                                                    hidden_releases, press_officer):
    for release in [make_release(title="Live one"), *hidden_releases.values()]:
        link = services.create_preview_link(release=release, created_by=press_officer)
        client.get(link.get_absolute_url())
    client.force_login(staff_with(django_user_model, "view_previewlink", "view_previewlinkuse"))

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
