"""iCalendar output, and the add-to-calendar links built from the same text.

One VEVENT per slot, with TZID times in the slot's own zone and the matching
VTIMEZONE blocks (a time in the hour the clocks going back repeat, in UTC). The UID is the slot's stored UUID, so it stays the same across
edits, and the public file, the feed and a registrant's emails all speak of one
calendar entry.

Two kinds of file:

- ``build_calendar``: the public download and the feed, ``METHOD:PUBLISH``,
  SEQUENCE the event's revision;
- ``registrant_calendar``: the file in a registrant's email, ``METHOD:REQUEST``
  (puts the press conference in their calendar, or updates it) or
  ``METHOD:CANCEL`` (takes it out, ``STATUS:CANCELLED``), with the ORGANIZER and
  the ATTENDEE that iTIP asks for. Its SEQUENCE is the event's revision plus the
  registration's own count of changes (``Registration.calendar_sequence_now``):
  both only grow, so every file a person receives supersedes the ones before,
  the public file included.

A VTIMEZONE holds only the rules around the dates of the events in the file
(from the day before the first to two days after the last), not every clock
change since 1970: calendar readers such as vobject misread the long history
(London read as UTC+1 all year), while the rules in force on the day are all
any reader needs. Almaty's change of 2024-03-01 is in the block of an event
that spans it.

The join link is private: it is only written when a caller passes it
explicitly (the confirmed registrant's own calendar file).
"""

import datetime
import email.message
import email.utils
import functools
from urllib.parse import urlencode

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from commission.web import times
from commission.web.links import absolute_url
from commission.web.localised import text_in
from events.models import Event, Registration, Slot

PRODUCT_ID = "-//Press office//Press conferences//EN"
PUBLISH, REQUEST, CANCEL = "PUBLISH", "REQUEST", "CANCEL"
# The days of rules a VTIMEZONE holds before the first and after the last date of the file's events.
ZONE_DAYS_BEFORE = datetime.timedelta(days=1)
ZONE_DAYS_AFTER = datetime.timedelta(days=2)

ICAL_STATUS = {
    Event.EventStatus.CANCELLED: "CANCELLED",
    Event.EventStatus.POSTPONED: "TENTATIVE",
}


def description_text(event: Event, slot: Slot, *, join_url: str = "", online: bool = True) -> str:
    """Summary, the time in every display zone, how to attend (online too, unless ``online`` is false: a
    registrant in the room), and the page's address."""
    lines = [event.summary.strip(), ""]
    if event.event_status != Event.EventStatus.SCHEDULED:
        lines += [_("Status: %(status)s") % {"status": event.get_event_status_display()}]
        if event.status_note:
            lines.append(event.status_note)
        lines.append("")
    lines += [zone_time.text for zone_time in slot.zone_times()]
    lines.append("")
    if online and event.offers_online:
        if join_url:
            lines.append(_("Join online: %(url)s") % {"url": join_url})
        elif not event.has_ended():  # once it is over, no link is sent
            lines.append(_("Online: the link to join is sent to confirmed registrants."))
    lines.append(absolute_url(event.get_absolute_url()))
    return "\n".join(lines).strip()


def _unambiguous(local: datetime.datetime) -> datetime.datetime:
    """``local`` as written with its zone, or in UTC when the clocks going back repeat its hour: a local time
    there names both instants, and calendar programs pick either (RFC 5545 says the first)."""
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        return local.astimezone(datetime.UTC)
    return local


def _vevent(event: Event, slot: Slot, *, stamp: datetime.datetime, join_url: str = "",
            sequence: int | None = None, status: str = "", registration: Registration | None = None) -> icalendar.Event:
    """One slot's entry: the press conference's, or, with ``registration``, that person's (where they attend)."""
    vevent = icalendar.Event()
    vevent.add("uid", f"{slot.uid}@pressroom")
    vevent.add("dtstamp", stamp)
    vevent.add("sequence", event.revision if sequence is None else sequence)
    vevent.add("summary", event.title)
    vevent.add("dtstart", _unambiguous(slot.start_local))
    vevent.add("dtend", _unambiguous(slot.end_local))
    vevent.add("status", status or ICAL_STATUS.get(event.event_status, "CONFIRMED"))
    vevent.add("url", absolute_url(event.get_absolute_url()))
    vevent.add("description", description_text(event, slot, join_url=join_url,
                                               online=registration is None or registration.attends_online))
    location = event.location if registration is None else registration.location
    if location:
        vevent.add("location", location)
    if event.updated_at:
        vevent.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    return vevent


def _new_calendar(method: str, name: str = "") -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _stamp() -> datetime.datetime:
    return timezone.now().astimezone(datetime.UTC).replace(microsecond=0)


def build_calendar(events, *, name: str = "", join_urls: dict | None = None) -> bytes:
    """The public file: a ``METHOD:PUBLISH`` VCALENDAR with every slot of ``events`` (slots and display zones
    ideally prefetched).

    ``join_urls`` maps an event's pk to its join link; public files never pass it.
    """
    join_urls = join_urls or {}
    calendar = _new_calendar(PUBLISH, name)
    for event in events:
        # Stamped with the event's last change, not the time of the request: the file stays the same bytes (and
        # its ETag the same) until something in it changes, so calendar programs that subscribe ask for it
        # with If-None-Match and download it only then.
        stamp = event.updated_at.astimezone(datetime.UTC).replace(microsecond=0) if event.updated_at else _stamp()
        for slot in event.slots.all():
            calendar.add_component(_vevent(event, slot, stamp=stamp, join_url=join_urls.get(event.pk, "")))
    _add_timezones(calendar)
    return calendar.to_ical()


