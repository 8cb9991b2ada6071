"""Writes on press conferences that span models or have side effects.

``record_change`` is the one hook for "an event's time, place or status
changed": the admin, ``refresh_slot_instants`` (``check_timezones --fix``) and anything else that moves an
event call it, so whatever must follow a change (the registrants' notification
email) is attached in one place.

Registration (below) holds the capacity rule: a place is only ever given
inside a transaction that holds the event's row lock and counts the places
taken under it, so concurrent confirmations through any number of app servers
cannot overbook a room. Every email is queued only once the transaction has
committed (``transaction.on_commit``), so a failing mail server can neither
roll back nor lose a registration.
"""

import contextlib
import datetime
import functools
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone as django_tz
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commission.web import times
from commission.web.addresses import normalise_email
from commission.web.cache import bump_content_version
from commission.web.errors import Refused
from commission.web.languages import is_default_language
from commission.web.links import absolute_url
from events import tasks, translations
from events.emails import STATUS_EMAIL, Email, status_email
from events.models import DisplayZone, Event, EventChange, Registration, Slot, new_token_nonce


@transaction.atomic
def record_change(*, event: Event, what: str | dict[str, str], user=None,
                  notify: str | None = Email.EVENT_CHANGED, removed_slots=()) -> EventChange:
    """Record that ``event`` changed (``what``, in words: in English, or in each of the site's languages as
    ``in_every_language`` writes them) and bump its revision (the calendar SEQUENCE).

    ``notify`` is the email every registrant concerned is sent: ``Email.EVENT_CHANGED`` (what changed, with
    the updated calendar file), ``Email.EVENT_CANCELLED`` (the calendar cancellation), or ``None`` for a
    change nobody needs to hear about (a cancelled press conference edited). A change to a press conference
    that has ended, as now stored (a press officer correcting the record after it took place), emails nobody,
    whatever ``notify`` says: it is news to none of its registrants, and their links no longer work.
    The change returned says what it sends (``change.notify``) and what it held back as the press conference
    has ended (``change.held_back_as_ended``), for whoever shows it before or after it goes (the admin).

    Side effects: ``event.revision`` is incremented and ``event.updated_at`` set
    to now, in the database and on the instance (the calendar LAST-MODIFIED,
    the feed and the sitemap read it); an ``EventChange`` row is written; once
    committed, if the event is published, every confirmed and waitlisted
    registrant is sent one ``notify`` email.
    """
    Event.objects.filter(pk=event.pk).update(revision=F("revision") + 1, updated_at=django_tz.now())
    event.revision, event.updated_at = Event.objects.values_list("revision", "updated_at").get(pk=event.pk)
    texts = what if isinstance(what, dict) else {settings.LANGUAGE_CODE: what}
    change = EventChange.objects.create(
        event=event, revision=event.revision, what=texts[settings.LANGUAGE_CODE], changed_by=user,
        what_translated={language: text for language, text in texts.items() if language != settings.LANGUAGE_CODE},
        removed_slots=list(removed_slots))
    ended = bool(notify) and Event.objects.ended().filter(pk=event.pk).exists()  # as saved, not as loaded
    change.held_back_as_ended = notify if ended else None
    change.notify = None if ended else notify
    if change.notify:
        transaction.on_commit(functools.partial(_notify_change, change.pk, change.notify), robust=True)
    return change


def recipients_of_change(event: Event):
    """Whom a change to ``event`` is emailed to: everyone holding a place or waiting for one."""
    return Registration.objects.active().not_anonymised().filter(event=event)


def _notify_change(change_id: int, kind: str = Email.EVENT_CHANGED) -> None:
    """After commit: one email per registrant still attending or waiting (read now, not at the change)."""
    change = EventChange.objects.select_related("event").filter(pk=change_id).first()
    if change is None or change.event.status != Event.Status.PUBLISHED:
        return
    for registration_id in recipients_of_change(change.event).values_list("pk", flat=True):
        _enqueue_email(kind, registration_id, change_id=change_id)


