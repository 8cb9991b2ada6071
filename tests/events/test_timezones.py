"""One instant in several zones: the house style, DST both ways in both hemispheres, and Almaty's change."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ImproperlyConfigured

from commission.web import times
from events import timezones
from events.models import DisplayZone

UTC = datetime.UTC
SEED_ZONES = [
    DisplayZone(label="ALMT", place="Almaty, Kazakhstan", timezone="Asia/Almaty"),
    DisplayZone(label="", place="London, UK", timezone="Europe/London"),
]


def texts(instant, zones=SEED_ZONES, **kwargs):
    return [zone_time.text for zone_time in timezones.in_zones(instant, zones, **kwargs)]


def test_seed_press_conference_reads_as_the_release_says():
    instant = timezones.wall_to_utc(datetime.datetime(2023, 1, 20, 15, 30), "Asia/Almaty")

    assert instant == datetime.datetime(2023, 1, 20, 9, 30, tzinfo=UTC)
    assert texts(instant) == ["3:30pm ALMT – Almaty, Kazakhstan", "9:30am GMT – London, UK"]


def test_london_abbreviation_follows_the_date_gmt_in_winter_bst_in_summer():
    winter = datetime.datetime(2025, 1, 15, 10, 0, tzinfo=UTC)
    summer = datetime.datetime(2025, 7, 15, 10, 0, tzinfo=UTC)

    assert timezones.in_zone(winter, "Europe/London").text == "10:00am GMT"
    assert timezones.in_zone(summer, "Europe/London").text == "11:00am BST"


@pytest.mark.parametrize(
    ("style", "expected"),
    [("12h", ["12 midnight", "12:05am", "9:30am", "12 noon", "12:30pm", "3:30pm", "11:59pm"]),
     ("12h-dot", ["12 midnight", "12.05am", "9.30am", "12 noon", "12.30pm", "3.30pm", "11.59pm"]),
     ("24h", ["00:00", "00:05", "09:30", "12:00", "12:30", "15:30", "23:59"])],
)
def test_format_time_house_styles(settings, style, expected):
    settings.TIME_STYLE = style
    values = [datetime.time(0, 0), datetime.time(0, 5), datetime.time(9, 30), datetime.time(12, 0),
              datetime.time(12, 30), datetime.time(15, 30), datetime.time(23, 59)]

    assert [times.format_time(value) for value in values] == expected


def test_time_style_setting_is_read_at_call_time(settings):
    instant = datetime.datetime(2023, 1, 20, 9, 30, tzinfo=UTC)
    settings.TIME_STYLE = "12h-dot"

    assert texts(instant) == ["3.30pm ALMT – Almaty, Kazakhstan", "9.30am GMT – London, UK"]


def test_unknown_time_style_is_a_configuration_error(settings):
    settings.TIME_STYLE = "military"

    with pytest.raises(ImproperlyConfigured, match="TIME_STYLE must be one of 12h, 12h-dot, 24h"):
        times.format_time(datetime.time(9, 30))


@pytest.mark.parametrize(
    ("zone", "instant", "expected"),
    [
        ("Asia/Almaty", datetime.datetime(2023, 1, 20, 9, 30, tzinfo=UTC), "3:30pm UTC+6"),
        ("Asia/Kathmandu", datetime.datetime(2024, 3, 20, 10, 0, tzinfo=UTC), "3:45pm UTC+5:45"),
        ("America/Sao_Paulo", datetime.datetime(2024, 3, 20, 10, 0, tzinfo=UTC), "7:00am UTC-3"),
        ("UTC", datetime.datetime(2024, 3, 20, 10, 0, tzinfo=UTC), "10:00am UTC"),
        ("America/New_York", datetime.datetime(2024, 1, 20, 10, 0, tzinfo=UTC), "5:00am EST"),
    ],
)
def test_numeric_abbreviations_are_written_as_utc_offsets(zone, instant, expected):
    assert timezones.in_zone(instant, zone).text == expected


@pytest.mark.parametrize(
    ("zone", "instant", "expected"),
    [
        ("Asia/Almaty", datetime.datetime(2023, 1, 20, 9, 30, tzinfo=UTC), 360),
        ("Asia/Almaty", datetime.datetime(2024, 3, 20, 9, 30, tzinfo=UTC), 300),
        ("Asia/Kathmandu", datetime.datetime(2024, 3, 20, 10, 0, tzinfo=UTC), 345),
        ("America/St_Johns", datetime.datetime(2024, 1, 20, 10, 0, tzinfo=UTC), -210),
        ("Europe/London", datetime.datetime(2024, 1, 20, 10, 0, tzinfo=UTC), 0),
    ],
)
def test_offset_minutes_are_the_zones_at_that_instant(zone, instant, expected):
    assert timezones.in_zone(instant, zone).offset_minutes == expected


@pytest.mark.parametrize(
    ("zone", "instant", "expected"),
    [
        # Northern hemisphere, spring forward (Europe/London, 31 March 2024 01:00 UTC).
        ("Europe/London", datetime.datetime(2024, 3, 31, 0, 30, tzinfo=UTC), "12:30am GMT"),
        ("Europe/London", datetime.datetime(2024, 3, 31, 1, 30, tzinfo=UTC), "2:30am BST"),
        # Northern hemisphere, fall back (27 October 2024 01:00 UTC): 1:30am twice.
        ("Europe/London", datetime.datetime(2024, 10, 27, 0, 30, tzinfo=UTC), "1:30am BST"),
        ("Europe/London", datetime.datetime(2024, 10, 27, 1, 30, tzinfo=UTC), "1:30am GMT"),
        # Southern hemisphere, spring forward (Sydney, 6 October 2024 02:00 AEST).
        ("Australia/Sydney", datetime.datetime(2024, 10, 5, 15, 30, tzinfo=UTC), "1:30am AEST"),
        ("Australia/Sydney", datetime.datetime(2024, 10, 5, 16, 30, tzinfo=UTC), "3:30am AEDT"),
        # Southern hemisphere, fall back (7 April 2024 03:00 AEDT): 2:30am twice.
        ("Australia/Sydney", datetime.datetime(2024, 4, 6, 15, 30, tzinfo=UTC), "2:30am AEDT"),
        ("Australia/Sydney", datetime.datetime(2024, 4, 6, 16, 30, tzinfo=UTC), "2:30am AEST"),
        # Southern hemisphere with numeric abbreviations only (Santiago, April 2024).
        ("America/Santiago", datetime.datetime(2024, 4, 7, 2, 30, tzinfo=UTC), "11:30pm UTC-3"),
        ("America/Santiago", datetime.datetime(2024, 4, 7, 3, 30, tzinfo=UTC), "11:30pm UTC-4"),
    ],
)
def test_rendering_across_dst_both_directions_both_hemispheres(zone, instant, expected):
    assert timezones.in_zone(instant, zone).text == expected


def test_london_event_seen_from_new_york_while_only_america_has_changed_clocks():
    # US clocks went forward on 10 March 2024, the UK's on 31 March: the gap is 4 hours in between.
    before = timezones.wall_to_utc(datetime.datetime(2024, 3, 20, 10, 0), "Europe/London")
    after = timezones.wall_to_utc(datetime.datetime(2024, 4, 3, 10, 0), "Europe/London")
    zones = [DisplayZone(label="", place="New York, USA", timezone="America/New_York")]

    assert texts(before, zones) == ["6:00am EDT – New York, USA"]
    assert texts(after, zones) == ["5:00am EDT – New York, USA"]


def test_almaty_change_on_1_march_2024_moves_the_london_time():
    zones = [DisplayZone(label="", place="Almaty, Kazakhstan", timezone="Asia/Almaty"),
             DisplayZone(label="", place="London, UK", timezone="Europe/London")]
    before = timezones.wall_to_utc(datetime.datetime(2024, 2, 28, 15, 30), "Asia/Almaty")
    after = timezones.wall_to_utc(datetime.datetime(2024, 3, 5, 15, 30), "Asia/Almaty")

    assert before == datetime.datetime(2024, 2, 28, 9, 30, tzinfo=UTC)
    assert after == datetime.datetime(2024, 3, 5, 10, 30, tzinfo=UTC)
    assert texts(before, zones) == ["3:30pm UTC+6 – Almaty, Kazakhstan", "9:30am GMT – London, UK"]
    assert texts(after, zones) == ["3:30pm UTC+5 – Almaty, Kazakhstan", "10:30am GMT – London, UK"]


@pytest.mark.parametrize(
    ("wall", "zone", "message"),
    [
        (datetime.datetime(2024, 3, 31, 1, 30), "Europe/London",
         "1:30am on Sunday 31 March 2024 does not exist in Europe/London: the clocks go forward that night "
         "(GMT to BST). Choose a time that exists."),
        (datetime.datetime(2024, 10, 6, 2, 30), "Australia/Sydney",
         "2:30am on Sunday 6 October 2024 does not exist in Australia/Sydney: the clocks go forward that night "
         "(AEST to AEDT). Choose a time that exists."),
    ],
)
def test_wall_time_in_a_spring_forward_gap_is_refused(wall, zone, message):
    with pytest.raises(timezones.NonexistentTimeError) as caught:
        timezones.wall_to_utc(wall, zone)

    assert caught.value.message == message


@pytest.mark.parametrize(
    ("wall", "zone", "first", "second", "message"),
    [
        (datetime.datetime(2024, 10, 27, 1, 30), "Europe/London",
         datetime.datetime(2024, 10, 27, 0, 30, tzinfo=UTC), datetime.datetime(2024, 10, 27, 1, 30, tzinfo=UTC),
         "1:30am on Sunday 27 October 2024 happens twice in Europe/London: first at BST, then again at GMT after "
         "the clocks go back. Choose which occurrence is meant."),
        (datetime.datetime(2024, 2, 29, 23, 30), "Asia/Almaty",
         datetime.datetime(2024, 2, 29, 17, 30, tzinfo=UTC), datetime.datetime(2024, 2, 29, 18, 30, tzinfo=UTC),
         "11:30pm on Thursday 29 February 2024 happens twice in Asia/Almaty: first at UTC+6, then again at UTC+5 "
         "after the clocks go back. Choose which occurrence is meant."),
        (datetime.datetime(2024, 4, 7, 2, 30), "Australia/Sydney",
         datetime.datetime(2024, 4, 6, 15, 30, tzinfo=UTC), datetime.datetime(2024, 4, 6, 16, 30, tzinfo=UTC),
         "2:30am on Sunday 7 April 2024 happens twice in Australia/Sydney: first at AEDT, then again at AEST after "
         "the clocks go back. Choose which occurrence is meant."),
    ],
)
def test_ambiguous_wall_time_needs_an_explicit_occurrence(wall, zone, first, second, message):
    with pytest.raises(timezones.AmbiguousTimeError) as caught:
        timezones.wall_to_utc(wall, zone)

    assert caught.value.message == message
    assert timezones.wall_to_utc(wall, zone, occurrence=0) == first
    assert timezones.wall_to_utc(wall, zone, occurrence=1) == second


def test_almaty_hour_before_the_repeat_is_not_ambiguous():
    assert timezones.wall_to_utc(datetime.datetime(2024, 2, 29, 22, 59), "Asia/Almaty") == datetime.datetime(
        2024, 2, 29, 16, 59, tzinfo=UTC
    )
    assert timezones.is_ambiguous(datetime.datetime(2024, 2, 29, 23, 0), "Asia/Almaty") is True
    assert timezones.is_ambiguous(datetime.datetime(2024, 3, 1, 0, 0), "Asia/Almaty") is False


def test_unknown_zone_name_is_refused():
    with pytest.raises(zoneinfo.ZoneInfoNotFoundError):
        timezones.wall_to_utc(datetime.datetime(2025, 1, 1, 12, 0), "Asia/Almatyy")
    assert timezones.is_zone_name("Asia/Almaty") is True
    assert timezones.is_zone_name("Asia/Almatyy") is False
    assert timezones.is_zone_name("../etc/passwd") is False


def test_local_date_is_added_when_it_differs_from_the_reference_date():
    instant = timezones.wall_to_utc(datetime.datetime(2030, 1, 20, 23, 0), "Europe/London")

    assert texts(instant, reference_date=datetime.date(2030, 1, 20)) == [
        "4:00am ALMT, Monday 21 January – Almaty, Kazakhstan",
        "11:00pm GMT – London, UK",
    ]


def test_format_duration():
    assert times.format_duration(datetime.timedelta(hours=1)) == "1 hour"
    assert times.format_duration(datetime.timedelta(minutes=90)) == "1 hour 30 minutes"
    assert times.format_duration(datetime.timedelta(minutes=45)) == "45 minutes"
    assert times.format_duration(datetime.timedelta(hours=2)) == "2 hours"
