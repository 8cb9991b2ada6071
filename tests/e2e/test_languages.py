"""In a real browser: the language switcher by keyboard, and the reader's local time line in Russian and
Kazakh written as those pages write dates and times."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.factories import make_event_version

pytestmark = pytest.mark.django_db(transaction=True)

SEED_SLOT = [(datetime.datetime(2023, 1, 20, 15, 30), datetime.datetime(2023, 1, 20, 16, 30))]


def test_keyboard_reader_switches_to_kazakh_on_the_same_press_conference(page, live_server, make_event):
    event = make_event(slots=SEED_SLOT)
    version = make_event_version(event, "kk", title="Баспасөз конференциясы", slug="baspasoz-konferenciyasy")
    page.goto(f"{live_server.url}{event.get_absolute_url()}")
    switcher = page.locator(".language-switcher").bounding_box()

    for _ in range(12):  # skip link, site name, the three sections, then the languages
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Қазақша":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}{version.get_absolute_url()}")

    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.locator("h1").inner_text() == "Баспасөз конференциясы"
    current = page.locator(".language-switcher a[aria-current='true']")
    assert (current.inner_text(), current.get_attribute("lang")) == ("Қазақша", "kk")
    # The switcher stays where the reader found it, though the Kazakh words are longer.
    assert page.locator(".language-switcher").bounding_box()["x"] == switcher["x"]


@pytest.mark.parametrize(
    ("prefix", "zone", "expected"),
    [
        # The reader's city in the page's language too.
        ("/ru", "America/New_York", "Ваше время (Нью-Йорк): 04:30 EST, пятница, 20 января 2023"),
        ("/kk", "America/New_York", "Сіздің уақытыңыз (Нью-Йорк): 04:30 EST, 2023 жылғы 20 қаңтар, жұма"),
        # A zone that names no place: the translated line without its place.
        ("/ru", "Etc/GMT-5", "Ваше время: 14:30 UTC+5, пятница, 20 января 2023"),
        ("/kk", "Etc/GMT-5", "Сіздің уақытыңыз: 14:30 UTC+5, 2023 жылғы 20 қаңтар, жұма"),
    ],
)
def test_local_time_line_follows_the_pages_language(browser, live_server, make_event, prefix, zone, expected):
    event = make_event(slots=SEED_SLOT)
    context = browser.new_context(timezone_id=zone, locale="en-GB")
    page = context.new_page()

    page.goto(f"{live_server.url}{prefix}{event.get_absolute_url()}")

    # A press conference with no version in these languages: its English place names.
    assert page.locator(".event-times__zones li").all_inner_texts() == [
        "15:30 ALMT – Almaty, Kazakhstan", "09:30 GMT – London, UK"]
    expect(page.locator(".event-times__local")).to_have_text(expected)
    context.close()


def test_the_row_read_as_the_readers_clock_is_marked_in_the_pages_language(browser, live_server, make_event):
    event = make_event(slots=SEED_SLOT)
    context = browser.new_context(timezone_id="Asia/Almaty", locale="en-GB")
    page = context.new_page()
    try:
        for prefix, mark in [("/ru", "(ваше время)"), ("/kk", "(сіздің уақытыңыз)")]:
            page.goto(f"{live_server.url}{prefix}{event.get_absolute_url()}")

            assert page.locator(".event-times__zones li").all_inner_texts() == [
                f"15:30 ALMT – Almaty, Kazakhstan {mark}", "09:30 GMT – London, UK"]
            assert page.locator(".event-times__local").is_hidden()
    finally:
        context.close()