@transaction.atomic
def refresh_slot_instants(*, event: Event, slots: list[Slot]) -> EventChange | None:
    """Store the UTC instants the installed tzdata now gives these slots of ``event`` (a country changed its
    clocks), and record the change. Raises ``WallTimeError`` for a wall time that now needs a decision.

    Returns the change, or ``None`` if no instant moved. Side effects: the moved slots' ``start_utc`` and
    ``end_utc`` are updated; ``record_change`` (revision up, registrants emailed on commit).
    """
    moved = []
    for slot in slots:
        start_utc, end_utc = slot.compute_instants()
        if (start_utc, end_utc) == (slot.start_utc, slot.end_utc):
            continue
        Slot.objects.filter(pk=slot.pk, event=event).update(start_utc=start_utc, end_utc=end_utc)
        moved.append((slot, start_utc))
    if not moved:
        return None

    def describe(language: str) -> list[str]:
        shown = _shown_in(event.pk, language)
        slots_now = {slot.pk: slot for slot in shown.slots.all()}
        lines = []
        for slot, start_utc in moved:
            now = slots_now[slot.pk]
            # No "was" in local times: the old instant read with the new rules is not what people were told.
            lines += [_("Time changed: %(place)s has changed its clock rules. The press conference keeps its local "
                        "time there; elsewhere the time moves.") % {"place": _zone_place(shown, slot.timezone)},
                      _("Now: %(slot)s") % {"slot": now.schedule_text()},
                      _("In UTC: %(before)s before, %(after)s now.") % {
                          "before": f"{slot.start_utc:%Y-%m-%d %H:%M}", "after": f"{start_utc:%Y-%m-%d %H:%M}"}]
        return lines

    return record_change(event=event, what=in_every_language(describe),
                         notify=None if event.is_cancelled else Email.EVENT_CHANGED)


def _zone_place(event: Event, zone_name: str) -> str:
    """``Almaty, Kazakhstan``: a zone as the event's display zones name it (its own name if none does)."""
    for zone in event.display_zone_list():
        if zone.timezone == zone_name and zone.place:
            return zone.place
    return zone_name.split("/")[-1].replace("_", " ")


@dataclass(frozen=True)
class SlotState:
    start_utc: object
    end_utc: object
    description: dict  # language -> the slot as that language's pages write it
    removed: dict  # what the change keeps of it if it is removed (Slot.as_removed)


@dataclass(frozen=True)
class EventState:
    """What people who plan to attend rely on: the times, the place, the status."""

    event_status: str
    attendance: str
    venue: dict  # language -> the place as the press conference reads in that language
    online_platform: str
    join_url: str
    slots: dict  # pk -> SlotState


def capture_state(event: Event) -> EventState:
    """A snapshot of ``event`` as stored, to compare with after an edit. Times and the place are described as
    the pages write them (every display zone, house style), in each of the site's languages as a registrant who
    signed up in it reads the press conference (its public version's words and place names), with the display
    zones stored at that moment."""
    stored = _shown_in(event.pk, settings.LANGUAGE_CODE)  # what the next snapshot is compared on
    descriptions, venues = {}, {}
    for language, _name in settings.LANGUAGES:
        shown = stored if language == settings.LANGUAGE_CODE else _shown_in(event.pk, language)
        with translation.override(language):
            venues[language] = shown.venue
            for slot in shown.slots.all():
                descriptions.setdefault(slot.pk, {})[language] = slot.schedule_text()
    return EventState(
        event_status=stored.event_status,
        attendance=stored.attendance,
        venue=venues,
        online_platform=stored.online_platform,
        join_url=stored.join_url,
        slots={slot.pk: SlotState(slot.start_utc, slot.end_utc, descriptions[slot.pk], slot.as_removed())
               for slot in stored.slots.all()},
    )


def _shown_in(event_pk: int, language: str) -> Event:
    """The event as stored, with its slots and display zones, in ``language``'s public version where there is one."""
    shown = Event.objects.prefetch_related("display_zones", "slots").get(pk=event_pk)
    if not is_default_language(language):
        translations.show_in_language(shown, language)
    return shown


def _written_in(texts: dict, language: str) -> str:
    """``texts[language]``, else the English (a slot deleted by someone else while the snapshot was read has
    only the English load's)."""
    return texts.get(language) or texts[settings.LANGUAGE_CODE]