def _organizer(event: Event) -> icalendar.vCalAddress:
    """The press office, as the emails' sender: iTIP needs an organizer for REQUEST and CANCEL."""
    display, address = email.utils.parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = icalendar.vCalAddress(f"mailto:{address}")
    organizer.params["CN"] = text_in(event.commission, "name") if event.commission_id else (display or _("Press office"))
    return organizer


def _attendee(registration: Registration, method: str) -> icalendar.vCalAddress:
    attendee = icalendar.vCalAddress(f"mailto:{registration.email}")
    attendee.params["CN"] = registration.name
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    attendee.params["PARTSTAT"] = "ACCEPTED" if method == REQUEST else "DECLINED"
    attendee.params["RSVP"] = "FALSE"  # they registered: there is nothing to answer
    return attendee


def registrant_calendar(registration: Registration, *, method: str, slots=None) -> bytes:
    """The file in a registrant's email: ``REQUEST`` (add or update the entry, with the join link where it is
    due) or ``CANCEL`` (take it out), for the event's time slots or ``slots``. SEQUENCE is
    ``registration.calendar_sequence_now``."""
    event = registration.event
    calendar = _new_calendar(method)
    stamp = _stamp()
    join_url = registration.due_join_url() if method == REQUEST else ""
    for slot in event.slots.all() if slots is None else slots:
        vevent = _vevent(event, slot, stamp=stamp, join_url=join_url,
                         sequence=registration.calendar_sequence_now,
                         status="CANCELLED" if method == CANCEL else "", registration=registration)
        vevent.add("organizer", _organizer(event))
        vevent.add("attendee", _attendee(registration, method))
        calendar.add_component(vevent)
    _add_timezones(calendar)
    return calendar.to_ical()


def email_part(content: bytes, *, method: str, filename: str) -> email.message.MIMEPart:
    """A calendar file as an email attachment whose Content-Type says what it does
    (``text/calendar; charset="utf-8"; method="REQUEST"``): mail clients show an invitation, an update or
    a cancellation from it. The bytes are kept as they are (base64), so the file keeps its CRLF line ends."""
    part = email.message.MIMEPart()
    part.set_content(content, maintype="text", subtype="calendar", disposition="attachment", filename=filename,
                     params={"charset": "utf-8", "method": method})
    return part


@functools.lru_cache(maxsize=512)
def _vtimezone(tzid: str, first_date: datetime.date, last_date: datetime.date) -> icalendar.Timezone | None:
    """A zone's VTIMEZONE with the rules in force from ``first_date`` to ``last_date``. Cached: every
    registrant's email of one event asks for the same one, and tzdata only changes with a deployment."""
    try:
        return icalendar.Timezone.from_tzid(tzid, first_date=first_date, last_date=last_date)
    except ValueError:
        return None


def _dates_by_zone(calendar: icalendar.Calendar) -> dict[str, list[datetime.date]]:
    """The local dates each TZID is used on by the calendar's events."""
    dates: dict[str, list[datetime.date]] = {}
    for vevent in calendar.walk("VEVENT"):
        for name in ("DTSTART", "DTEND"):
            prop = vevent.get(name)
            tzid = prop.params.get("TZID") if prop is not None else None
            if tzid:
                dates.setdefault(str(tzid), []).append(prop.dt.date())
    return dates


def _add_timezones(calendar: icalendar.Calendar) -> None:
    """A VTIMEZONE for each zone the events use, with the rules around their dates only, in a stable order,
    before the events."""
    position = len(calendar.timezones)
    for tzid, dates in sorted(_dates_by_zone(calendar).items()):
        vtimezone = _vtimezone(tzid, min(dates) - ZONE_DAYS_BEFORE, max(dates) + ZONE_DAYS_AFTER)
        if vtimezone is not None:
            calendar.subcomponents.insert(position, vtimezone)
            position += 1


def _utc_stamp(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(event: Event, slot: Slot) -> str:
    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{_utc_stamp(slot.start_utc)}/{_utc_stamp(slot.end_utc)}",
        "details": description_text(event, slot),
        "location": event.location,
        "ctz": slot.timezone,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_calendar_url(event: Event, slot: Slot, *, host: str = "outlook.live.com") -> str:
    """Outlook on the web: ``outlook.live.com`` (personal) or ``outlook.office.com`` (work or school)."""
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": slot.start_utc.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "enddt": slot.end_utc.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "body": description_text(event, slot),
        "location": event.location,
    }
    return f"https://{host}/calendar/0/deeplink/compose?" + urlencode(query)


def calendar_links(event: Event) -> list[dict]:
    """Per slot: its date and the Google and Outlook links, in the page's language (the event shown in it where
    its version is ready), as the calendar files at the page's language's addresses are."""
    links = []
    for slot in event.slots.all():
        entries = {
            "google": google_calendar_url(event, slot),
            "outlook": outlook_calendar_url(event, slot),
            "office": outlook_calendar_url(event, slot, host="outlook.office.com"),
        }
        links.append({"slot": slot, "date": times.format_date(slot.start_local), **entries})
    return links
