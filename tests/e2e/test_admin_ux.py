"""The press officer's admin in a browser at 1280px: lists that fit, forms that say what is wrong, and no
axe-core violation (light and dark scheme) on the login page and the pages press officers use most.

The tests read the module's shared site (tests/e2e/conftest.py) in one tab holding a press officer's session;
rows added in the browser are never saved. The whole newsroom workflow, which changes the site, is in
test_press_officer.py."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event
from events.seed import SAMPLE_SLUG
from press.models import Accreditation, PressRelease
from press.seed import SLUG as RELEASE_SLUG
from tests.e2e.axe import WCAG, assert_accessible
from tests.factories import make_registration

# The pages are read from the module's shared site; the mark only has pytest-django create the test database.
pytestmark = pytest.mark.django_db

WIDE = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def site(shared_site, django_db_blocker):
    """The shared site, with registrants for the sample press conference and three accreditation requests;
    its address without the final slash as ``"base"``."""
    with django_db_blocker.unblock():
        event = Event.objects.get(slug=SAMPLE_SLUG)
        for n, status in enumerate(["confirmed", "confirmed", "waitlisted", "pending", "cancelled"]):
            make_registration(event, status=status, name=f"Aigerim Nurlanovna Bekova {n}",
                              organisation="Kazakhstan Broadcasting Corporation, Almaty bureau")
        for n in range(3):
            Accreditation.objects.create(
                name=f"Aigerim Bekova-Nurlanovna {n}", email=f"a{n}@example.org",
                outlet="Kazakh Television and Radio", role="photographer", country="Kazakhstan",
                languages="Kazakh, Russian, English", press_card=f"PC-{n}", consented_at=timezone.now(),
                status="awaiting",
            )
    return {**shared_site, "base": shared_site["home"].removesuffix("/"), "registrants": event}


@pytest.fixture
def officer_page(shared_officer_page):
    """The press officer's tab on the shared site (tests/e2e/conftest.py), at 1280px."""
    shared_officer_page.set_viewport_size(WIDE)
    return shared_officer_page


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
def test_list_fits_a_1280px_screen_with_its_key_columns(officer_page, site, path, columns):
    officer_page.goto(site["base"] + path)

    headers = [h.strip() for h in officer_page.locator("#result_list thead th").all_text_contents()]
    assert [c for c in columns if c not in headers] == []
    assert overflow(officer_page) == 0


def test_accreditation_list_fits_a_1280px_screen(officer_page, site):
    officer_page.goto(site["base"] + "/admin/press/accreditation/")

    headers = [h.strip() for h in officer_page.locator("#result_list thead th").all_text_contents()]
    assert [c for c in ["Name", "Outlet", "Role", "Country", "Status", "Requested at"] if c not in headers] == []
    assert overflow(officer_page) == 0
    assert_no_violations(officer_page)


# axe-core on the pages press officers use most, after adding rows in the browser -------------------------------

# Not a WCAG rule in axe-core, but a column without a heading is one a screen reader cannot name: run beside the
# WCAG rules, in the same pass over the page ("rules" adds it to those runOnly chooses).
WCAG_AND_HEADERS = {**WCAG, "rules": {"empty-table-header": {"enabled": True}}}


@pytest.mark.parametrize("path", ["/admin/press/pressrelease/", "/admin/press/accreditation/",
                                  "/admin/events/registration/"])
def test_list_takes_the_whole_width_of_a_phone(officer_page, site, path):
    officer_page.set_viewport_size({"width": 390, "height": 844})
    officer_page.goto(site["base"] + path)

    results = officer_page.locator("#changelist .results").bounding_box()
    assert results["width"] >= 390 - 2 * 20, results  # the page's margins only, not the filters' column


def assert_no_violations(page, where=""):
    assert_accessible(page, where, options=WCAG_AND_HEADERS)


def add_rows(page, group, count):
    for _ in range(count):
        page.locator(f"#{group}-group .add-row a").click()


@pytest.mark.parametrize("which", ["add", "change"])
def test_release_form_with_two_quotes_added_in_the_browser_has_no_violation(officer_page, site, which):
    release = PressRelease.objects.get(slug=RELEASE_SLUG)
    path = "add/" if which == "add" else f"{release.pk}/change/"
    officer_page.goto(f"{site['base']}/admin/press/pressrelease/{path}")
    before = officer_page.locator("#quotes-group .inline-related:not(.empty-form)").count()

    add_rows(officer_page, "quotes", 2)

    numbers = officer_page.locator("#quotes-group .inline-related:not(.empty-form) input[name$='-order']")
    values = [int(v) for v in numbers.evaluate_all("inputs => inputs.map(i => i.value)")]
    assert values[before:] == [max(values[:before], default=0) + 1, max(values[:before], default=0) + 2]
    assert_no_violations(officer_page)


