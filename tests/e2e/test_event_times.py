"""In a real browser: the reader's local time line in three zones, and the admin's preview before saving."""

import datetime

import pytest

from events.models import Event

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


def test_admin_shows_the_london_time_before_saving(browser, live_server, commission, django_user_model):
    django_user_model.objects.create_superuser("officer", "officer@example.org", "a-long-test-password")
    page = browser.new_page()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/events/event/add/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/events/event/add/")

    page.select_option("#id_timezone", "Asia/Almaty")
    page.fill("#id_display_zones-0-label", "ALMT")
    page.fill("#id_display_zones-0-place", "Almaty, Kazakhstan")
    page.select_option("#id_display_zones-0-timezone", "Asia/Almaty")
    page.fill("#id_display_zones-1-place", "London, UK")
    page.select_option("#id_display_zones-1-timezone", "Europe/London")
    page.fill("#id_slots-0-start_date", "20/01/2023")
    page.fill("#id_slots-0-start_time", "15:30")
    page.fill("#id_slots-0-end_time", "16:30")
    page.keyboard.press("Tab")

    preview = page.locator("#slots-0 .slot-preview li")
    preview.nth(2).wait_for()
    assert preview.all_inner_texts() == ["3:30pm ALMT – Almaty, Kazakhstan", "9:30am GMT – London, UK", "9:30am UTC"]

    page.fill("#id_slots-0-start_date", "29/02/2024")
    page.fill("#id_slots-0-start_time", "23:30")
    page.keyboard.press("Tab")
    page.locator("#slots-0 .slot-preview li.errornote").wait_for()
    assert "happens twice in Asia/Almaty" in page.locator("#slots-0 .slot-preview").inner_text()
    assert Event.objects.count() == 0
    page.close()
