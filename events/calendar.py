"""iCalendar output, and the add-to-calendar links built from the same text.

One VEVENT per slot, with TZID times in the slot's own zone and the matching
VTIMEZONE blocks (historical rules included, so Almaty before and after
2024-03-01 both come out right). The UID is the slot's stored UUID, so it stays
the same across edits; SEQUENCE is the event's revision.

The join link is private: it is only written when a caller passes it
explicitly (the confirmed registrant's own calendar file).
"""

import datetime
import functools
from urllib.parse import urlencode

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from commission.web import times
from commission.web.links import absolute_url
from events.models import Event, Slot

PRODUCT_ID = "-//Press office//Press conferences//EN"

ICAL_STATUS = {
    Event.EventStatus.CANCELLED: "CANCELLED",
    Event.EventStatus.POSTPONED: "TENTATIVE",
}


def location_text(event: Event) -> str:
    """``Venue, address, City, Country`` and/or ``Online (Zoom)``: never the join link."""
    parts = []
    if event.offers_in_person:
        address = " ".join(event.venue_address.split())
        parts.append(", ".join(p for p in (event.venue_name, address, event.venue_city, event.venue_country)
                               if p.strip()))
    if event.offers_online:
        parts.append(event.online_label)
    return " / ".join(part for part in parts if part)


def description_text(event: Event, slot: Slot, *, join_url: str = "") -> str:
    """Summary, the time in every display zone, how to attend, and the page's address."""
    lines = [event.summary.strip(), ""]
    if event.event_status != Event.EventStatus.SCHEDULED:
        lines += [_("Status: %(status)s") % {"status": event.get_event_status_display()}]
        if event.status_note:
            lines.append(event.status_note)
        lines.append("")
    lines += [zone_time.text for zone_time in slot.zone_times()]
    lines.append("")
    if event.offers_online:
        if join_url:
            lines.append(_("Join online: %(url)s") % {"url": join_url})
        else:
            lines.append(_("Online: the link to join is sent to confirmed registrants."))
    lines.append(absolute_url(event.get_absolute_url()))
    return "\n".join(lines).strip()


def _vevent(event: Event, slot: Slot, *, stamp: datetime.datetime, join_url: str = "") -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", f"{slot.uid}@pressroom")
    vevent.add("dtstamp", stamp)
    vevent.add("sequence", event.revision)
    vevent.add("summary", event.title)
    vevent.add("dtstart", slot.start_local)
    vevent.add("dtend", slot.end_local)
    vevent.add("status", ICAL_STATUS.get(event.event_status, "CONFIRMED"))
    vevent.add("url", absolute_url(event.get_absolute_url()))
    vevent.add("description", description_text(event, slot, join_url=join_url))
    location = location_text(event)
    if location:
        vevent.add("location", location)
    if event.updated_at:
        vevent.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    return vevent


def build_calendar(events, *, name: str = "", join_urls: dict | None = None) -> bytes:
    """A VCALENDAR with every slot of ``events`` (slots and display zones ideally prefetched).

    ``join_urls`` maps an event's pk to its join link, for a confirmed
    registrant's own file only; public files never pass it.
    """
    join_urls = join_urls or {}
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for event in events:
        for slot in event.slots.all():
            calendar.add_component(_vevent(event, slot, stamp=stamp, join_url=join_urls.get(event.pk, "")))
    _add_timezones(calendar)
    return calendar.to_ical()


@functools.lru_cache(maxsize=128)
def _vtimezone(tzid: str) -> icalendar.Timezone | None:
    """A zone's VTIMEZONE with its historical rules, built once per process (about 50 ms each from tzdata,
    and every registrant's email carries one). tzdata only changes with a deployment, which restarts."""
    try:
        return icalendar.Timezone.from_tzid(tzid)
    except ValueError:
        return None


def _add_timezones(calendar: icalendar.Calendar) -> None:
    """As ``Calendar.add_missing_timezones``, from the cache, in a stable order, before the events."""
    position = len(calendar.timezones)
    for tzid in sorted(calendar.get_missing_tzids()):
        vtimezone = _vtimezone(tzid)
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
        "location": location_text(event),
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
        "location": location_text(event),
    }
    return f"https://{host}/calendar/0/deeplink/compose?" + urlencode(query)


def calendar_links(event: Event) -> list[dict]:
    """Per slot: its date and the Google and Outlook links."""
    return [
        {
            "slot": slot,
            "date": times.format_date(slot.start_local),
            "google": google_calendar_url(event, slot),
            "outlook": outlook_calendar_url(event, slot),
            "office": outlook_calendar_url(event, slot, host="outlook.office.com"),
        }
        for slot in event.slots.all()
    ]
