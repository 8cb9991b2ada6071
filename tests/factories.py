"""Plain helpers for test data (the fixtures using them are in tests/conftest.py)."""

import datetime

from django.utils import timezone

JOIN_URL = "https://meet.example.org/j/PRIVATE-JOIN-7f3a9c"

ALMATY_AND_LONDON = [("ALMT", "Almaty, Kazakhstan", "Asia/Almaty"), ("", "London, UK", "Europe/London")]


def days_from_today(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A naive wall time ``days`` from today (for events that must be upcoming or past whenever tests run)."""
    return datetime.datetime.combine(timezone.now().date() + datetime.timedelta(days=days), datetime.time(hour, minute))
