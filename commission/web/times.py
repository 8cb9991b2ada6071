"""The house style for writing dates and times: the one place for it.

The time style is the ``TIME_STYLE`` setting, read at each call:

- ``12h`` (default) ``3:30pm``: 12-hour clock, colon, lower-case am/pm, no leading zero;
- ``12h-dot`` ``3.30pm``: the same with a dot (British newspaper style);
- ``24h`` ``15:30``.

In both 12-hour styles noon and midnight are written ``12 noon`` and ``12 midnight``: "12:00pm" and
"12:00am" are read the wrong way round by many people.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

TIME_STYLES = ("12h", "12h-dot", "24h")
DATE_FORMAT = "l j F Y"  # Friday 20 January 2023
SHORT_DATE_FORMAT = "l j F"  # Saturday 21 January

_NUMERIC_ABBREVIATION = re.compile(r"^([+-])(\d{2})(\d{2})?$")


def time_style() -> str:
    style = getattr(settings, "TIME_STYLE", "12h")
    if style not in TIME_STYLES:
        raise ImproperlyConfigured(f"TIME_STYLE must be one of {', '.join(TIME_STYLES)}, not {style!r}.")
    return style


def format_time(value: datetime.datetime | datetime.time, style: str | None = None) -> str:
    """A time of day in the house style: ``3:30pm`` (``12h``), ``3.30pm`` (``12h-dot``), ``15:30`` (``24h``);
    ``12 noon`` and ``12 midnight`` in the 12-hour styles."""
    style = style or time_style()
    if style == "24h":
        return f"{value.hour:02d}:{value.minute:02d}"
    if value.minute == 0 and value.hour in (0, 12):
        return gettext("12 noon") if value.hour == 12 else gettext("12 midnight")
    hour = value.hour % 12 or 12
    separator = "." if style == "12h-dot" else ":"
    return f"{hour}{separator}{value.minute:02d}{'am' if value.hour < 12 else 'pm'}"


def format_date(value: datetime.date | datetime.datetime, *, year: bool = True) -> str:
    """``Friday 20 January 2023`` (in the active language)."""
    return formats.date_format(value, DATE_FORMAT if year else SHORT_DATE_FORMAT)


def format_offset(offset: datetime.timedelta) -> str:
    """``UTC+6``, ``UTC-3``, ``UTC+5:45``, ``UTC``."""
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


def abbreviation(local: datetime.datetime) -> str:
    """The zone's own abbreviation at that moment: GMT or BST for London; ``+06`` becomes ``UTC+6``."""
    name = local.tzname() or ""
    if not name or _NUMERIC_ABBREVIATION.match(name):
        return format_offset(local.utcoffset() or datetime.timedelta(0))
    return name


def format_duration(delta: datetime.timedelta) -> str:
    """``1 hour``, ``1 hour 30 minutes``, ``45 minutes``."""
    minutes = int(delta.total_seconds()) // 60
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    if minutes or not hours:
        parts.append(ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes})
    return " ".join(parts)


def date_and_time(value: datetime.datetime) -> str:
    """``Friday 20 January 2023, 3:30pm GMT`` in the current time zone (a naive value is read in it)."""
    if not value:
        return ""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    local = timezone.localtime(value)
    return f"{format_date(local)}, {format_time(local)} {abbreviation(local)}"
