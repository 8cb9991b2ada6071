"""How an embargo's end is written: in the zone it was set in, then in the commission's display zones
(``DISPLAY_ZONES``), as press-conference times are (``events.timezones``). Apart from ``press/embargo.py`` so the
emails, pages and admin that write it need not import the services."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from commission.web.times import format_date
from events import timezones


@dataclass(frozen=True)
class Zone:
    """A display zone as ``events.timezones.in_zones`` reads it."""

    timezone: str
    label: str = ""
    place: str = ""


def display_zones() -> list[Zone]:
    """The commission's display zones, from ``DISPLAY_ZONES``, each place in the current language where one is
    given for it; the site's zone when none is set."""
    language = translation.get_language()
    zones = [_in_language(*entry, language=language) for entry in getattr(settings, "DISPLAY_ZONES", [])]
    return zones or [Zone(settings.TIME_ZONE)]


def _in_language(timezone: str, label: str = "", place: str = "", translated=(), *, language: str) -> Zone:
    """One ``DISPLAY_ZONES`` entry, ``translated`` its ((language code, place), ...), as read in ``language``."""
    return Zone(timezone, label, dict(translated).get(language, place))


def until_text(instant: datetime.datetime, zone_name: str) -> str:
    """``12:01am GMT, Tuesday 17 January 2023 · 6:01am ALMT – Almaty``: the instant in the zone it was set in,
    with its date, then in every other display zone (with the date only where it differs)."""
    zones = display_zones()
    own = next((zone for zone in zones if zone.timezone == zone_name), Zone(zone_name))
    first = timezones.in_zone(instant, zone_name, label=own.label)
    others = [zone for zone in zones if zone.timezone != zone_name]
    lines = [f"{first.time} {first.abbreviation}, {format_date(first.local)}"]
    lines += [zone_time.text for zone_time in timezones.in_zones(instant, others, reference_date=first.local.date())]
    return " · ".join(lines)


def release_until_text(release) -> str:
    """The end of ``release``'s embargo (its ``publish_at``), from the zone it was set in."""
    return until_text(release.publish_at, release.embargo_zone or settings.TIME_ZONE)
