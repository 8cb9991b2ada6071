from django import template
from django.utils import timezone

register = template.Library()


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
