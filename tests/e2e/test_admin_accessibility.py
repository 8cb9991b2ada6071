"""axe-core finds no WCAG 2.2 A/AA violation on the admin pages press officers use most, logged in as one.

The pages are read from the module's shared site in one browser tab (tests/e2e/conftest.py); the page shown
before a save that emails registrants changes the site, so its test has a module of its own
(test_admin_accessibility_before_save.py)."""

import pytest

from events.models import Event
from events.seed import EVENT_SLUG
from press.models import PressRelease
from press.seed import SLUG as RELEASE_SLUG
from tests.e2e.axe import assert_accessible

# The pages are read from the module's shared site; the mark only has pytest-django create the test database.
pytestmark = pytest.mark.django_db

def admin_pages():
    release = PressRelease.objects.get(slug=RELEASE_SLUG)
    event = Event.objects.get(slug=EVENT_SLUG)
    return {
        "release list": "/admin/press/pressrelease/",
        "release add": "/admin/press/pressrelease/add/",
        "release change": f"/admin/press/pressrelease/{release.pk}/change/",
        "release history": f"/admin/press/pressrelease/{release.pk}/history/",
        "release version": f"/admin/press/pressrelease/{release.pk}/history/1/",
        "release changes": f"/admin/press/pressrelease/{release.pk}/history/2/",
        "release publish": f"/admin/press/pressrelease/{PressRelease.objects.get(slug='draft-for-review').pk}/publish/",
        "event list": "/admin/events/event/",
        "event add": "/admin/events/event/add/",
        "event change": f"/admin/events/event/{event.pk}/change/",
    }


# Each page is opened once and checked in both schemes: opening it again for the dark scheme took as long as the
# check.


def test_login_page_has_no_wcag_violation_in_either_scheme(shared_page, shared_site):
    shared_page.goto(f"{shared_site['home']}admin/login/?next=/admin/")
    assert shared_page.locator("#id_username").is_visible()

    assert_accessible(shared_page, "login")


@pytest.mark.parametrize("name", ["release list", "release add", "release change", "release publish",
                                  "release history", "release version", "release changes",
                                  "event list", "event add", "event change"])
def test_admin_page_has_no_wcag_violation_in_either_scheme(shared_officer_page, shared_site, name):
    shared_officer_page.goto(shared_site["home"].removesuffix("/") + admin_pages()[name])
    assert shared_officer_page.locator("#user-tools").is_visible()  # logged in, not bounced to the login page

    assert_accessible(shared_officer_page, name)
