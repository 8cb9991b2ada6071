"""The press officer's admin in a browser at 1280px: lists that fit, forms that say what is wrong, and no
axe-core violation on the pages used most."""

import pytest
from django.conf import settings
from django.test import Client

from events.models import Event
from events.seed import SAMPLE_SLUG

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1280, "height": 900}


@pytest.fixture
def officer_page(page, seeded_site, live_server, press_officer):
    """The browser holds a press officer's session, at 1280px."""
    client = Client()
    client.force_login(press_officer)
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])
    page.set_viewport_size(WIDE)
    return page


@pytest.fixture
def registrants(seeded_site, make_registration):
    event = Event.objects.get(slug=SAMPLE_SLUG)
    for n, status in enumerate(["confirmed", "confirmed", "waitlisted", "pending", "cancelled"]):
        make_registration(event, status=status, name=f"Aigerim Nurlanovna Bekova {n}",
                          organisation="Kazakhstan Broadcasting Corporation, Almaty bureau")
    return event


def overflow(page) -> int:
    """How far the list's table runs past the visible part of its box, in pixels (0: it fits)."""
    return page.evaluate("""() => {
        const table = document.querySelector('#result_list');
        const box = document.querySelector('#changelist .results') || table.parentElement;
        return Math.max(0, Math.ceil(table.getBoundingClientRect().right - box.getBoundingClientRect().right),
                        Math.ceil(table.getBoundingClientRect().right - document.documentElement.clientWidth));
    }""")


@pytest.mark.parametrize(("path", "columns"), [
    ("/admin/events/registration/", ["Name", "Organisation or outlet", "Attendance", "Status", "Checked in"]),
    ("/admin/press/previewlink/", ["Press release", "State", "Expires", "Opened"]),
    ("/admin/events/event/", ["Title", "When", "State", "Places taken"]),
])
def test_list_fits_a_1280px_screen_with_its_key_columns(officer_page, live_server, registrants, path, columns):
    officer_page.goto(live_server.url + path)

    headers = [h.strip() for h in officer_page.locator("#result_list thead th").all_text_contents()]
    assert [c for c in columns if c not in headers] == []
    officer_page.screenshot(path=f"/tmp/list{path.replace('/', '_')}.png")
    assert overflow(officer_page) == 0


# axe-core on the pages press officers use most, after adding rows in the browser -------------------------------

from axe_playwright_python.sync_playwright import Axe  # noqa: E402

from press.models import PressRelease  # noqa: E402
from press.seed import SLUG as RELEASE_SLUG  # noqa: E402

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
        "resultTypes": ["violations"]}


# Not a WCAG rule in axe-core, but a column without a heading is one a screen reader cannot name.
HEADERS = {"runOnly": {"type": "rule", "values": ["empty-table-header"]}, "resultTypes": ["violations"]}


def assert_no_violations(page):
    for options in (WCAG, HEADERS):
        results = Axe().run(page, options=options)
        assert results.violations_count == 0, results.generate_report()


def add_rows(page, group, count):
    for _ in range(count):
        page.locator(f"#{group}-group .add-row a").click()


@pytest.mark.parametrize("which", ["add", "change"])
def test_release_form_with_two_quotes_added_in_the_browser_has_no_violation(officer_page, live_server, which):
    release = PressRelease.objects.get(slug=RELEASE_SLUG)
    path = "add/" if which == "add" else f"{release.pk}/change/"
    officer_page.goto(f"{live_server.url}/admin/press/pressrelease/{path}")
    before = officer_page.locator("#quotes-group .inline-related:not(.empty-form)").count()

    add_rows(officer_page, "quotes", 2)

    numbers = officer_page.locator("#quotes-group .inline-related:not(.empty-form) input[name$='-order']")
    values = [int(v) for v in numbers.evaluate_all("inputs => inputs.map(i => i.value)")]
    assert values[before:] == [max(values[:before], default=0) + 1, max(values[:before], default=0) + 2]
    assert_no_violations(officer_page)


@pytest.mark.parametrize("which", ["add", "change"])
def test_event_form_with_a_slot_and_a_zone_added_in_the_browser_has_no_violation(officer_page, live_server, which):
    event = Event.objects.get(slug=SAMPLE_SLUG)
    path = "add/" if which == "add" else f"{event.pk}/change/"
    officer_page.goto(f"{live_server.url}/admin/events/event/{path}")

    add_rows(officer_page, "slots", 1)
    add_rows(officer_page, "display_zones", 1)

    assert_no_violations(officer_page)


def test_other_admin_pages_have_no_violation(officer_page, live_server, registrants):
    release = PressRelease.objects.get(slug="draft-for-review")
    pages = [
        "/admin/",
        f"/admin/press/pressrelease/{release.pk}/schedule/",
        "/admin/events/registration/",
        f"/admin/events/event/{registrants.pk}/check-in/",
        "/admin/press/previewlink/",
    ]
    for path in pages:
        officer_page.goto(live_server.url + path)
        assert officer_page.locator("h1").count() == 1, path
        assert_no_violations(officer_page)
