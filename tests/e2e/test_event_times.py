"""In a real browser: the reader's local time line in three zones (the admin's preview before saving is in
test_press_officer.py, done as a press officer)."""

import datetime

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

SEED_SLOT = [(datetime.datetime(2023, 1, 20, 15, 30), datetime.datetime(2023, 1, 20, 16, 30))]


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Asia/Almaty", "Your time (Asia/Almaty): 3:30pm UTC+6, Friday 20 January 2023"),
        ("Europe/London", "Your time (Europe/London): 9:30am GMT, Friday 20 January 2023"),
        ("America/New_York", "Your time (America/New York): 4:30am EST, Friday 20 January 2023"),
    ],
)
def test_local_time_line_follows_the_browsers_zone(browser, live_server, make_event, zone, expected):
    event = make_event(slots=SEED_SLOT)
    context = browser.new_context(timezone_id=zone, locale="en-GB")
    page = context.new_page()

    page.goto(f"{live_server.url}{event.get_absolute_url()}")

    local = page.locator(".event-times__local")
    assert local.inner_text() == expected
    assert local.is_visible()
    assert page.locator(".event-times__zones li").all_inner_texts() == [
        "3:30pm ALMT – Almaty, Kazakhstan", "9:30am GMT – London, UK"]
    context.close()


def test_page_without_javascript_has_every_time_and_no_empty_local_line(browser, live_server, make_event):
    event = make_event(slots=SEED_SLOT)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    page.goto(f"{live_server.url}{event.get_absolute_url()}")

    assert page.locator(".event-times__zones li").all_inner_texts() == [
        "3:30pm ALMT – Almaty, Kazakhstan", "9:30am GMT – London, UK"]
    assert page.locator(".event-times__local").is_hidden()
    context.close()


def test_local_time_line_writes_noon_as_the_page_does(browser, live_server, make_event):
    event = make_event(slots=[(datetime.datetime(2030, 1, 18, 12, 0), datetime.datetime(2030, 1, 18, 13, 0))],
                       zone="Europe/London", display_zones=[("", "London, UK", "Europe/London")])
    context = browser.new_context(timezone_id="Europe/London", locale="en-GB")
    page = context.new_page()

    page.goto(f"{live_server.url}{event.get_absolute_url()}")

    assert page.locator(".event-times__zones li").all_inner_texts() == ["12 noon GMT – London, UK"]
    assert page.locator(".event-times__local").inner_text() == (
        "Your time (Europe/London): 12 noon GMT, Friday 18 January 2030")
    context.close()
