"""Writes on press conferences that span models or have side effects.

``record_change`` is the one hook for "an event's time, place or status
changed": the admin, ``check_timezones --fix`` and anything else that moves an
event call it, so whatever must follow a change (the registrants' notification
email) is attached in one place.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events import timezones
from events.models import DisplayZone, Event, EventChange, Slot


@transaction.atomic
def record_change(*, event: Event, what: str, user=None) -> EventChange:
    """Record that ``event`` changed (``what``, in words) and bump its revision (the calendar SEQUENCE).

    Side effects: ``event.revision`` is incremented in the database and on the
    instance; an ``EventChange`` row is written. Registrant notifications
    (issue 5) belong here, sent with ``transaction.on_commit``.
    """
    Event.objects.filter(pk=event.pk).update(revision=F("revision") + 1)
    event.revision = Event.objects.values_list("revision", flat=True).get(pk=event.pk)
    return EventChange.objects.create(event=event, revision=event.revision, what=what, changed_by=user)


@dataclass(frozen=True)
class SlotState:
    start_utc: object
    end_utc: object
    description: str


@dataclass(frozen=True)
class EventState:
    """What people who plan to attend rely on: the times, the place, the status."""

    event_status: str
    event_status_label: str
    place: tuple
    slots: dict  # pk -> SlotState


def describe_slot(slot: Slot) -> str:
    """``Friday 20 January 2023, 3:30pm–4:30pm Asia/Almaty``: the wall times as entered."""
    start, end = slot.start_wall, slot.end_wall
    text = f"{timezones.format_date(start)}, {timezones.format_time(start)}–"
    if end.date() != start.date():
        text += f"{timezones.format_date(end)}, "
    return f"{text}{timezones.format_time(end)} {slot.timezone}"


def capture_state(event: Event) -> EventState:
    """A snapshot of ``event`` as stored, to compare with after an edit."""
    stored = Event.objects.get(pk=event.pk)
    return EventState(
        event_status=stored.event_status,
        event_status_label=stored.get_event_status_display(),
        place=(stored.attendance, stored.venue_name, stored.venue_address, stored.venue_city,
               stored.venue_country, stored.online_platform, stored.join_url),
        slots={
            slot.pk: SlotState(slot.start_utc, slot.end_utc, describe_slot(slot))
            for slot in Slot.objects.filter(event=stored)
        },
    )


def describe_changes(before: EventState, after: EventState) -> list[str]:
    """What changed between two snapshots, in words, for the change log and the notification."""
    changes = []
    if before.event_status != after.event_status:
        changes.append(
            _("Status: %(before)s → %(after)s") % {"before": before.event_status_label,
                                                    "after": after.event_status_label}
        )
    for pk, old in before.slots.items():
        new = after.slots.get(pk)
        if new is None:
            changes.append(_("Time removed: %(slot)s") % {"slot": old.description})
        elif (old.start_utc, old.end_utc) != (new.start_utc, new.end_utc):
            changes.append(_("Time: %(before)s → %(after)s") % {"before": old.description, "after": new.description})
    for pk, new in after.slots.items():
        if pk not in before.slots:
            changes.append(_("Time added: %(slot)s") % {"slot": new.description})
    if before.place != after.place:
        changes.append(_("Place or way of attending changed"))
    return changes


def record_changes_since(*, before: EventState, event: Event, user=None) -> EventChange | None:
    """Compare ``event`` as now stored with ``before``; record the difference if there is one."""
    changes = describe_changes(before, capture_state(event))
    if not changes:
        return None
    return record_change(event=event, what="\n".join(changes), user=user)


def _free_slug(base: str) -> str:
    base = slugify(base)[:100] or "press-conference"
    slug, n = f"{base}-copy", 1
    while Event.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-copy-{n}"
    return slug


@transaction.atomic
def duplicate_event(*, event: Event) -> Event:
    """Copy ``event`` as a new draft, for a recurring briefing: same text, place, slots and display zones.

    The copy starts at revision 0 with fresh calendar UIDs, no registration
    window and no related releases; its slots keep the original times until
    a press officer sets the new ones. Side effects: new rows only.
    """
    copy = Event.objects.get(pk=event.pk)
    copy.pk = None
    copy._state.adding = True
    copy.title = _("%(title)s (copy)") % {"title": event.title}
    copy.slug = _free_slug(event.slug)
    copy.status = Event.Status.DRAFT
    copy.publish_at = None
    copy.event_status = Event.EventStatus.SCHEDULED
    copy.status_note = ""
    copy.registration_opens_at = copy.registration_closes_at = None
    copy.revision = 0
    copy.save()
    for slot in Slot.objects.filter(event=event):
        Slot.objects.create(
            event=copy, start_date=slot.start_date, start_time=slot.start_time,
            start_occurrence=slot.start_occurrence, end_date=slot.end_date, end_time=slot.end_time,
            end_occurrence=slot.end_occurrence, timezone=slot.timezone,
        )
    DisplayZone.objects.bulk_create(
        DisplayZone(event=copy, label=zone.label, place=zone.place, timezone=zone.timezone, order=zone.order)
        for zone in DisplayZone.objects.filter(event=event)
    )
    return copy
