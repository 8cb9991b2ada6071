"""What the press admin's modules share: times as the newsroom reads them."""

import datetime

from django.utils import timezone

from commission.web.times import date_and_time
from events import timezones


def in_zones(moment: datetime.datetime) -> str:
    """A time in the site's zone and in UTC, the way the newsroom reads it:
    ``Saturday 1 July 2028, 10:00am BST (Europe/London) · 9:00am UTC``."""
    text = date_and_time(moment)
    zone = timezone.get_current_timezone_name()
    if zone == "UTC":
        return text
    utc = timezones.in_zone(moment, "UTC", reference_date=timezone.localtime(moment).date())
    return f"{text} ({zone}) · {utc.text}"
