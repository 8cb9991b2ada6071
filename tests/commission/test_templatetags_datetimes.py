"""Datetimes in templates (commission/templatetags/datetimes.py): the datetime attribute of <time> elements
({{ value|datetime_attr }}) and a date with a time in the house style ({{ value|date_and_time }})."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone

UTC = datetime.UTC


def date_and_time(value) -> str:
    return Template("{% load datetimes %}{{ value|date_and_time }}").render(Context({"value": value}))


def datetime_attr(value) -> str:
    return Template("{% load datetimes %}{{ value|datetime_attr }}").render(Context({"value": value}))


# The datetime attribute -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "value", "expected"),
    [
        ("UTC", datetime.datetime(2023, 1, 17, 12, 0, tzinfo=UTC), "2023-01-17T12:00:00+00:00"),
        # Microseconds are left out, not rounded: HTML refuses them in this attribute.
        ("UTC", datetime.datetime(2023, 1, 17, 12, 0, 5, 999_999, tzinfo=UTC), "2023-01-17T12:00:05+00:00"),
        ("Europe/London", datetime.datetime(2023, 7, 1, 23, 30, 0, 250_000, tzinfo=UTC), "2023-07-02T00:30:00+01:00"),
        ("Asia/Kathmandu", datetime.datetime(2023, 1, 17, 12, 0, tzinfo=UTC), "2023-01-17T17:45:00+05:45"),
        ("America/St_Johns", datetime.datetime(2023, 1, 17, 12, 0, 1, 5, tzinfo=UTC), "2023-01-17T08:30:01-03:30"),
        # The hour that happens twice when the clocks go back: each time with its own offset.
        ("Europe/London", datetime.datetime(2023, 10, 29, 0, 30, tzinfo=UTC), "2023-10-29T01:30:00+01:00"),
        ("Europe/London", datetime.datetime(2023, 10, 29, 1, 30, tzinfo=UTC), "2023-10-29T01:30:00+00:00"),
        ("UTC", datetime.datetime(987, 6, 5, 4, 3, 2, tzinfo=UTC), "0987-06-05T04:03:02+00:00"),
    ],
)
def test_datetime_attr_is_whole_seconds_and_an_offset_in_the_current_time_zone(zone, value, expected):
    with timezone.override(ZoneInfo(zone)):
        assert datetime_attr(value) == expected


def test_datetime_attr_reads_a_naive_value_in_the_current_time_zone(settings):
    settings.TIME_ZONE = "Asia/Almaty"

    assert datetime_attr(datetime.datetime(2023, 1, 17, 12, 0, 0, 1)) == "2023-01-17T12:00:00+06:00"


def test_datetime_attr_of_nothing_is_empty():
    assert datetime_attr(None) == ""


# A date and time in the house style ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "style", "expected"),
    [
        ("UTC", "12h", "Tuesday 17 January 2023, 2:30pm UTC"),
        ("Europe/London", "12h-dot", "Tuesday 17 January 2023, 2.30pm GMT"),
        ("Europe/London", "24h", "Tuesday 17 January 2023, 14:30 GMT"),
        # A zone whose abbreviation is a number is written as events/timezones.py writes it.
        ("Asia/Almaty", "12h", "Tuesday 17 January 2023, 8:30pm UTC+6"),
        ("Asia/Kathmandu", "12h", "Tuesday 17 January 2023, 8:15pm UTC+5:45"),
        ("America/New_York", "12h", "Tuesday 17 January 2023, 9:30am EST"),
    ],
)
def test_date_and_time_is_in_the_house_style_and_the_current_time_zone(settings, zone, style, expected):
    settings.TIME_STYLE = style
    with timezone.override(ZoneInfo(zone)):
        assert date_and_time(datetime.datetime(2023, 1, 17, 14, 30, tzinfo=UTC)) == expected


def test_date_and_time_of_nothing_is_empty():
    assert date_and_time(None) == ""
