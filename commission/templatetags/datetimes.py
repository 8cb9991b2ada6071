from django import template
from django.utils import timezone
from django.utils.html import format_html

from commission.web import times

register = template.Library()


@register.filter
def date_and_time(value) -> str:
    """``{{ value|date_and_time }}``: ``Friday 20 January 2023, 3:30pm GMT`` in the current time zone.

    The date, the time in the house style (``TIME_STYLE``) and the zone's abbreviation.
    """
    return times.date_and_time(value)


@register.filter
def list_time(value) -> str:
    """``{{ value|list_time }}``: ``20 Jan 2023, 3:30pm GMT``, the admin's house style for a moment in a list
    or a read-only field (``commission.web.times.list_time``)."""
    return times.list_time(value)


@register.filter(expects_localtime=True)
def day(value) -> str:
    """``{{ value|day }}``: ``20 January 2023`` (``20 января 2023``, ``2023 жылғы 20 қаңтар``) in the current time zone."""
    return times.format_date(value, weekday=False) if value else ""


@register.filter
def month(value) -> str:
    """``{{ value|month }}``: ``October 2022`` (``октябрь 2022``, ``2022 жылғы қазан``)."""
    return times.format_month(value) if value else ""


@register.filter(expects_localtime=True, is_safe=True)
def datetime_attr(value):
    """``{{ value|datetime_attr }}``: a datetime for a ``<time datetime="…">`` attribute, in the current time zone.

    Whole seconds and a ``+HH:MM`` offset, e.g. ``2023-01-20T15:30:00+06:00``: ``date:'c'`` would add
    microseconds when there are some, which HTML refuses. A naive value is read in the current time zone.
    """
    if not value:
        return ""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    seconds = int(value.utcoffset().total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, minutes = divmod(abs(seconds) // 60, 60)  # HTML takes no seconds in an offset
    return f"{value.replace(microsecond=0, tzinfo=None).isoformat()}{sign}{hours:02d}:{minutes:02d}"


@register.simple_tag
def date_names_attrs():
    """``{% date_names_attrs %}``: ``data-weekdays`` and ``data-months`` for the browser's local time line, in
    Russian and Kazakh (browsers' own Kazakh names may be missing); nothing in English."""
    names = times.date_names()
    if names is None:
        return ""
    return format_html(' data-weekdays="{}" data-months="{}"', "|".join(names["weekdays"]), "|".join(names["months"]))
