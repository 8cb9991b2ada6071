"""A press conference's language versions: as a release's (press/translations.py), which the public may read,
finding one by its address, showing one, and telling a press officer which are missing or out of date.

The visibility rule stays the event's (``Event.objects.published()``); a version adds only ``ready``. The
times, zones, capacity, attendance and the private join link are the event's in every language; a version
translates the words: title, summary, description, venue and the display zones' place names.
"""

import functools

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone, translation

from commission.web import languages
from commission.web.languages import english_fingerprint, is_default_language, show_version
from events.models import VERSION_LANGUAGES, Event, EventTranslation

# Left empty in a version, the last five keep the English: a hotel's name or street, or why the press conference
# was postponed, is better read in English than missing from the page, the calendar file and the email.
VENUE_FIELDS = ("venue_name", "venue_address", "venue_city", "venue_country")
KEEP_ENGLISH_IF_EMPTY = (*VENUE_FIELDS, "status_note")
FIELDS = ("title", "slug", "summary", "description", *KEEP_ENGLISH_IF_EMPTY)


def fingerprint_of(event: Event, places=None) -> str:
    """The English words' fingerprint: ``event``'s, with the display zones' place names ``places``, else those of
    its ``display_zones`` (expects them loaded, and the event as stored). The status note counts only once there
    is one, so versions written before it could be translated stay as they were while the press conference has
    none."""
    texts = [getattr(event, field) for field in FIELDS if field not in ("slug", "status_note")]
    if event.status_note:
        texts.append(event.status_note)
    return english_fingerprint(*texts, *_places(event, places))


def venue_fingerprint_of(event: Event, places=None) -> str:
    """The English venue's and display zones' place names' fingerprint (``places`` as in ``fingerprint_of``)."""
    return english_fingerprint(*(getattr(event, field) for field in VENUE_FIELDS), *_places(event, places))


def written_from(event: Event, places=None) -> dict[str, str]:
    """What a version records of the English it translates, by field (``mark_written``; the seed's versions, written
    from its file's English: an unsaved ``event`` and its ``places``)."""
    return {"english_fingerprint": fingerprint_of(event, places),
            "venue_fingerprint": venue_fingerprint_of(event, places)}


def _places(event: Event, places) -> list[str]:
    return [zone.place for zone in event.display_zones.all()] if places is None else list(places)


_ready_in = functools.partial(languages.ready_in, EventTranslation)


def published_in(language: str | None = None, *, now=None):
    """Published press conferences the page's language can show: all in the default language; in another,
    those with a ready version in it."""
    return languages.shown_in(Event.objects.published(now=now), language, _ready_in)


def with_versions(events, language: str | None = None, *, places: bool = True):
    """Each event's ready versions as ``ready_versions``, in ``language`` or in every one: one query for a page,
    two with their place names (``places``), which showing a version needs."""
    versions = EventTranslation.objects.ready()
    if places:
        versions = versions.prefetch_related("places")
    if language is not None:
        versions = versions.filter(language=language)
    return events.prefetch_related(Prefetch("translations", queryset=versions, to_attr="ready_versions"))


def in_language(events, language: str | None = None):
    """``events`` with their ready version in the page's language loaded, when it is not the default."""
    language = language or translation.get_language()
    return events if is_default_language(language) else with_versions(events, language)


def by_slug(events, slug: str, language: str | None = None):
    """``events`` whose address in the page's language ends in ``slug``: the English slug, or the slug of a
    ready version in the page's language."""
    return languages.by_slug(events, slug, language, _ready_in)


def version_in(event: Event, language: str):
    """The event's ready version in ``language`` (expects ``with_versions()``), or None."""
    return languages.version_in(event, language)


def show_in(event: Event, version: EventTranslation) -> Event:
    """The event (loaded for a page or an email, never saved after) with the version's words, and its
    display zones' place names in the version's language (expects ``display_zones`` loaded)."""
    # Where to go, and why a press conference is postponed, are read in the version only while the English it
    # was written against stands: a venue moved since must not leave the old hall (or a translated hall with the
    # new English street) up in Russian or Kazakh, nor a note changed since the old reason. Until the version
    # follows, the English venue and places (or note) are shown whole; its title and words stay, and the admin
    # marks it out of date. A version written before its venue was fingerprinted goes by all its English.
    english_current = functools.cache(lambda: version.english_fingerprint == fingerprint_of(event))
    note_current = bool(event.status_note) and english_current()
    venue_current = (version.venue_fingerprint == venue_fingerprint_of(event) if version.venue_fingerprint
                     else english_current())
    show_version(event, version, tuple(
        field for field in FIELDS
        if field not in KEEP_ENGLISH_IF_EMPTY
        or (getattr(version, field) and (note_current if field == "status_note" else venue_current))
    ))
    places = {place.zone_id: place.place for place in version.places.all()} if venue_current else {}
    for zone in event.display_zones.all():
        if zone.pk in places:
            zone.place = places[zone.pk]
    return event


def localise(events, language: str | None = None) -> list[Event]:
    """Events (loaded ``in_language()``) shown in the page's language where a version is ready."""
    return languages.localise(events, language, show_in)


def show_in_language(event: Event, language: str) -> Event:
    """``event`` (loaded for an email, never saved after) in ``language`` when a public version in it is ready:
    one query, two with its place names; its slots and zones are loaded here so the place names stay."""
    version = EventTranslation.objects.public().filter(event=event, language=language).prefetch_related(
        "places").first()
    if version is not None:
        prefetch_related_objects([event], "slots", "display_zones")
        show_in(event, version)
    return event


def page_paths(event: Event, *, suffix: str = "") -> tuple[dict[str, str], set[str]]:
    """The event's address in every language, and which languages have a version (expects ``with_versions()``)."""
    return languages.version_paths(event, "events:detail", suffix=suffix)


def language_status(event: Event) -> list[dict]:
    """Per language: ``missing``, ``draft``, ``out_of_date`` or ``ready`` (expects ``translations`` and
    ``display_zones`` loaded)."""
    return languages.version_states(event.translations.all(), fingerprint_of(event), VERSION_LANGUAGES)


def mark_written(version: EventTranslation, *, now=None) -> EventTranslation:
    """Record that ``version``'s words were written against the English as it stands (not saved here)."""
    event = Event.objects.prefetch_related("display_zones").get(pk=version.event_id)
    for field, fingerprint in written_from(event).items():
        setattr(version, field, fingerprint)
    version.written_at = now or timezone.now()
    return version
