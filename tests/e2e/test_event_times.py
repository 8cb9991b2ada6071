"""In a real browser: the reader's own time beside the time lines, in several zones (the admin's preview before
saving is in test_press_officer.py, done as a press officer)."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

SEED_SLOT = [(datetime.datetime(2023, 1, 20, 15, 30), datetime.datetime(2023, 1, 20, 16, 30))]
SEED_ROWS = ["3:30pm ALMT – Almaty, Kazakhstan", "9:30am GMT – London, UK"]


@pytest.fixture
def visit(browser, live_server):
    """Open an event's page in a browser whose clock is in ``zone``; the browser is closed even if a test fails."""
    contexts = []

    def visit(event, zone, **options):
        contexts.append(browser.new_context(timezone_id=zone, locale="en-GB", **options))
        page = contexts[-1].new_page()
        page.goto(f"{live_server.url}{event.get_absolute_url()}")
        return page

    yield visit
    for context in contexts:
        context.close()


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        # The city the zone is named after, not its id; the zone's own abbreviation where it has one.
        ("America/New_York", "Your time (New York): 4:30am EST, Friday 20 January 2023"),
        # Browsers report these by the cities' former names (Asia/Calcutta, Europe/Kiev).
        ("Asia/Kolkata", "Your time (Kolkata): 3:00pm UTC+5:30, Friday 20 January 2023"),
        ("Europe/Kyiv", "Your time (Kyiv): 11:30am EET, Friday 20 January 2023"),
        # A zone that is only an offset names no place.
        ("Etc/GMT-5", "Your time: 2:30pm UTC+5, Friday 20 January 2023"),
    ],
)
def test_local_time_line_names_the_readers_city_and_zone(visit, make_event, zone, expected):
    event = make_event(slots=SEED_SLOT)

    page = visit(event, zone)

    local = page.locator(".event-times__local")
    expect(local).to_have_text(expected)  # once the city's name has come back from the server
    assert local.is_visible()
    assert page.locator(".event-times__zones li").all_inner_texts() == SEED_ROWS


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Asia/Almaty", ["3:30pm ALMT – Almaty, Kazakhstan (your time)", "9:30am GMT – London, UK"]),
        ("Europe/London", ["3:30pm ALMT – Almaty, Kazakhstan", "9:30am GMT – London, UK (your time)"]),
        # Not one of the zones, but its clocks read the same then (UTC+6): that line is the reader's time too.
        ("Asia/Bishkek", ["3:30pm ALMT – Almaty, Kazakhstan (your time)", "9:30am GMT – London, UK"]),
    ],
)
def test_time_line_the_reader_shares_is_marked_instead_of_repeated(visit, make_event, zone, expected):
    event = make_event(slots=SEED_SLOT)

    page = visit(event, zone)

    assert page.locator(".event-times__zones li").all_inner_texts() == expected
    assert page.locator(".event-times__local").is_hidden()


def test_time_line_marked_follows_the_offset_of_each_slot(visit, make_event):
    # Almaty moved from UTC+6 to UTC+5 on 1 March 2024: a reader in Tashkent (UTC+5) shares only the later slot's.
    event = make_event(slots=[(datetime.datetime(2024, 2, 20, 15, 0), datetime.datetime(2024, 2, 20, 16, 0)),
                              (datetime.datetime(2024, 3, 20, 15, 0), datetime.datetime(2024, 3, 20, 16, 0))])

    page = visit(event, "Asia/Tashkent")

    slots = page.locator(".event-times__slot")
    assert slots.nth(0).locator(".event-times__zones li").all_inner_texts() == [
        "3:00pm ALMT – Almaty, Kazakhstan", "9:00am GMT – London, UK"]
    expect(slots.nth(0).locator(".event-times__local")).to_have_text(
        "Your time (Tashkent): 2:00pm UTC+5, Tuesday 20 February 2024")
    assert slots.nth(1).locator(".event-times__zones li").all_inner_texts() == [
        "3:00pm ALMT – Almaty, Kazakhstan (your time)", "10:00am GMT – London, UK"]
    assert slots.nth(1).locator(".event-times__local").is_hidden()


def test_page_without_javascript_has_every_time_and_no_empty_local_line(visit, make_event):
    event = make_event(slots=SEED_SLOT)

    page = visit(event, "Asia/Almaty", java_script_enabled=False)

    assert page.locator(".event-times__zones li").all_inner_texts() == SEED_ROWS
    assert page.locator(".event-times__local").is_hidden()


def test_local_time_line_writes_noon_as_the_page_does(visit, make_event):
    event = make_event(slots=[(datetime.datetime(2030, 1, 18, 17, 0), datetime.datetime(2030, 1, 18, 18, 0))],
                       zone="Europe/London", display_zones=[("", "London, UK", "Europe/London")])

    page = visit(event, "America/New_York")

    assert page.locator(".event-times__zones li").all_inner_texts() == ["5:00pm GMT – London, UK"]
    expect(page.locator(".event-times__local")).to_have_text(
        "Your time (New York): 12 noon EST, Friday 18 January 2030")
