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
