"""axe-core finds no WCAG 2.2 A/AA violation on the admin pages press officers use most, logged in as one."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from events.models import Event
from events.seed import EVENT_SLUG
from press.models import PressRelease
from press.seed import SLUG as RELEASE_SLUG

pytestmark = pytest.mark.django_db(transaction=True)

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
        "resultTypes": ["violations"]}


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


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_login_page_has_no_wcag_violation(page, live_server, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")

    results = Axe().run(page, options=WCAG)

    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["release list", "release add", "release change", "release publish",
                                  "release history", "release version", "release changes",
                                  "event list", "event add", "event change"])
def test_admin_page_has_no_wcag_violation(officer_page, live_server, name, scheme):
    officer_page.emulate_media(color_scheme=scheme)
    officer_page.goto(live_server.url + admin_pages()[name])
    assert officer_page.locator("#user-tools").is_visible()  # logged in, not bounced to the login page

    results = Axe().run(officer_page, options=WCAG)

    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_before_a_save_that_emails_registrants_has_no_wcag_violation(officer_page, live_server, scheme,
                                                                              make_registration):
    event = Event.objects.get(slug=EVENT_SLUG)
    Event.objects.filter(pk=event.pk).update(status_note="")
    make_registration(event, status="confirmed")
    officer_page.emulate_media(color_scheme=scheme)
    officer_page.goto(f"{live_server.url}/admin/events/event/{event.pk}/change/")
    officer_page.select_option("#id_event_status", "postponed")
    with officer_page.expect_navigation():
        officer_page.click("input[name=_save]")
    assert officer_page.locator("h1").inner_text() == "Save and email the registrants?"

    results = Axe().run(officer_page, options=WCAG)

    assert results.violations_count == 0, results.generate_report()
