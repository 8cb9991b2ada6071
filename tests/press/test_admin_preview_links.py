"""Preview links in the admin: sharing and revoking on the release's page, and the links' own read-only pages."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from press import embargo, services
from press.models import PreviewLink
from tests.factories import make_journalist
from tests.htmltools import carried, tags, text_of
from tests.press.adminforms import change_data, change_url, messages_of, pressing, staff_with

pytestmark = pytest.mark.django_db

LIST = "/admin/press/previewlink/"


def test_the_list_filters_by_state_in_words(staff_client, admin_user, make_release):
    active = services.create_preview_link(release=make_release(title="Still open"), created_by=admin_user)
    revoked = services.create_preview_link(release=make_release(title="Withdrawn"), created_by=admin_user)
    services.revoke_preview_link(link=revoked, revoked_by=admin_user)

    page = staff_client.get(LIST).content.decode()
    only_revoked = staff_client.get(LIST, {"state": "revoked"}).content.decode()

    assert re.findall(r'<a href="\?state=\w+"[^>]*>([^<]+)</a>', page) == ["Active", "Expired", "Revoked"]
    assert "Empty" not in page and "Not empty" not in page
    assert "Withdrawn" in only_revoked and "Still open" not in only_revoked
    assert active.pk != revoked.pk


def test_the_link_page_is_read_only_and_lists_each_opening_once(staff_client, admin_user, make_release, client):
    link = services.create_preview_link(release=make_release(), created_by=admin_user)
    for _ in range(3):
        client.get(link.get_absolute_url())

    html = staff_client.get(f"{LIST}{link.pk}/change/").content.decode()

    assert 'name="_save"' not in html and 'name="_continue"' not in html
    assert re.search(r'<ol class="openings">(.*?)</ol>', html, re.S).group(1).count("<li>") == 3
    assert "field-used_at" not in html


def test_posting_the_link_page_as_a_save_is_refused(staff_client, admin_user, make_release):
    link = services.create_preview_link(release=make_release(), created_by=admin_user)

    response = staff_client.post(f"{LIST}{link.pk}/change/", {"_save": "Save"})

    assert response.status_code == 403


def test_revoking_from_the_link_page_asks_first_then_revokes_there(staff_client, admin_user, make_release):
    link = services.create_preview_link(release=make_release(title="Open house"), created_by=admin_user)
    page = f"{LIST}{link.pk}/change/"

    asked = staff_client.post(page, {"CHANGE_FORM-action": "revoke", "_selected_action": [link.pk]})
    assert PreviewLink.objects.with_state().get(pk=link.pk).state == PreviewLink.State.ACTIVE
    response = staff_client.post(page, carried(asked.content))

    assert asked.status_code == 200 and "Open house — shared by admin, " in text_of(asked.content, "main")
    assert carried(asked.content) == {"_selected_action": [str(link.pk)], "CHANGE_FORM-action": ["revoke"], "post": ["yes"]}
    assert tags(asked.content, "a", **{"class": "closelink"})[0]["href"] == page
    assert response.status_code == 302
    assert PreviewLink.objects.with_state().get(pk=link.pk).state == PreviewLink.State.REVOKED


def test_revoke_action_asks_first_naming_each_links_release_and_whom_it_is_for(
        staff_client, admin_user, make_release, mailoutbox, client):
    release = embargo.embargo_release(
        release=make_release(title="Zeppelins", status="draft", publish_at=None),
        until=timezone.now() + datetime.timedelta(days=1), zone="Europe/London", by=admin_user)
    [copy] = embargo.send_embargoed(release=release, journalists=[make_journalist(name="Ann Reporter")],
                                    by=admin_user)
    shared = services.create_preview_link(release=release, created_by=admin_user)
    revoked = services.create_preview_link(release=make_release(title="Old draft"), created_by=admin_user)
    services.revoke_preview_link(link=revoked, revoked_by=admin_user)
    chosen = {"action": "revoke", "_selected_action": [copy.pk, shared.pk, revoked.pk]}

    asked = staff_client.post(f"{LIST}?o=1", chosen)

    page = text_of(asked.content, "main")
    assert (asked.status_code, text_of(asked.content, "h1")) == (200, "Revoke 3 preview links?")
    assert "These links stop working from the moment you confirm, for good" in page
    lines = sorted(text_of(f"<li>{item}</li>", "li") for item in re.findall(
        r"<li>(.*?)</li>", re.search(r'<ul class="chosen">.*?</ul>', asked.content.decode(), re.S).group(0), re.S))
    assert lines[0] == "Old draft — shared by admin, " + lines[0].split("shared by admin, ")[1]
    assert lines[0].endswith("; revoked already: revoking changes nothing")
    assert lines[1] == "Zeppelins — Ann Reporter’s copy (Daily Planet), sent under embargo"
    assert lines[2].startswith("Zeppelins — shared by admin, ") and "revoking changes nothing" not in lines[2]
    assert tags(asked.content, "a", **{"class": "closelink"})[0]["href"] == f"{LIST}?o=1"
    # Asking changes nothing.
    assert [client.get(link.get_absolute_url()).status_code for link in (copy, shared)] == [200, 200]
    assert mailoutbox == []

    done = staff_client.post(LIST, carried(asked.content), follow=True)

    assert messages_of(done) == ["3 links revoked."]
    assert [client.get(link.get_absolute_url()).status_code for link in (copy, shared)] == [410, 410]


def test_revoke_action_asks_in_as_many_queries_however_many_links(staff_client, admin_user, make_release):
    def ask(links):
        with CaptureQueriesContext(connection) as queries:
            page = staff_client.post(LIST, {"action": "revoke", "_selected_action": [link.pk for link in links]})
        return page, len(queries)

    links = [services.create_preview_link(release=make_release(), created_by=admin_user) for _ in range(5)]
    ask(links[:1])  # the site's name in the header is read once, then cached (until a release is saved)
    _page, one = ask(links[:1])
    page, five = ask(links)

    assert len(carried(page.content)["_selected_action"]) == 5
    assert five == one


# On the release's page -----------------------------------------------------------------------------------------

def test_sharing_shows_the_address_at_the_top_of_the_release_page(staff_client, admin_user, make_release):
    release = make_release(status="draft", publish_at=None)

    response = staff_client.post(change_url(release), pressing("_share", change_data(release)), follow=True)

    html = response.content.decode()
    link = PreviewLink.objects.get()
    message = re.search(r'<ul class="messagelist">(.*?)</ul>', html, re.S).group(1)
    assert link.get_absolute_url() in message and 'class="preview-address"' in message
    assert html.index('class="messagelist"') < html.index('name="title"')


def revoke_page(release, link):
    return f"/admin/press/pressrelease/{release.pk}/preview-links/revoke/?link={link.pk}"


def listed(html) -> str:
    """What the page that asks names."""
    return text_of(re.search(r'<ul class="confirm-listed">.*?</ul>', html.decode(), re.S).group(0), "ul")


def test_revoking_from_the_release_page_saves_the_typing_then_asks_first_naming_the_link(
        staff_client, admin_user, make_release, client, settings):
    settings.TIME_ZONE = "Europe/London"
    release = make_release(title="Draft for review", status="draft", publish_at=None)
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, 30, tzinfo=datetime.UTC), tick=False):
        link = services.create_preview_link(release=release, created_by=admin_user)
    with time_machine.travel(datetime.datetime(2026, 11, 21, 14, 0, tzinfo=datetime.UTC), tick=False):
        client.get(link.get_absolute_url())
    with time_machine.travel(datetime.datetime(2026, 11, 22, 10, 0, tzinfo=datetime.UTC), tick=False):
        page = staff_client.get(change_url(release)).content.decode()

        pressed = staff_client.post(change_url(release), pressing("_revoke_link", change_data(
            release, body="Typed before revoking.")) | {"_revoke_link": str(link.pk)}, follow=True)

        assert f'name="_revoke_link" value="{link.pk}"' in page
        assert pressed.redirect_chain == [(revoke_page(release, link), 302)]
        release.refresh_from_db()
        assert release.body == "Typed before revoking."
        assert PreviewLink.objects.with_state().get(pk=link.pk).state == PreviewLink.State.ACTIVE
        assert client.get(link.get_absolute_url()).status_code == 200
        assert text_of(pressed.content, "h1") == "Revoke a preview link of “Draft for review”?"
        assert listed(pressed.content) == (
            "shared by admin, 20 Nov 2026, 9:30am GMT: anyone with the address; last opened 21 Nov 2026, 2:00pm GMT")
        assert [i["value"] for i in tags(pressed.content, "input", name="_confirm")] == ["Yes, revoke"]
        warning = text_of(pressed.content, "main")
        assert "whoever has its address can no longer open the release" in warning
        assert "embargo" not in warning  # a shared link is nobody's embargoed copy
        assert tags(pressed.content, "a", **{"class": "closelink"})[0]["href"] == (
            f"{change_url(release)}#preview_links-group")

        confirming = carried(pressed.content) | {"_confirm": "Yes, revoke"}
        done = staff_client.post(revoke_page(release, link), confirming, follow=True)

        assert done.redirect_chain == [(f"{change_url(release)}#preview_links-group", 302)]
        assert messages_of(done) == ["The preview link made Friday 20 November 2026, 9:30am GMT (Europe/London) · "
                                     "9:30am UTC is revoked: it no longer opens the draft."]
        assert PreviewLink.objects.with_state().get(pk=link.pk).state == PreviewLink.State.REVOKED
        assert client.get(link.get_absolute_url()).status_code == 410


def test_the_revoke_page_says_a_link_never_opened_was_not_opened(staff_client, admin_user, make_release):
    release = make_release(status="draft", publish_at=None)
    link = services.create_preview_link(release=release, created_by=admin_user)

    asked = staff_client.get(revoke_page(release, link))

    assert listed(asked.content).endswith(": anyone with the address; not opened yet")


def test_only_the_confirmation_posted_from_the_revoke_page_revokes(staff_client, admin_user, make_release):
    release = make_release(status="draft", publish_at=None)
    link = services.create_preview_link(release=release, created_by=admin_user)

    shown = staff_client.get(revoke_page(release, link))
    posted_without_confirming = staff_client.post(revoke_page(release, link), {})

    assert (shown.status_code, posted_without_confirming.status_code) == (200, 200)
    assert PreviewLink.objects.with_state().get(pk=link.pk).state == PreviewLink.State.ACTIVE


def test_staff_who_may_not_revoke_are_refused_the_revoke_page(client, admin_user, make_release):
    client.force_login(staff_with("view_pressrelease", "change_pressrelease", "view_previewlink"))
    release = make_release(status="draft", publish_at=None)
    link = services.create_preview_link(release=release, created_by=admin_user)

    asked = client.get(revoke_page(release, link))
    confirmed = client.post(revoke_page(release, link), {"_confirm": "Yes, revoke"})

    assert (asked.status_code, confirmed.status_code) == (403, 403)
    assert PreviewLink.objects.with_state().get(pk=link.pk).state == PreviewLink.State.ACTIVE


def test_the_revoke_page_of_a_link_of_another_release_or_of_a_journalists_copy_is_not_found(
        staff_client, admin_user, make_release):
    release = embargo.embargo_release(
        release=make_release(status="draft", publish_at=None),
        until=timezone.now() + datetime.timedelta(days=1), zone="Europe/London", by=admin_user)
    [copy] = embargo.send_embargoed(release=release, journalists=[make_journalist()], by=admin_user)
    elsewhere = services.create_preview_link(release=make_release(status="draft", publish_at=None),
                                             created_by=admin_user)

    for link in (copy, elsewhere):
        assert staff_client.post(revoke_page(release, link), {"_confirm": "Yes, revoke"}).status_code == 404
        assert PreviewLink.objects.with_state().get(pk=link.pk).state == PreviewLink.State.ACTIVE


def test_staff_who_may_not_revoke_see_no_button_and_posting_one_revokes_nothing(client, django_user_model,
                                                                              admin_user, make_release):
    editor = staff_with("view_pressrelease", "change_pressrelease", "view_previewlink")
    client.force_login(editor)
    release = make_release(status="draft", publish_at=None)
    link = services.create_preview_link(release=release, created_by=admin_user)

    page = client.get(change_url(release)).content.decode()
    response = client.post(change_url(release), change_data(release) | {"_revoke_link": str(link.pk)},
                           follow=True)

    assert "_revoke_link" not in page
    assert PreviewLink.objects.with_state().get(pk=link.pk).state == PreviewLink.State.ACTIVE
    assert "may not revoke preview links" in messages_of(response)[0]


def test_a_link_of_another_release_is_not_revoked_from_this_one(staff_client, admin_user, make_release):
    release, other = make_release(status="draft", publish_at=None), make_release(status="draft", publish_at=None)
    link = services.create_preview_link(release=other, created_by=admin_user)

    staff_client.post(change_url(release), change_data(release) | {"_revoke_link": str(link.pk)})

    assert PreviewLink.objects.with_state().get(pk=link.pk).state == PreviewLink.State.ACTIVE


def test_a_journalists_embargoed_copy_is_not_revoked_by_the_shared_links_button(staff_client, admin_user,
                                                                                  make_release):
    release = embargo.embargo_release(
        release=make_release(status="draft", publish_at=None),
        until=timezone.now() + datetime.timedelta(days=1), zone="Europe/London", by=admin_user)
    [copy] = embargo.send_embargoed(release=release, journalists=[make_journalist()], by=admin_user)

    response = staff_client.post(change_url(release), change_data(release) | {"_revoke_link": str(copy.pk)},
                                 follow=True)

    assert PreviewLink.objects.with_state().get(pk=copy.pk).state == PreviewLink.State.ACTIVE
    assert "That is not a preview link shared from this release." in messages_of(response)[0]


def test_a_link_and_its_openings_are_named_with_times_in_the_house_style(admin_user, make_release, settings):
    settings.TIME_ZONE = "Europe/London"
    with time_machine.travel(datetime.datetime(2023, 1, 20, 9, 30, tzinfo=datetime.UTC), tick=False):
        link = services.create_preview_link(release=make_release(title="Draft"), created_by=admin_user)
        use = link.uses.create()

    assert str(link) == "Preview of “Draft” (20 Jan 2023, 9:30am GMT)"
    assert str(use) == "20 Jan 2023, 9:30am GMT"