def describe_changes(before: EventState, after: EventState, language: str = settings.LANGUAGE_CODE) -> list[str]:
    """What changed between two snapshots, in words of ``language`` (call under it), for the change log and the
    notification. The join link is private: its change is said, never written."""
    changes = []
    if before.event_status != after.event_status:
        changes.append(
            _("Status: %(before)s → %(after)s") % {"before": Event.EventStatus(before.event_status).label,
                                                    "after": Event.EventStatus(after.event_status).label}
        )
    for pk, old in before.slots.items():
        new = after.slots.get(pk)
        if new is None:
            changes.append(_("Time removed: %(slot)s") % {"slot": _written_in(old.description, language)})
        elif (old.start_utc, old.end_utc) != (new.start_utc, new.end_utc):
            changes += [_("Time changed"), _("Was: %(slot)s") % {"slot": _written_in(old.description, language)},
                        _("Now: %(slot)s") % {"slot": _written_in(new.description, language)}]
    for pk, new in after.slots.items():
        if pk not in before.slots:
            changes.append(_("Time added: %(slot)s") % {"slot": _written_in(new.description, language)})
    if before.attendance != after.attendance:
        changes.append(_("Way of attending: %(before)s → %(after)s") % {
            "before": Event.Attendance(before.attendance).label, "after": Event.Attendance(after.attendance).label})
    if before.venue[settings.LANGUAGE_CODE] != after.venue[settings.LANGUAGE_CODE]:
        # The version's own words for the place, unless it still says the same: then the English change.
        said = language if before.venue[language] != after.venue[language] else settings.LANGUAGE_CODE
        changes.append(_("Place: %(before)s → %(after)s") % {"before": before.venue[said] or "–",
                                                             "after": after.venue[said] or "–"})
    if before.online_platform != after.online_platform:
        changes.append(_("Online platform: %(before)s → %(after)s") % {"before": before.online_platform or "–",
                                                                       "after": after.online_platform or "–"})
    if before.join_url != after.join_url:
        changes.append(_("The link to join online has changed."))
    return changes


def in_every_language(describe) -> dict[str, str]:
    """``describe(language)``, the lines of a change, written under each of the site's languages: {code: text}."""
    texts = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            texts[language] = "\n".join(describe(language))
    return texts


def change_notice(before: EventState, after: EventState) -> str | None:
    """The email a change sends its registrants: the cancellation for a press conference called off, none for
    the edit of one already called off, else the change notice."""
    cancelled = Event.EventStatus.CANCELLED
    if after.event_status == cancelled:
        return Email.EVENT_CANCELLED if before.event_status != cancelled else None
    return Email.EVENT_CHANGED


def record_changes_since(*, before: EventState, event: Event, user=None) -> EventChange | None:
    """Compare ``event`` as now stored with ``before``; record the difference if there is one."""
    after = capture_state(event)
    what = in_every_language(functools.partial(describe_changes, before, after))
    if not what[settings.LANGUAGE_CODE]:
        return None
    return record_change(event=event, what=what, user=user, notify=change_notice(before, after),
                         removed_slots=[old.removed for pk, old in before.slots.items() if pk not in after.slots])


def stranded_registrations(event: Event, *, attendance: str, event_status: str) -> dict[str, int]:
    """How many live (not cancelled) registrations of ``event`` would be in a way of attending it no longer
    offers, were its attendance and status changed to these, by way: each would keep a place that no longer
    exists. Seats of a press conference "Moved online" are attended online, so none is stranded then."""
    if event_status == Event.EventStatus.MOVED_ONLINE:
        return {}
    kept = Event(attendance=attendance).attendance_modes
    return dict(Registration.objects.filter(event_id=event.pk).exclude(status=Registration.Status.CANCELLED)
                .exclude(attendance__in=kept).values_list("attendance").annotate(Count("pk")))


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
    stored = Event.objects.get(pk=event.pk)
    columns = {field.attname: getattr(stored, field.attname)
               for field in Event._meta.get_fields() if field.concrete and not field.primary_key}
    copy = Event.objects.create(**{
        **columns,
        "title": _("%(title)s (copy)") % {"title": event.title},
        "slug": _free_slug(event.slug),
        "status": Event.Status.DRAFT,
        "publish_at": None,
        "event_status": Event.EventStatus.SCHEDULED,
        "status_note": "",
        "registration_opens_at": None,
        "registration_closes_at": None,
        "revision": 0,
    })
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


# Registration


class RegistrationError(Refused):
    """A registration rule said no."""


class RegistrationClosed(RegistrationError):
    """The event does not take registrations (now): not open yet, closed, ended, cancelled or unpublished."""

    def __init__(self, state: str, message: str = ""):
        self.state = state
        super().__init__(message)

    def default_message(self) -> str:
        return {
            Event.RegistrationState.NOT_YET_OPEN: _("Registration for this press conference is not open yet."),
            Event.RegistrationState.ENDED: _("This press conference has ended."),
        }.get(self.state, _("Registration for this press conference is closed."))


class ModeNotOffered(RegistrationError):
    default = gettext_lazy("This press conference cannot be attended that way.")


class RegistrationNotFound(RegistrationError):
    default = gettext_lazy("We have no registration for this link. It may have been erased.")


