"""schema.org ``Event`` data for search engines. The location's URL is the event page, never the join link."""

from commission.jsonld import organisation
from commission.web.links import absolute_url
from events.models import Event

ATTENDANCE_MODE = {
    Event.Attendance.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    Event.Attendance.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Event.Attendance.MIXED: "https://schema.org/MixedEventAttendanceMode",
}

EVENT_STATUS = {
    Event.EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    Event.EventStatus.POSTPONED: "https://schema.org/EventPostponed",
    Event.EventStatus.RESCHEDULED: "https://schema.org/EventRescheduled",
    Event.EventStatus.MOVED_ONLINE: "https://schema.org/EventMovedOnline",
    Event.EventStatus.CANCELLED: "https://schema.org/EventCancelled",
}


def _locations(event: Event, page_url: str) -> list[dict]:
    locations = []
    if event.offers_in_person:
        address = {"@type": "PostalAddress"}
        for key, value in (("streetAddress", " ".join(event.venue_address.split())),
                           ("addressLocality", event.venue_city), ("addressCountry", event.venue_country)):
            if value:
                address[key] = value
        locations.append({"@type": "Place", "name": event.venue_name or event.venue_city, "address": address})
    if event.offers_online:
        locations.append({"@type": "VirtualLocation", "url": page_url})
    return locations


def event_data(event: Event) -> dict:
    """One schema.org ``Event`` per slot; several slots come as an ``@graph``."""
    page_url = absolute_url(event.get_absolute_url())
    organizer = organisation(event.commission)
    locations = _locations(event, page_url)
    items = []
    for slot in event.slots.all():
        item = {
            "@type": "Event",
            "name": event.title,
            "description": event.summary,
            "url": page_url,
            "startDate": slot.start_local.isoformat(),
            "endDate": slot.end_local.isoformat(),
            "eventStatus": EVENT_STATUS[event.event_status],
            "eventAttendanceMode": ATTENDANCE_MODE[event.effective_attendance],
            "organizer": organizer,
        }
        if locations:
            item["location"] = locations[0] if len(locations) == 1 else locations
        items.append(item)
    if len(items) == 1:
        return {"@context": "https://schema.org", **items[0]}
    return {"@context": "https://schema.org", "@graph": items}
