"""One instant, written in several time zones: the one place for that rule.

A press conference happens at one instant that journalists in several
countries must read correctly. The truth is stored as a wall-clock reading in a
named IANA zone; this module turns it into a UTC instant (refusing times that
do not exist or that happen twice, unless told which occurrence is meant) and
writes an instant the way the house does, e.g. ``3:30pm ALMT – Almaty,
Kazakhstan``.

Times of day, dates and zone abbreviations are written in the house style of
``commission/web/times.py``.
"""

import datetime
import functools
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from babel.dates import get_timezone_location
from django.utils.translation import gettext as _
from django.utils.translation import to_locale

from commission.web.times import abbreviation, format_date, format_time

UTC = datetime.UTC


class WallTimeError(ValueError):
    """A wall-clock time that cannot be turned into one instant without a decision."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NonexistentTimeError(WallTimeError):
    """The clocks skip this time (spring-forward gap)."""


class AmbiguousTimeError(WallTimeError):
    """This time happens twice (the clocks go back) and no occurrence was chosen."""


@functools.cache
def zone_names() -> frozenset[str]:
    """IANA zone names known to this server's tzdata (``Area/Location`` and ``UTC``)."""
    return frozenset(name for name in zoneinfo.available_timezones() if "/" in name or name == "UTC")


@functools.cache
def zone_choices() -> tuple[tuple[str, str], ...]:
    return tuple((name, name) for name in sorted(zone_names()))


def is_zone_name(name: str) -> bool:
    return name in zone_names()


def get_zone(name: str) -> zoneinfo.ZoneInfo:
    if not is_zone_name(name):
        raise zoneinfo.ZoneInfoNotFoundError(name)
    return zoneinfo.ZoneInfo(name)


def city_name(name: str, language: str) -> str:
    """The city the zone ``name`` is named after, written in ``language``: CLDR's name for it, through Babel
    (``America/New_York``: "New York", "Нью-Йорк"; a former id such as ``Europe/Kiev`` as the city is called
    now, "Kyiv"). Empty for a zone unknown here or named after no city (``UTC``, ``Etc/GMT-5``)."""
    if "/" not in name or name.startswith("Etc/") or not is_zone_name(name):
        return ""
    return _city_name(name, to_locale(language))


@functools.cache  # zone names checked first: a few hundred zones in the site's languages
def _city_name(name: str, locale: str) -> str:
    return get_timezone_location(name, locale=locale, return_city=True)


def _describe_wall(wall: datetime.datetime) -> str:
    return _("%(time)s on %(date)s") % {"time": format_time(wall), "date": format_date(wall)}


def wall_to_utc(wall: datetime.datetime, zone_name: str, *, occurrence: int | None = None) -> datetime.datetime:
    """The UTC instant of a naive wall-clock time in a zone.

    ``occurrence`` (0 = first, 1 = second) decides a time that happens twice.
    Raises ``NonexistentTimeError`` for a time the clocks skip and
    ``AmbiguousTimeError`` for a repeated time without ``occurrence``: never a
    silent shift. Raises ``ZoneInfoNotFoundError`` for an unknown zone.
    """
    zone = get_zone(zone_name)
    wall = wall.replace(tzinfo=None, fold=0)
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
        raise NonexistentTimeError(
            _(
                "%(when)s does not exist in %(zone)s: the clocks go forward that night (%(before)s to %(after)s). "
                "Choose a time that exists."
            )
            % {"when": _describe_wall(wall), "zone": zone_name, "before": abbreviation(first),
               "after": abbreviation(second)}
        )
    if first.utcoffset() != second.utcoffset():
        if occurrence is None:
            raise AmbiguousTimeError(
                _(
                    "%(when)s happens twice in %(zone)s: first at %(first)s, then again at %(second)s after the "
                    "clocks go back. Choose which occurrence is meant."
                )
                % {"when": _describe_wall(wall), "zone": zone_name, "first": abbreviation(first),
                   "second": abbreviation(second)}
            )
        return (second if occurrence else first).astimezone(UTC)
    return first.astimezone(UTC)


def is_ambiguous(wall: datetime.datetime, zone_name: str) -> bool:
    zone = get_zone(zone_name)
    return wall.replace(tzinfo=zone, fold=0).utcoffset() != wall.replace(tzinfo=zone, fold=1).utcoffset()


@dataclass(frozen=True)
class ZoneTime:
    """One instant as read in one zone: ``3:30pm ALMT – Almaty, Kazakhstan``."""

    local: datetime.datetime
    time: str
    abbreviation: str
    place: str
    date: str  # empty unless the local date differs from the reference date

    @property
    def offset_minutes(self) -> int:
        """Minutes east of UTC at that instant (360 for ``UTC+6``): a browser compares it with its own zone's."""
        return int(self.local.utcoffset().total_seconds()) // 60

    @property
    def text(self) -> str:
        text = f"{self.time} {self.abbreviation}"
        if self.date:
            text += f", {self.date}"
        if self.place:
            text += f" – {self.place}"
        return text

    def __str__(self):
        return self.text


def in_zone(
    instant: datetime.datetime,
    zone_name: str,
    *,
    label: str = "",
    place: str = "",
    reference_date: datetime.date | None = None,
    style: str | None = None,
) -> ZoneTime:
    """``instant`` read in ``zone_name``. A fixed ``label`` (``ALMT``) replaces the zone's abbreviation."""
    local = instant.astimezone(get_zone(zone_name))
    date = ""
    if reference_date is not None and local.date() != reference_date:
        date = format_date(local, year=local.year != reference_date.year)
    return ZoneTime(
        local=local,
        time=format_time(local, style),
        abbreviation=label or abbreviation(local),
        place=place,
        date=date,
    )


def in_zones(
    instant: datetime.datetime,
    display_zones: Iterable,
    *,
    reference_date: datetime.date | None = None,
    style: str | None = None,
) -> list[ZoneTime]:
    """``instant`` in every display zone (objects with ``timezone``, ``label`` and ``place``), in order."""
    return [
        in_zone(instant, zone.timezone, label=zone.label, place=zone.place, reference_date=reference_date,
                style=style)
        for zone in display_zones
    ]
