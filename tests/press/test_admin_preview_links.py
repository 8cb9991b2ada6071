"""The preview-link pages of the admin: a list that fits, a read-only page, each opening listed once."""

import re

import pytest

from press import services
from press.models import PreviewLink

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


def test_revoking_from_the_link_page_is_one_action(staff_client, admin_user, make_release):
    link = services.create_preview_link(release=make_release(), created_by=admin_user)

    response = staff_client.post(f"{LIST}{link.pk}/change/",
                                 {"CHANGE_FORM-action": "revoke", "_selected_action": [link.pk]})

    assert response.status_code == 302
    assert PreviewLink.objects.with_state().get(pk=link.pk).state == PreviewLink.State.REVOKED