class LinkUsed(RegistrationError):
    """The link was valid once, but has been used (a confirmation link, once the address is confirmed)."""

    default = gettext_lazy("This link has already been used.")


class LinkReplaced(RegistrationError):
    """The link was valid once, but the registration started over since, and a newer email has its links."""

    def __init__(self, sent_at: datetime.datetime | None = None, message: str = ""):
        self.sent_at = sent_at
        super().__init__(message)

    def default_message(self) -> str:
        if self.sent_at is None:
            return _("This link was replaced by a newer email.")
        return _("This link was replaced by a newer email sent at %(when)s.") % {
            "when": times.date_and_time(self.sent_at)}


class EventOver(RegistrationError):
    default = gettext_lazy("This press conference has ended, so this link no longer works.")


class NoFreePlace(RegistrationError):
    default = gettext_lazy("There is no free place in that mode.")


class WrongStatus(RegistrationError):
    default = gettext_lazy("The registration is not in a state that allows this.")


class InvalidAddress(RegistrationError):
    """The address cannot be used (``commission.web.addresses.normalise_email`` said why)."""

    default = gettext_lazy("Enter an email address like name@example.org.")


def _address(email: str) -> str:
    try:
        return normalise_email(email)
    except ValidationError as error:
        raise InvalidAddress(error.messages[0]) from None


def _stored_spelling(email: str) -> str:
    """The address as it is stored, for looking up rows by an address taken from a row: one that the
    current rule refuses (stored before it) is looked up as it is."""
    try:
        return normalise_email(email)
    except ValidationError:
        return (email or "").strip().lower()


def _enqueue_email(kind: str, registration_id: int, **extra) -> None:
    tasks.queue_registration_email(kind=kind, registration_id=registration_id, **extra)


def email_on_commit(kind: str, registration: Registration, **extra) -> None:
    """Queue an email once the current transaction commits; a failure to queue is logged, never raised."""
    transaction.on_commit(functools.partial(_enqueue_email, kind, registration.pk, **extra), robust=True)


def _require_open(event: Event, now: datetime.datetime) -> None:
    if not event.is_published(now=now):
        raise RegistrationClosed(Event.RegistrationState.CLOSED)
    state = event.registration_state(now=now)
    if state != Event.RegistrationState.OPEN:
        raise RegistrationClosed(state)


def _lock_event(event_id: int) -> Event:
    """The event's row, locked until the transaction ends: whoever holds it may hand out places."""
    return Event.objects.select_for_update().prefetch_related("slots").get(pk=event_id)


def _lock_registration(
    registration_id: int, *, nonce: str | None = None, event: Event | None = None, confirming: bool = False
) -> tuple[Event, Registration]:
    """Lock the event, then the registration (always in that order, so lockers never deadlock).
    With ``event`` (the one a link names), a registration of another event is not found."""
    event_id = Registration.objects.filter(pk=registration_id).values_list("event_id", flat=True).first()
    if event_id is None or (event is not None and event_id != event.pk):
        raise RegistrationNotFound
    event = _lock_event(event_id)
    registration = Registration.objects.select_for_update().filter(pk=registration_id).first()
    if registration is None or registration.anonymised_at is not None:
        raise RegistrationNotFound
    if nonce is not None:
        _check_nonce(registration, nonce, confirming=confirming)
    registration.event = event
    return event, registration


def _check_nonce(registration: Registration, nonce: str, *, confirming: bool) -> None:
    """A link's nonce against the registration's: a confirmation link is used up once the address is
    confirmed; any other older link was replaced when the registration started over (registering again
    after cancelling), and says when the newer email was sent."""
    if registration.token_nonce == nonce:
        return
    if confirming and registration.status != Registration.Status.PENDING:
        raise LinkUsed
    raise LinkReplaced(sent_at=registration.links_sent_at)


def full_modes(event: Event) -> frozenset[str]:
    """The modes of ``event`` whose places are all taken (only the ones with a limit can be). One query, none
    when no mode has a limit."""
    limited = {mode: event.capacity_for(mode) for mode in Registration.Attendance.values}
    limited = {mode: capacity for mode, capacity in limited.items() if capacity is not None}
    if not limited:
        return frozenset()
    taken = dict(Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED,
                                             attendance__in=list(limited))
                 .values_list("attendance").annotate(n=Count("pk")).values_list("attendance", "n"))
    return frozenset(mode for mode, capacity in limited.items() if taken.get(mode, 0) >= capacity)


