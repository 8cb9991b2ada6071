"""Factories for press-conference tests: an event with slots and display zones, no surprises."""

import datetime
import os

import pytest
from django.utils import timezone

from events.models import DisplayZone, Event, Slot

# pytest-playwright keeps an event loop running in the test thread; the ORM must still work there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
JOIN_URL = "https://meet.example.org/j/PRIVATE-JOIN-7f3a9c"

ALMATY_AND_LONDON = [("ALMT", "Almaty, Kazakhstan", "Asia/Almaty"), ("", "London, UK", "Europe/London")]


def days_from_today(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A naive wall time ``days`` from today (for events that must be upcoming or past whenever tests run)."""
    return datetime.datetime.combine(timezone.now().date() + datetime.timedelta(days=days), datetime.time(hour, minute))


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # admin_user's password hashing dominated these tests' run time; its strength is not under test here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_event(commission):
    counter = {"n": 0}

    def make(
        *,
        slots=None,
        zone="Asia/Almaty",
        display_zones=ALMATY_AND_LONDON,
        **fields,
    ) -> Event:
        counter["n"] += 1
        n = counter["n"]
        defaults = {
            "commission": commission,
            "title": f"Press conference {n}",
            "slug": f"press-conference-{n}",
            "summary": f"Summary {n}.",
            "status": Event.Status.PUBLISHED,
            "publish_at": timezone.now() - datetime.timedelta(days=1),
            "attendance": Event.Attendance.MIXED,
            "timezone": zone,
            "venue_name": "Hotel Kazakhstan",
            "venue_address": "Dostyk Avenue 52",
            "venue_city": "Almaty",
            "venue_country": "Kazakhstan",
            "online_platform": "Zoom",
            "join_url": JOIN_URL,
        }
        event = Event.objects.create(**{**defaults, **fields})
        if slots is None:
            slots = [(days_from_today(10, 15, 30), days_from_today(10, 16, 30))]
        for spec in slots:
            start, end, *rest = spec
            extra = rest[0] if rest else {}
            Slot.objects.create(
                event=event, start_date=start.date(), start_time=start.time(), end_date=end.date(),
                end_time=end.time(), **extra,
            )
        for order, (label, place, zone_name) in enumerate(display_zones):
            DisplayZone.objects.create(event=event, label=label, place=place, timezone=zone_name, order=order)
        return event

    return make


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """The system Chromium (Playwright's own browser downloads are not used)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"browser tests need Chromium at {CHROMIUM}")
    return {
        **browser_type_launch_args, "executable_path": CHROMIUM, "headless": True,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"],
    }
