"""schema.org ``Event`` data for search engines. The location's URL is the event page, never the join link."""

from commission.jsonld import organisation
from commission.web.languages import content_language
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


# The countries a press conference is likely held in, by the names press officers type (lower case);
# a two-letter code typed as such passes as it is. schema.org reads ``addressCountry`` as ISO 3166-1 alpha-2.
COUNTRY_CODES = {
    "kazakhstan": "KZ", "united kingdom": "GB", "uk": "GB", "great britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB", "ireland": "IE", "france": "FR",
    "germany": "DE", "belgium": "BE", "netherlands": "NL", "the netherlands": "NL", "switzerland": "CH",
    "austria": "AT", "italy": "IT", "spain": "ES", "portugal": "PT", "poland": "PL", "sweden": "SE",
    "norway": "NO", "denmark": "DK", "finland": "FI", "czech republic": "CZ", "czechia": "CZ",
    "lithuania": "LT", "latvia": "LV", "estonia": "EE", "ukraine": "UA", "georgia": "GE", "armenia": "AM",
    "azerbaijan": "AZ", "turkey": "TR", "türkiye": "TR", "russia": "RU", "kyrgyzstan": "KG",
    "uzbekistan": "UZ", "tajikistan": "TJ", "turkmenistan": "TM", "mongolia": "MN", "china": "CN",
    "united states": "US", "united states of america": "US", "usa": "US", "us": "US", "canada": "CA",
    "united arab emirates": "AE", "qatar": "QA", "india": "IN", "japan": "JP", "australia": "AU",
}


def country_code(name: str) -> str:
    """The ISO 3166-1 alpha-2 code of a country as typed ("Kazakhstan" → "KZ"); empty when not known."""
    name = " ".join(name.split())
    if name.casefold() in COUNTRY_CODES:  # first: "UK" is a name here, not a code (it is GB)
        return COUNTRY_CODES[name.casefold()]
    return name.upper() if len(name) == 2 and name.isalpha() and name.isascii() else ""


def _locations(event: Event, page_url: str) -> list[dict]:
    locations = []
    if event.offers_in_person:
        address = {"@type": "PostalAddress"}
        for key, value in (("streetAddress", " ".join(event.venue_address.split())),
                           ("addressLocality", event.venue_city),
                           # Its code, read from the English name on every language's page; a country not in the
                           # table keeps its name, which schema.org also accepts.
                           ("addressCountry", country_code(getattr(event, "default_texts", {}).get(
                               "venue_country", event.venue_country)) or event.venue_country)):
            if value:
                address[key] = value
        locations.append({"@type": "Place", "name": event.venue_name or event.venue_city, "address": address})
    if event.offers_online:
        locations.append({"@type": "VirtualLocation", "url": page_url})
    return locations


def event_data(event: Event, *, images=(), now=None) -> dict:
    """One schema.org ``Event`` per slot; several slots come as an ``@graph``. ``images``: its library
    images; without any, the commission's share image. Once it has ended, the statement follows the
    summary in the description and the recording is its ``recordedIn``."""
    materials = event.materials(now=now)
    description = "\n\n".join(part for part in (event.summary, materials.get("statement", "")) if part)
    page_url = absolute_url(event.get_absolute_url())
    organizer = organisation(event.commission)
    locations = _locations(event, page_url)
    image_urls = [image.largest_absolute_url for image in images]
    if not image_urls and event.commission.share_image:
        image_urls = [event.commission.share_image.largest_absolute_url]
    items = []
    for slot in event.slots.all():
        item = {
            "@type": "Event",
            "name": event.title,
            "description": description,
            "inLanguage": content_language(event),
            "url": page_url,
            "startDate": slot.start_local.isoformat(),
            "endDate": slot.end_local.isoformat(),
            "eventStatus": EVENT_STATUS[event.event_status],
            "eventAttendanceMode": ATTENDANCE_MODE[event.effective_attendance],
            "organizer": organizer,
        }
        if image_urls:
            item["image"] = image_urls
        if "recording_url" in materials:
            item["recordedIn"] = {"@type": "VideoObject", "name": event.title, "url": materials["recording_url"]}
        if locations:
            item["location"] = locations[0] if len(locations) == 1 else locations
        items.append(item)
    if len(items) == 1:
        return {"@context": "https://schema.org", **items[0]}
    return {"@context": "https://schema.org", "@graph": items}