@pytest.mark.parametrize("which", ["add", "change"])
def test_event_form_with_a_slot_and_a_zone_added_in_the_browser_has_no_violation(officer_page, site, which):
    event = Event.objects.get(slug=SAMPLE_SLUG)
    path = "add/" if which == "add" else f"{event.pk}/change/"
    officer_page.goto(f"{site['base']}/admin/events/event/{path}")

    add_rows(officer_page, "slots", 1)
    add_rows(officer_page, "display_zones", 1)

    assert_no_violations(officer_page)


def test_event_times_typed_in_the_events_zone_are_shown_in_every_display_zone_before_saving(officer_page, site):
    event = Event.objects.get(slug=SAMPLE_SLUG)
    officer_page.goto(f"{site['base']}/admin/events/event/{event.pk}/change/")

    officer_page.fill('[name="registration_closes_at_0"]', "2031-01-17")
    officer_page.fill('[name="registration_closes_at_1"]', "18:00:00")
    officer_page.locator('[name="registration_closes_at_1"]').blur()

    preview = officer_page.locator('[name="registration_closes_at_0"]').locator(
        "xpath=ancestor::p[contains(@class, 'datetime')]/following-sibling::div[contains(@class, 'event-time-preview')]")
    preview.locator("li").first.wait_for()
    # 18:00 in the sample press conference's own zone (London, GMT in January), in its display zones and UTC.
    assert preview.locator("li").all_inner_texts() == [
        "6:00pm GMT – London, UK", "11:00pm ALMT – Almaty, Kazakhstan", "6:00pm UTC"]


def test_the_zone_named_beside_date_boxes_follows_the_zone_chosen_on_the_form(officer_page, site):
    """The boxes are read in the zone chosen: the note beside them must name it before the form is sent."""
    draft = PressRelease.objects.get(slug="draft-for-review")
    officer_page.goto(f"{site['base']}/admin/press/pressrelease/{draft.pk}/embargo/")
    officer_page.select_option('[name="zone"]', "Asia/Almaty")
    expect(officer_page.locator("#id_until_zone")).to_have_text("time in Asia/Almaty")

    event = Event.objects.get(slug=SAMPLE_SLUG)
    officer_page.goto(f"{site['base']}/admin/events/event/{event.pk}/change/")
    officer_page.fill('[name="timezone"]', "Asia/Tokyo")
    for box in ("publish_at", "registration_opens_at", "registration_closes_at"):
        expect(officer_page.locator(f"#id_{box}_zone")).to_have_text("time in Asia/Tokyo")


def test_display_zones_fit_their_box_with_each_delete_box_in_view(officer_page, site):
    event = Event.objects.get(slug=SAMPLE_SLUG)
    officer_page.goto(f"{site['base']}/admin/events/event/{event.pk}/change/")

    past_the_box = officer_page.evaluate("""() => {
        const group = document.querySelector('#display_zones-group');
        return Math.ceil(group.querySelector('table').getBoundingClientRect().right
                         - group.getBoundingClientRect().right);
    }""")
    assert past_the_box <= 0
    assert officer_page.locator('#display_zones-group input[name$="-DELETE"]').first.is_visible()


def test_login_page_has_no_violation(shared_page, site):
    shared_page.goto(f"{site['base']}/admin/login/?next=/admin/")
    assert shared_page.locator("#id_username").is_visible()

    assert_no_violations(shared_page, "login")


# The release and event forms, add and change, are checked above with rows added in the browser.
@pytest.mark.parametrize("name", ["index", "release list", "release publish", "release schedule", "release history",
                                  "release version", "release changes", "event list", "registrations", "check-in",
                                  "preview links"])
def test_admin_page_has_no_violation(officer_page, site, name):
    release = PressRelease.objects.get(slug=RELEASE_SLUG)
    draft = PressRelease.objects.get(slug="draft-for-review")
    path = {
        "index": "/admin/",
        "release list": "/admin/press/pressrelease/",
        "release publish": f"/admin/press/pressrelease/{draft.pk}/publish/",
        "release schedule": f"/admin/press/pressrelease/{draft.pk}/schedule/",
        "release history": f"/admin/press/pressrelease/{release.pk}/history/",
        "release version": f"/admin/press/pressrelease/{release.pk}/history/1/",
        "release changes": f"/admin/press/pressrelease/{release.pk}/history/2/",
        "event list": "/admin/events/event/",
        "registrations": "/admin/events/registration/",
        "check-in": f"/admin/events/event/{site['registrants'].pk}/check-in/",
        "preview links": "/admin/press/previewlink/",
    }[name]
    officer_page.goto(site["base"] + path)
    assert officer_page.url == site["base"] + path  # logged in, not bounced to the login page
    assert officer_page.locator("h1").count() == 1

    assert_no_violations(officer_page, name)
