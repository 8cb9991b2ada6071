"""The house style for writing dates and times: the one place for it.

The time style is the ``TIME_STYLE`` setting, read at each call:

- ``12h`` (default) ``3:30pm``: 12-hour clock, colon, lower-case am/pm, no leading zero;
- ``12h-dot`` ``3.30pm``: the same with a dot (British newspaper style);
- ``24h`` ``15:30``.

In both 12-hour styles noon and midnight are written ``12 noon`` and ``12 midnight``: "12:00pm" and
"12:00am" are read the wrong way round by many people.

That is the English style. Russian and Kazakh pages follow their own languages' style, whatever
``TIME_STYLE`` says: the 24-hour clock (``15:30``), and dates as their newspapers write them, with the
names in lower case and Russian months in the genitive: ``пятница, 20 января 2023``,
``2023 жылғы 20 қаңтар, жұма``. The names are written here rather than taken from Django's catalogues,
whose Kazakh capitalises them and misspells ``жұма``.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext, ngettext

TIME_STYLES = ("12h", "12h-dot", "24h")

_NUMERIC_ABBREVIATION = re.compile(r"^([+-])(\d{2})(\d{2})?$")

# Monday first, as date.weekday() counts; months from January.
_WEEKDAYS = {
    "ru": ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"),
    "kk": ("дүйсенбі", "сейсенбі", "сәрсенбі", "бейсенбі", "жұма", "сенбі", "жексенбі"),
}
_MONTHS = {
    "ru": (
        "января", "февраля", "марта", "апреля", "мая", "июня",
        "июля", "августа", "сентября", "октября", "ноября", "декабря",
    ),
    "kk": (
        "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
        "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
    ),
}  # fmt: skip
# A month on its own ("launched in October 2022") is in the nominative.
_RUSSIAN_MONTHS_NOMINATIVE = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip


def _language() -> str:
    """``ru`` or ``kk`` when the page is in one of them; ``en`` (the house style) otherwise."""
    language = (get_language() or "en").split("-")[0]
    return language if language in _WEEKDAYS else "en"


def time_style() -> str:
    style = getattr(settings, "TIME_STYLE", "12h")
    if style not in TIME_STYLES:
        raise ImproperlyConfigured(f"TIME_STYLE must be one of {', '.join(TIME_STYLES)}, not {style!r}.")
    return style if _language() == "en" else "24h"


def format_time(value: datetime.datetime | datetime.time, style: str | None = None) -> str:
    """A time of day in the house style: ``3:30pm`` (``12h``), ``3.30pm`` (``12h-dot``), ``15:30`` (``24h``);
    ``12 noon`` and ``12 midnight`` in the 12-hour styles. Always ``15:30`` in Russian and Kazakh."""
    style = style or time_style()
    if style == "24h" or _language() != "en":
        return f"{value.hour:02d}:{value.minute:02d}"
    if value.minute == 0 and value.hour in (0, 12):
        return gettext("12 noon") if value.hour == 12 else gettext("12 midnight")
    hour = value.hour % 12 or 12
    separator = "." if style == "12h-dot" else ":"
    return f"{hour}{separator}{value.minute:02d}{'am' if value.hour < 12 else 'pm'}"


def format_date(value: datetime.date | datetime.datetime, *, year: bool = True, weekday: bool = True) -> str:
    """``Friday 20 January 2023``; ``пятница, 20 января 2023``; ``2023 жылғы 20 қаңтар, жұма``.

    Without the weekday: ``20 January 2023``, ``20 января 2023``, ``2023 жылғы 20 қаңтар``.
    """
    language = _language()
    if language == "en":
        return formats.date_format(value, ("l " if weekday else "") + ("j F Y" if year else "j F"))
    day = _WEEKDAYS[language][value.weekday()]
    month = _MONTHS[language][value.month - 1]
    if language == "ru":
        return (f"{day}, " if weekday else "") + f"{value.day} {month}" + (f" {value.year}" if year else "")
    return (f"{value.year} жылғы " if year else "") + f"{value.day} {month}" + (f", {day}" if weekday else "")


def date_names() -> dict[str, tuple[str, ...]] | None:
    """The weekday (Monday first) and month names dates use in this language, for a browser to write a date
    as the server does (static/js/local-time.js); ``None`` in English, which browsers all know."""
    language = _language()
    if language == "en":
        return None
    return {"weekdays": _WEEKDAYS[language], "months": _MONTHS[language]}


def format_month(value: datetime.date | datetime.datetime) -> str:
    """``October 2022``; ``октябрь 2022``; ``2022 жылғы қазан``."""
    language = _language()
    if language == "en":
        return formats.date_format(value, "F Y")
    if language == "ru":
        return f"{_RUSSIAN_MONTHS_NOMINATIVE[value.month - 1]} {value.year}"
    return f"{value.year} жылғы {_MONTHS[language][value.month - 1]}"


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


def list_time(value) -> str:
    """A moment in an admin list column or read-only field, in the house style and the current zone:
    ``20 Jan 2023, 3:30pm GMT``."""
    if not value:
        return "—"
    local = timezone.localtime(value)
    return f"{formats.date_format(local, 'j M Y')}, {format_time(local)} {abbreviation(local)}"