@contextlib.contextmanager
def _availability_kept_public(event: Event):
    """Around a change of places: if a mode fills up or frees up, the public pages (which say "In person: full,
    waiting list open") are stale, so the page cache's content version is bumped once committed. Other
    registrations change no public page and leave the cache alone. The caller holds the event's lock."""
    before = full_modes(event)
    yield
    if full_modes(event) != before:
        transaction.on_commit(bump_content_version, robust=True)


def places_taken(event: Event, attendance: str) -> int:
    return Registration.objects.filter(event=event).holding_place(attendance).count()


def free_places(event: Event, attendance: str) -> int | None:
    """Places left in a mode (``None``: unlimited). Only final under the event's lock."""
    capacity = event.capacity_for(attendance)
    if capacity is None:
        return None
    return max(0, capacity - places_taken(event, attendance))


def _take_place_or_wait(event: Event, registration: Registration, now: datetime.datetime) -> None:
    """The capacity rule. The caller holds the event's lock, so the count cannot change under us."""
    free = free_places(event, registration.attendance)
    registration.status = (
        Registration.Status.CONFIRMED if free is None or free > 0 else Registration.Status.WAITLISTED
    )
    registration.confirmed_at = now
    registration.calendar_sequence += 1


def _existing_registration(event: Event, email: str) -> Registration | None:
    return (
        Registration.objects.select_for_update()
        .not_anonymised()
        .filter(event=event, email=email)
        .first()
    )


@transaction.atomic
def register(
    *,
    event: Event,
    name: str,
    email: str,
    organisation: str,
    role: str,
    attendance: str,
    accessibility_needs: str = "",
    language: str = "",
    now: datetime.datetime | None = None,
) -> Registration:
    """Sign someone up for ``event``: pending until they confirm their address.

    One registration per address and event (one spelling per mailbox:
    ``commission.web.addresses``). Registering again never makes a second
    one, and never changes what is stored while the address is unconfirmed
    or confirmed: a pending registration keeps its details and is sent its
    confirmation email again, with a link as valid as the first one (the
    owner decides by confirming); a confirmed or waitlisted one is sent its
    status email again. If the form asked for the other way of attending,
    that email (never the page) says the registration keeps its own and how
    to change it. A stranger who types someone's address learns nothing
    (the answer takes as long) and changes nothing but the time the
    form was last sent for it (``signed_up_again_at``). Only a cancelled
    registration starts over with the new details, as pending, and its
    older links say they were replaced.

    ``language`` is the page's (``settings.LANGUAGES``; empty: the default): the registration's emails and
    calendar files are written in it.

    Raises ``RegistrationClosed``, ``ModeNotOffered`` or ``InvalidAddress``. Side effects: one row
    created or updated; one email queued on commit.
    """
    now = now or django_tz.now()
    _require_open(event, now)
    if attendance not in event.attendance_modes:
        raise ModeNotOffered
    email = _address(email)
    details = {"name": name, "organisation": organisation, "role": role, "attendance": attendance,
               "accessibility_needs": accessibility_needs, "consented_at": now,
               "language": language or settings.LANGUAGE_CODE}
    registration = _existing_registration(event, email)
    if registration is None:
        try:
            with transaction.atomic():  # a savepoint: a double submit may have created it meanwhile
                registration = Registration.objects.create(event=event, email=email, **details)
        except IntegrityError:
            registration = _existing_registration(event, email)
            if registration is None:
                raise
        else:
            email_on_commit(Email.CONFIRM_ADDRESS, registration)
            return registration
    # A known address costs what a new one does, a savepoint and one row written, so that the time the form
    # takes to answer does not tell whether an address is registered (the email is built after the answer).
    with transaction.atomic():
        if registration.status == Registration.Status.CANCELLED:
            for field, value in details.items():
                setattr(registration, field, value)
            registration.status = Registration.Status.PENDING
            registration.cancelled_at = registration.confirmed_at = registration.promoted_at = None
            registration.cancelled_by = registration.cancelled_from = registration.cancellation_reason = ""
            registration.token_nonce = new_token_nonce()  # the older links say they were replaced
            registration.token_issued_at = now
            registration.signed_up_again_at = now
            registration.save()
        else:
            registration.signed_up_again_at = now
            Registration.objects.filter(pk=registration.pk).update(signed_up_again_at=now)
    registration.event = event
    # Its email says so if the form asked for the other way of attending: the page never does.
    email_on_commit(status_email(registration), registration, asked_attendance=attendance)
    return registration


