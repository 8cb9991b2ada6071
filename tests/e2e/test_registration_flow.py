"""In a real browser: register, confirm from the email, cancel — with the keyboard alone and with JavaScript off
(with the mouse: test_journalist_journey.py). Also axe-core on every registration page, and, with SCREENSHOTS=1
(`make screenshots`), screenshots of each for review."""

import itertools
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from events.models import Event, Registration
from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import VIEWPORT
from tests.e2e.walks import last_link, press
from tests.factories import make_staff_user

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(__file__).resolve().parents[2] / "screenshots" / "registration"
CAPTURE = os.environ.get("SCREENSHOTS") == "1"  # a third of the walk's time: taken on request only


def capture(page, name: str) -> None:
    if CAPTURE:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


@pytest.fixture
def event(make_event, settings, live_server):
    settings.SITE_URL = live_server.url  # the links in the emails point at the test server
    return make_event(title="Briefing on the Commission’s findings", in_person_capacity=2)


def fill_form(page, *, email="ann@example.org"):
    page.fill("#id_name", "Ann Reporter")
    page.fill("#id_email", email)
    page.fill("#id_organisation", "The Paper")
    page.check("#id_role_0")
    page.check("input[name=attendance][value=in_person]")
    page.check("#id_consent")


def tab_to(page, selector: str, *, limit: int = 60) -> None:
    """Press Tab until ``selector`` has the focus, as a keyboard user would."""
    target = page.locator(selector)
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never received the focus")


def test_the_whole_flow_with_the_keyboard_alone(page, live_server, event):
    page.goto(f"{live_server.url}{event.get_absolute_url()}")
    tab_to(page, "a.button:has-text('Register to attend')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/register/")

    tab_to(page, "#id_name")
    page.keyboard.type("Ann Reporter")
    page.keyboard.press("Tab")
    page.keyboard.type("not-an-address")
    tab_to(page, "button:has-text('Register')")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The error summary has the focus, and its links lead to the fields.
    # Chromium moves the focus to an autofocus element at its next rendering step, which can come after "load".
    expect(page.locator(".error-summary")).to_be_focused()
    assert page.locator(".error-summary a").first.inner_text() == "Enter an email address like name@example.org."
    assert page.input_value("#id_name") == "Ann Reporter"

    tab_to(page, "#id_email")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("ann@example.org")
    tab_to(page, "#id_organisation")
    page.keyboard.type("The Paper")
    tab_to(page, "#id_role_0")
    page.keyboard.press("Space")
    tab_to(page, "input[name=attendance][value=in_person]")
    page.keyboard.press("Space")
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    tab_to(page, "button:has-text('Register')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/register/sent/")

    page.goto(live_server.url + last_link("confirm"))
    tab_to(page, "button:has-text('Confirm my registration')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/registration/**")
    assert "Your seat is confirmed." in page.locator(".registration-result").inner_text()

    page.goto(live_server.url + last_link("registration"))
    tab_to(page, "button:has-text('Cancel my registration')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Registration cancelled"
    assert Registration.objects.get().status == Registration.Status.CANCELLED


def test_the_whole_flow_without_javascript(browser, live_server, event):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    page.goto(f"{live_server.url}/events/{event.slug}/register/")
    press(page, "Register")  # empty: the server answers with the errors
    assert page.locator(".error-summary li").count() == 6
    fill_form(page)
    press(page, "Register")
    assert page.locator("h1").inner_text() == "Check your email"

    page.goto(live_server.url + last_link("confirm"))
    press(page, "Confirm my registration")
    assert "Your seat is confirmed." in page.locator(".registration-result").inner_text()

    page.goto(live_server.url + last_link("registration"))
    press(page, "Cancel my registration")
    assert page.locator("h1").inner_text() == "Registration cancelled"
    assert Registration.objects.get().status == Registration.Status.CANCELLED
    context.close()


def test_full_room_offers_online_and_switching_works(page, live_server, event, make_registration):
    make_registration(event, status=Registration.Status.CONFIRMED)
    make_registration(event, status=Registration.Status.CONFIRMED)

    page.goto(f"{live_server.url}/events/{event.slug}/register/")
    assert "full: you would join the waitlist" in page.locator("label[for=id_attendance_0]").inner_text()
    fill_form(page)
    press(page, "Register")
    page.goto(live_server.url + last_link("confirm"))
    press(page, "Confirm my registration")

    assert "The room is full: you are on the waitlist for a seat." in page.locator(".registration-result").inner_text()
    press(page, "Switch to attending online")
    assert "Your online place is confirmed." in page.locator(".registration-result").inner_text()


# Accessibility and looks

_addresses = itertools.count(1)


def visit_every_page(page, live_server, event):
    """Yield (name, page) at each registration page in turn."""
    base = f"{live_server.url}/events/{event.slug}"
    page.goto(f"{base}/register/")
    yield "form-empty"
    press(page, "Register")
    yield "form-errors"
    fill_form(page, email=f"reporter{next(_addresses)}@example.org")
    press(page, "Register")
    yield "check-email"
    page.goto(live_server.url + last_link("confirm"))
    yield "confirm"
    press(page, "Confirm my registration")
    yield "confirmed"
    page.goto(live_server.url + last_link("registration"))
    press(page, "Cancel my registration")
    yield "cancelled"
    page.goto(live_server.url + "/privacy/")
    yield "privacy"


# One walk through the registration pages checks each page every way: the walk (a form sent, a link from an email
# followed) took longer than the checks, and walking it once per scheme and per width repeated it five times.
WIDTHS = [320, 375, 1280]


def test_registration_pages_have_no_axe_violation_and_fit_the_screen(page, live_server, event):
    """On each registration page: no sideways scrolling at each width (and a screenshot, on request), then
    axe-core in the light and the dark scheme at the default size."""
    for name in visit_every_page(page, live_server, event):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow == 0, f"{name} at {width}px"
            capture(page, f"{name}-{width}")
        page.set_viewport_size(VIEWPORT)
        assert_accessible(page, name)


def test_check_in_page_fits_a_phone(browser, live_server, event, make_registration):
    for n in range(3):
        make_registration(event, name=f"Reporter with a rather long name {n}", status=Registration.Status.CONFIRMED,
                          organisation="International Broadcasting Corporation of Somewhere")
    make_staff_user("officer", is_superuser=True)  # password: a-long-test-password
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/events/event/{event.pk}/check-in/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url("**/check-in/")

    with page.expect_navigation():
        page.locator(".check-in__toggle").first.click()

    assert "1 of 3 checked in" in page.locator(".check-in__count").inner_text()
    assert page.get_by_role("button", name="Checked in (undo) – Reporter with a rather long name 0").is_visible()
    assert page.get_by_role("button", name="Check in Reporter with a rather long name 1").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
    assert_accessible(page, "check-in")
    capture(page, "check-in-375")
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 1
    assert Event.objects.count() == 1
    context.close()
