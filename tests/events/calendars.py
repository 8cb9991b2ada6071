"""Reading the site's calendar files as calendar clients do: with icalendar and with vobject, which must agree.

vobject keeps the zones it has read in a process-wide table, so each file is read with a fresh table, as a
client reading only that file would. It also answers a TZID it knows from pytz when a VTIMEZONE looks like
UTC to it; ``read_calendar`` therefore also reads every instant through the file's own VTIMEZONE as
vobject parsed it (dateutil), which is what a client without a zone database relies on.
"""

import datetime
import email
import email.policy
from dataclasses import dataclass

import icalendar
import vobject
import vobject.icalendar

UTC = datetime.UTC


@dataclass(frozen=True)
class Entry:
    """One VEVENT as a person's calendar would hold it."""

    uid: str
    sequence: int
    status: str
    summary: str
    start: datetime.datetime  # UTC
    end: datetime.datetime  # UTC


@dataclass(frozen=True)
class CalendarFile:
    method: str
    entries: list[Entry]
    raw: bytes

    @property
    def entry(self) -> Entry:
        [entry] = self.entries
        return entry


def _with_icalendar(raw: bytes) -> tuple[str, list[Entry]]:
    calendar = icalendar.Calendar.from_ical(raw)
    entries = [
        Entry(uid=str(vevent["UID"]), sequence=int(vevent.get("SEQUENCE", 0)), status=str(vevent.get("STATUS", "")),
              summary=str(vevent["SUMMARY"]), start=vevent.start.astimezone(UTC), end=vevent.end.astimezone(UTC))
        for vevent in calendar.events
    ]
    return str(calendar.get("METHOD", "")), entries


def _fresh_vobject_zones() -> None:
    table = vars(vobject.icalendar)["__tzidMap"]
    table.clear()
    vobject.icalendar.registerTzid("UTC", vobject.icalendar.utc)


def _with_vobject(raw: bytes) -> tuple[str, list[Entry], list]:
    _fresh_vobject_zones()
    calendar = vobject.readOne(raw.decode())
    entries = [
        Entry(uid=vevent.uid.value, sequence=int(vevent.sequence.value) if hasattr(vevent, "sequence") else 0,
              status=vevent.status.value if hasattr(vevent, "status") else "", summary=vevent.summary.value,
              start=vevent.dtstart.value.astimezone(UTC), end=vevent.dtend.value.astimezone(UTC))
        for vevent in calendar.vevent_list
    ]
    return calendar.method.value, entries, calendar


def _through_own_vtimezones(raw: bytes, v_calendar) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """Every event's start and end: its wall time and TZID as written, read through the file's VTIMEZONE
    blocks as vobject parsed them (no zone database); a time in UTC as it is."""
    zones = {vtimezone.tzid.value: vtimezone.gettzinfo() for vtimezone in getattr(v_calendar, "vtimezone_list", [])}
    instants = []
    for vevent in icalendar.Calendar.from_ical(raw).events:
        pair = []
        for name in ("DTSTART", "DTEND"):
            prop = vevent[name]
            if "TZID" not in prop.params:  # written in UTC (…Z): no zone to read it through
                pair.append(prop.dt.astimezone(UTC))
                continue
            wall = prop.dt.replace(tzinfo=None)
            pair.append(wall.replace(tzinfo=zones[str(prop.params["TZID"])]).astimezone(UTC))
        instants.append(tuple(pair))
    return instants


def read_calendar(raw: bytes) -> CalendarFile:
    """The file as icalendar and vobject read it; fails unless they read the same instants, UIDs, SEQUENCEs
    and STATUSes, and unless the file's own VTIMEZONE blocks give the same instants."""
    method, entries = _with_icalendar(raw)
    v_method, v_entries, v_calendar = _with_vobject(raw)
    assert (v_method, v_entries) == (method, entries), "icalendar and vobject read the file differently"
    assert _through_own_vtimezones(raw, v_calendar) == [(e.start, e.end) for e in entries], (
        "the VTIMEZONE blocks give other instants than the zone database")
    return CalendarFile(method=method, entries=entries, raw=raw)


def sent_parts(message) -> list:
    """The MIME parts of a Django email as it goes out (headers included)."""
    sent = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    return list(sent.walk())


def calendar_in(message) -> tuple[str, CalendarFile]:
    """The one calendar part of an email: its Content-Type ``method=`` and the file, read by both parsers.
    The part must say ``text/calendar; charset="utf-8"`` and carry a method."""
    [part] = [part for part in sent_parts(message) if part.get_content_type() == "text/calendar"]
    assert part.get_content_charset() == "utf-8"
    assert part.get_filename().endswith(".ics")
    return part.get_param("method"), read_calendar(part.get_payload(decode=True))


def has_calendar(message) -> bool:
    return any(part.get_content_type() == "text/calendar" for part in sent_parts(message))