@transaction.atomic
def confirm_registration(
    *, registration_id: int, nonce: str, event: Event | None = None, now: datetime.datetime | None = None
) -> Registration:
    """Confirm the address behind a confirmation link: take a place in that mode if one is free, else wait.

    Under the event's row lock: the registration is re-read, the places taken
    in its mode are counted, and it becomes confirmed or waitlisted. The nonce
    is replaced, so the confirmation link cannot be used twice. With ``event``
    (the one the link names), a registration of another event is not found.

    Raises ``RegistrationNotFound``, ``LinkUsed``, ``RegistrationClosed``,
    ``ModeNotOffered``. Side effects: the registration is updated; its
    status email (with the calendar file and cancel link) is queued on commit.
    """
    now = now or django_tz.now()
    event, registration = _lock_registration(registration_id, nonce=nonce, event=event, confirming=True)
    _check_confirmable(event, registration, now)
    with _availability_kept_public(event):
        _take_place_or_wait(event, registration, now)
        registration.token_nonce = new_token_nonce()
        registration.token_issued_at = now
        registration.save(update_fields=["status", "confirmed_at", "token_nonce", "token_issued_at",
                                         "calendar_sequence"])
    email_on_commit(STATUS_EMAIL[registration.status], registration)
    return registration


def _promote_waiting(event: Event, attendance: str, now: datetime.datetime) -> list[Registration]:
    """Give free places in a mode to the waitlist, first come first served. The caller holds the lock."""
    if event.has_ended(now=now) or attendance not in event.attendance_modes:
        return []
    free = free_places(event, attendance)
    waiting = Registration.objects.filter(event=event).not_anonymised().waitlist(attendance).select_for_update()
    promoted = list(waiting if free is None else waiting[:free])
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.calendar_sequence += 1
        registration.save(update_fields=["status", "promoted_at", "calendar_sequence"])
        email_on_commit(Email.PROMOTED, registration)
    return promoted


def _check_confirmable(event: Event, registration: Registration, now: datetime.datetime) -> None:
    """What confirming a registration needs: still pending, registration open, its mode still offered.
    Checked when a confirmation link shows its button and again, under the lock, when it confirms."""
    if registration.status != Registration.Status.PENDING:
        raise LinkUsed
    _require_open(event, now)
    if registration.attendance not in event.attendance_modes:
        raise ModeNotOffered


def _registration_for_link(registration_id: int, nonce: str, event: Event | None, *,
                           confirming: bool = False) -> Registration:
    """The registration behind a link, with ``event`` as its event if the caller has it loaded already
    (else the event is read with its slots and display zones); a registration of another event than
    ``event`` is not found. Raises ``RegistrationNotFound``, ``LinkUsed``, ``LinkReplaced``."""
    registration = Registration.objects.not_anonymised().filter(pk=registration_id)
    if event is None:
        registration = registration.select_related("event").prefetch_related("event__slots", "event__display_zones")
    else:
        registration = registration.filter(event=event)
    registration = registration.first()
    if registration is None:
        raise RegistrationNotFound
    _check_nonce(registration, nonce, confirming=confirming)
    if event is not None:
        registration.event = event
    return registration


def get_registration_to_confirm(
    *, registration_id: int, nonce: str, event: Event | None = None, now: datetime.datetime | None = None
) -> Registration:
    """The registration a confirmation link stands for, if confirming it would be accepted now (the page
    that shows the button). Raises as ``confirm_registration`` does. Reads only."""
    registration = _registration_for_link(registration_id, nonce, event, confirming=True)
    _check_confirmable(registration.event, registration, now or django_tz.now())
    return registration


def get_registration_for_link(
    *, registration_id: int, nonce: str, event: Event | None = None, now: datetime.datetime | None = None
) -> Registration:
    """The registration a manage (cancel) link stands for. Raises ``RegistrationNotFound``, ``LinkUsed``,
    ``EventOver``. Reads only."""
    registration = _registration_for_link(registration_id, nonce, event)
    if registration.event.has_ended(now=now):
        raise EventOver
    return registration


@transaction.atomic
def cancel_registration(
    *, registration_id: int, nonce: str | None = None, event: Event | None = None,
    now: datetime.datetime | None = None, reason: str = "",
) -> tuple[Registration, list[Registration]]:
    """Cancel a registration: by the registrant, from their cancel link (``nonce`` and the ``event`` the
    link names), or by the press office, without a nonce and with an optional ``reason`` they are told.

    A confirmed place is freed and, in the same transaction, given to the
    first person waiting in that mode. Returns the registration and whoever
    was promoted. Raises ``RegistrationNotFound``, ``LinkUsed``, ``LinkReplaced``,
    ``EventOver``, ``WrongStatus`` (already cancelled). Side effects: rows
    updated; on commit, an email to the registrant that says who cancelled
    (with the calendar cancellation if they held a place) and a "you have a
    place" email to each promoted person.
    """
    now = now or django_tz.now()
    event, registration = _lock_registration(registration_id, nonce=nonce, event=event)
    if nonce is not None and event.has_ended(now=now):
        raise EventOver
    if registration.status == Registration.Status.CANCELLED:
        raise WrongStatus(_("This registration was already cancelled."))
    held_place = registration.status == Registration.Status.CONFIRMED
    by_office = nonce is None
    with _availability_kept_public(event):
        registration.cancelled_from = registration.status
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.cancelled_by = (Registration.CancelledBy.OFFICE if by_office
                                     else Registration.CancelledBy.REGISTRANT)
        registration.cancellation_reason = reason.strip() if by_office else ""
        registration.checked_in_at = None
        registration.calendar_sequence += 1
        registration.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancelled_from",
                                         "cancellation_reason", "checked_in_at", "calendar_sequence"])
        email_on_commit(Email.CANCELLED_BY_OFFICE if by_office else Email.CANCELLED, registration)
        promoted = _promote_waiting(event, registration.attendance, now) if held_place else []
    return registration, promoted


@transaction.atomic
def switch_to_online(
    *, registration_id: int, nonce: str, event: Event | None = None, now: datetime.datetime | None = None
) -> Registration:
    """Leave the in-person waitlist for an online place (or the online waitlist if that is full too). With
    ``event`` (the one the link names), a registration of another event is not found.

    Raises ``RegistrationNotFound``, ``LinkUsed``, ``EventOver``,
    ``ModeNotOffered``, ``WrongStatus``. Side effects: the registration is
    updated (its place in a waitlist is now); its status email is queued on commit.
    """
    now = now or django_tz.now()
    event, registration = _lock_registration(registration_id, nonce=nonce, event=event)
    if event.has_ended(now=now):
        raise EventOver
    if not registration.can_switch_to_online:
        if not registration.is_waiting_for_a_seat:
            raise WrongStatus(_("Only someone waiting for an in-person seat can switch to attending online."))
        raise ModeNotOffered(_("This press conference cannot be attended online."))
    with _availability_kept_public(event):
        registration.attendance = Registration.Attendance.ONLINE
        _take_place_or_wait(event, registration, now)
        registration.save(update_fields=["attendance", "status", "confirmed_at", "calendar_sequence"])
    email_on_commit(STATUS_EMAIL[registration.status], registration)
    return registration


@transaction.atomic
def promote_registration(*, registration_id: int, now: datetime.datetime | None = None) -> Registration:
    """Staff: give a waitlisted person a place, if one is free in their mode (capacity is never exceeded;
    raise the capacity first to add a seat). Raises ``WrongStatus``, ``NoFreePlace``, ``RegistrationNotFound``.
    Side effects: the registration is confirmed; a "you have a place" email is queued on commit."""
    now = now or django_tz.now()
    event, registration = _lock_registration(registration_id)
    if registration.status != Registration.Status.WAITLISTED:
        raise WrongStatus(_("Only a waitlisted registration can be promoted."))
    free = free_places(event, registration.attendance)
    if free is not None and free <= 0:
        raise NoFreePlace(
            _("No free %(mode)s place: raise the capacity of the press conference first.")
            % {"mode": registration.get_attendance_display().lower()}
        )
    with _availability_kept_public(event):
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.calendar_sequence += 1
        registration.save(update_fields=["status", "promoted_at", "calendar_sequence"])
    email_on_commit(Email.PROMOTED, registration)
    return registration


@transaction.atomic
def fill_waitlists(*, event: Event, now: datetime.datetime | None = None) -> list[Registration]:
    """Give every free place to the waitlist (after the capacity went up). Side effects: registrations
    confirmed; each promoted person emailed on commit."""
    now = now or django_tz.now()
    event = _lock_event(event.pk)
    promoted = []
    with _availability_kept_public(event):
        for attendance in Registration.Attendance.values:
            promoted += _promote_waiting(event, attendance, now)
    return promoted


def resend_email(*, registration: Registration) -> str:
    """Send the email for where the registration stands now (its confirmation link again if pending).
    Returns the kind of email. Side effects: one email queued on commit."""
    kind = status_email(registration)
    email_on_commit(kind, registration)
    return kind


@transaction.atomic
def set_checked_in(*, registration_id: int, checked_in: bool, now: datetime.datetime | None = None) -> Registration:
    """At the door: mark a confirmed registrant as arrived (or undo it). Raises ``WrongStatus``,
    ``RegistrationNotFound``. Side effects: one row updated."""
    registration = Registration.objects.select_for_update().filter(pk=registration_id).first()
    if registration is None or registration.anonymised_at is not None:
        raise RegistrationNotFound
    if registration.status != Registration.Status.CONFIRMED:
        raise WrongStatus(_("Only a confirmed registrant can be checked in."))
    registration.checked_in_at = (now or django_tz.now()) if checked_in else None
    registration.save(update_fields=["checked_in_at"])
    return registration


def registration_counts(event: Event) -> dict:
    """Per mode: capacity and the number of registrations in each state, plus checked in. One query."""
    states = Registration.Status.values
    aggregates = {}
    for mode in Registration.Attendance.values:
        for state in states:
            aggregates[f"{mode}:{state}"] = Count("pk", filter=Q(attendance=mode, status=state))
        aggregates[f"{mode}:checked_in"] = Count("pk", filter=Q(attendance=mode, checked_in_at__isnull=False))
    totals = Registration.objects.filter(event=event).aggregate(**aggregates)
    rows = {}
    for mode, label in Registration.Attendance.choices:
        counts = {state: totals[f"{mode}:{state}"] for state in [*states, "checked_in"]}
        capacity = event.capacity_for(mode)
        rows[mode] = {"label": label, "capacity": capacity, "offered": mode in event.attendance_modes,
                      "free": None if capacity is None else max(0, capacity - counts["confirmed"]), **counts}
    return rows


# Personal data


def _anonymise(queryset, now: datetime.datetime) -> int:
    """Blank every personal field; keep the mode, role, state and times, which are statistics."""
    return queryset.filter(anonymised_at__isnull=True).update(
        name="", email="", organisation="", accessibility_needs="", anonymised_at=now,
        token_nonce="",  # no link can ever match again
    )


def export_person(*, email: str) -> dict:
    """Everything stored about one address, across events (a subject access request). Reads only."""
    email = _stored_spelling(email)
    registrations = (
        Registration.objects.not_anonymised().filter(email=email).select_related("event").order_by("created_at")
    )
    fields = ["name", "email", "organisation", "role", "attendance", "accessibility_needs", "status",
              "consented_at", "created_at", "confirmed_at", "promoted_at", "cancelled_at", "checked_in_at"]
    return {
        "email": email,
        "exported_at": django_tz.now().isoformat(),
        "registrations": [
            {"press_conference": r.event.title, "press_conference_url": absolute_url(r.event.get_absolute_url()),
             **{f: (v.isoformat() if isinstance(v := getattr(r, f), datetime.datetime) else v) for f in fields}}
            for r in registrations
        ],
    }


@transaction.atomic
def erase_person(*, email: str, now: datetime.datetime | None = None) -> int:
    """Erase one person's registrations across events (a request to be forgotten).

    Places they hold at events still to come are cancelled first, which gives
    them to the waitlist. Then every personal field is blanked. Returns the
    number of registrations anonymised. Side effects: promoted people are
    emailed on commit; the person is not (their address is gone).
    """
    now = now or django_tz.now()
    email = _stored_spelling(email)
    registrations = Registration.objects.not_anonymised().filter(email=email)
    for registration in registrations.filter(status__in=[Registration.Status.CONFIRMED,
                                                         Registration.Status.WAITLISTED,
                                                         Registration.Status.PENDING]):
        event = _lock_event(registration.event_id)
        if event.has_ended(now=now):
            continue  # the past stays as it was, for the statistics
        with _availability_kept_public(event):
            Registration.objects.filter(pk=registration.pk).update(
                status=Registration.Status.CANCELLED, cancelled_at=now, checked_in_at=None,
                cancelled_from=registration.status,
            )
            if registration.status == Registration.Status.CONFIRMED:
                _promote_waiting(event, registration.attendance, now)
    return _anonymise(registrations, now)


def purge_registrations(*, retention_days: int, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Anonymise the registrations of events that ended more than ``retention_days`` ago. Idempotent.
    Returns (registrations anonymised, events concerned)."""
    now = now or django_tz.now()
    cutoff = now - datetime.timedelta(days=retention_days)
    ended = Event.objects.ended(now=cutoff).values("pk")
    queryset = Registration.objects.filter(event__in=ended, anonymised_at__isnull=True)
    events = queryset.values("event").distinct().count()
    with transaction.atomic():
        count = _anonymise(queryset, now)
    return count, events
