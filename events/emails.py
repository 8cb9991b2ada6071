"""Registrants' emails: which one a state change sends, and building it.

A service names the kind of email (``Email``) when it changes a registration;
``events/tasks.py`` sends it later, only if it still makes sense for the
registration as it is then (``DUE_WHEN``). Each email says in its subject and
its first line what happened (``headline``), has a plain-text and an HTML part
from ``templates/emails/``, with the press conference's times in the house
style in every display zone, as the pages write them.

The calendar file keeps the person's calendar true (``calendar_method``): a
place held puts the press conference in it (``REQUEST``); a place given up,
taken away by the press office or lost to the event's cancellation takes it
out again (``CANCEL``, same UID, higher SEQUENCE). Someone on the waiting list
has nothing in their calendar, so their emails carry no calendar file.
"""

import copy

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from commission.web.languages import is_default_language
from commission.web.links import absolute_url
from commission.web.mail import automatic_email
from commission.web.text import one_line
from events import calendar, tokens, translations
from events.models import EventChange, Registration


class Email:
    """What a registrant is sent; each kind has its templates, ``registration_<kind>.txt`` and ``.html``."""

    CONFIRM_ADDRESS = "confirm_address"
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    PROMOTED = "promoted"
    CANCELLED = "cancelled"  # by the registrant
    CANCELLED_BY_OFFICE = "cancelled_by_office"
    EVENT_CHANGED = "event_changed"
    EVENT_CANCELLED = "event_cancelled"


# The email that tells someone where they stand (after confirming, switching mode): see also status_email().
STATUS_EMAIL = {
    Registration.Status.PENDING: Email.CONFIRM_ADDRESS,
    Registration.Status.CONFIRMED: Email.CONFIRMED,
    Registration.Status.WAITLISTED: Email.WAITLISTED,
    Registration.Status.CANCELLED: Email.CANCELLED,
}

# Which registration states each email still makes sense for when it is sent.
DUE_WHEN = {
    Email.CONFIRM_ADDRESS: {Registration.Status.PENDING},
    Email.CONFIRMED: {Registration.Status.CONFIRMED},
    Email.PROMOTED: {Registration.Status.CONFIRMED},
    Email.WAITLISTED: {Registration.Status.WAITLISTED},
    Email.CANCELLED: {Registration.Status.CANCELLED},
    Email.CANCELLED_BY_OFFICE: {Registration.Status.CANCELLED},
    Email.EVENT_CHANGED: {Registration.Status.CONFIRMED, Registration.Status.WAITLISTED},
    Email.EVENT_CANCELLED: {Registration.Status.CONFIRMED, Registration.Status.WAITLISTED},
}

# The kinds that can carry a calendar file; calendar_method() says for whom and what it does.
WITH_CALENDAR = {Email.CONFIRMED, Email.PROMOTED, Email.EVENT_CHANGED, Email.EVENT_CANCELLED, Email.CANCELLED,
                 Email.CANCELLED_BY_OFFICE}


def status_email(registration: Registration) -> str:
    """The email that tells someone where they stand now: sent again on request, or when the address is
    registered again. A cancellation by the office is told as one; a place at a cancelled event too."""
    if registration.status == Registration.Status.CANCELLED:
        if registration.cancelled_by == Registration.CancelledBy.OFFICE:
            return Email.CANCELLED_BY_OFFICE
        return Email.CANCELLED
    if registration.status != Registration.Status.PENDING and registration.event.is_cancelled:
        return Email.EVENT_CANCELLED
    return STATUS_EMAIL[registration.status]


def calendar_method(kind: str, registration: Registration) -> str | None:
    """``REQUEST`` (put the press conference in their calendar or update it), ``CANCEL`` (take it out) or
    ``None`` (no calendar file). Only people who hold a place, or held one until this email, get a file:
    someone waiting or unconfirmed has no entry to keep true."""
    if kind not in WITH_CALENDAR:
        return None
    if kind in {Email.CANCELLED, Email.CANCELLED_BY_OFFICE}:
        return calendar.CANCEL if registration.cancelled_from == Registration.Status.CONFIRMED else None
    if registration.status != Registration.Status.CONFIRMED:
        return None
    if kind == Email.EVENT_CANCELLED or registration.event.is_cancelled:
        return calendar.CANCEL
    return calendar.REQUEST


def headline(kind: str, registration: Registration, *, position: int | None = None) -> str:
    """What happened, in a few words: the HTML heading and the text part's first line."""
    title = registration.event.title
    if kind == Email.CONFIRM_ADDRESS:
        return _("Confirm your registration")
    if kind == Email.CONFIRMED:
        return _("Your place is confirmed")
    if kind == Email.PROMOTED:
        return _("A place is now yours")
    if kind == Email.WAITLISTED:
        return registration.waitlist_text(position)
    if kind == Email.CANCELLED:
        if registration.cancelled_from == Registration.Status.WAITLISTED:
            return _("You have left the waiting list")
        return _("Your registration is cancelled")
    if kind == Email.CANCELLED_BY_OFFICE:
        return _("The press office has cancelled your registration")
    if kind == Email.EVENT_CANCELLED:
        return _("Cancelled: “%(title)s” will not take place") % {"title": title}
    return _("This press conference has changed")


def subject_for(kind: str, registration: Registration) -> str:
    """One line whatever the stored title holds (``one_line``): a line break would make the header invalid."""
    subject = {
        Email.CONFIRM_ADDRESS: _("Confirm your registration: %(title)s"),
        Email.CONFIRMED: _("Your place is confirmed: %(title)s"),
        Email.PROMOTED: _("A place is now yours: %(title)s"),
        Email.WAITLISTED: _("You are on the waiting list: %(title)s"),
        Email.CANCELLED: _("Registration cancelled: %(title)s"),
        Email.CANCELLED_BY_OFFICE: _("Registration cancelled by the press office: %(title)s"),
        Email.EVENT_CHANGED: _("Change to %(title)s"),
        Email.EVENT_CANCELLED: _("Cancelled: %(title)s"),
    }[kind]
    if kind == Email.CANCELLED and registration.cancelled_from == Registration.Status.WAITLISTED:
        subject = _("You have left the waiting list: %(title)s")
    return one_line(subject % {"title": registration.event.title})


def attendance_kept(kind: str, registration: Registration, asked_attendance: str) -> str:
    """What the status email sent again to an address registered again says when the form asked for the other
    way of attending: that the registration was not changed, and how to change it (``""`` otherwise). Only the
    email says it, never the page that answers the form, which says the same for every address."""
    if not asked_attendance or kind not in {Email.CONFIRM_ADDRESS, Email.CONFIRMED, Email.WAITLISTED}:
        return ""
    asked_online = asked_attendance == Registration.Attendance.ONLINE
    if asked_online == registration.attends_online:
        return ""
    if asked_online:
        kept = _("This address was registered again to attend online, but your registration stays in person: "
                 "registering again does not change a registration.")
    else:
        kept = _("This address was registered again to attend in person, but your registration stays online: "
                 "registering again does not change a registration.")
    if registration.status == Registration.Status.PENDING:
        how = _("To change it, confirm your address with the link below, then cancel with the link in the email "
                "that follows, and register again.")
    elif registration.can_switch_to_online:
        how = _("To attend online instead, switch with the link below.")
    elif registration.status == Registration.Status.WAITLISTED:
        how = _("To change it, leave the waiting list with the link below, and register again.")
    else:
        how = _("To change it, cancel with the link below (your place is then given up), and register again.")
    return f"{kept} {how}"


def email_context(kind: str, registration: Registration, *, change: EventChange | None = None,
                  asked_attendance: str = "") -> dict:
    """Everything the templates of ``kind`` show (the admin's preview of a change email renders it too).
    ``asked_attendance``: the way of attending the form asked for, when an address was registered again."""
    event = registration.event
    position = registration.waitlist_position()
    context = {
        "kind": kind,
        "headline": headline(kind, registration, position=position),
        "registration": registration,
        # An address not confirmed yet may be anyone's: it is sent nothing the form's sender typed.
        "greeting_name": "" if kind == Email.CONFIRM_ADDRESS else registration.name,
        "event": event,
        "event_url": absolute_url(event.get_absolute_url()),
        "slots": [
            {"date": slot.date_text, "duration": slot.duration_text, "zone_times": slot.zone_times()}
            for slot in event.slots.all()
        ],
        "place": registration.location,  # where this person attends: the room, or online
        "join_url": registration.due_join_url(),
        "what_changed": change.what_in(translation.get_language()) if change else "",  # the email's language
        "removed_slots": change.removed_slot_list(event) if change else [],  # times the change took away
        "attendance_kept": attendance_kept(kind, registration, asked_attendance),
        "sent_again": bool(asked_attendance),  # to an address registered again, not just confirmed
        "waitlist_position": position,
        "waitlist_text": registration.waitlist_text(position) if position else "",
        "calendar_method": calendar_method(kind, registration),
        "commission": event.commission,
        "privacy_url": absolute_url(reverse("commission:privacy")),
        "confirm_hours": tokens.CONFIRM_MAX_HOURS,
        "register_url": absolute_url(reverse("events:register", args=[event.slug])),
    }
    if kind == Email.CONFIRM_ADDRESS:
        token = tokens.make_token(registration, tokens.CONFIRM)
        context["confirm_url"] = absolute_url(reverse("events:confirm", args=[event.slug, token]))
    elif registration.status != Registration.Status.CANCELLED and not event.is_cancelled:
        token = tokens.make_token(registration, tokens.MANAGE)
        context["manage_url"] = absolute_url(reverse("events:registration", args=[event.slug, token]))
    return context


def render_text(kind: str, context: dict) -> str:
    return render_to_string(f"emails/registration_{kind}.txt", context)


def preview(kind: str, registration: Registration, *, change: EventChange | None = None) -> tuple[str, str]:
    """The subject and text of ``kind`` as ``registration`` would receive it, for staff to read before it is
    sent: the name and address are placeholders, and its links cannot be used (the nonce is not theirs)."""
    sample = copy.copy(registration)
    sample.name = _("[their name]")
    sample.email = _("[their address]")
    sample.token_nonce = "preview"
    return subject_for(kind, sample), render_text(kind, email_context(kind, sample, change=change))


def build_message(kind: str, registration: Registration, *, change: EventChange | None = None,
                  asked_attendance: str = ""):
    """The email for ``kind``, ready to send: text and HTML parts, and the calendar file where one is due.
    ``asked_attendance``: as ``email_context`` takes it.

    In the language of the page the registrant signed up on (``registration.language``), with that language's
    links, and the press conference's words from its version in that language where one is ready (else the
    English words, in that language's frame). Whatever language the request that sends it is in.
    """
    language = registration.language or settings.LANGUAGE_CODE
    with translation.override(language):
        if not is_default_language(language):
            translations.show_in_language(registration.event, language)
        return _build_message(kind, registration, change=change, asked_attendance=asked_attendance)


def _build_message(kind: str, registration: Registration, *, change: EventChange | None = None,
                   asked_attendance: str = ""):
    context = email_context(kind, registration, change=change, asked_attendance=asked_attendance)
    message = automatic_email(subject=subject_for(kind, registration), template=f"registration_{kind}",
                              context=context, to=registration.email)
    method = context["calendar_method"]
    if not method:
        return message
    event = registration.event
    removed = context["removed_slots"]
    if method == calendar.CANCEL:  # the whole entry goes, the times the same change removed with it
        content = calendar.registrant_calendar(registration, method=method, slots=[*event.slots.all(), *removed])
    else:
        content = calendar.registrant_calendar(registration, method=method)
    message.attach(calendar.email_part(content, method=method, filename=f"{event.slug}.ics"))
    if removed and method == calendar.REQUEST:  # a file has one method: the times taken away, by a second one
        content = calendar.registrant_calendar(registration, method=calendar.CANCEL, slots=removed)
        message.attach(calendar.email_part(content, method=calendar.CANCEL, filename=f"{event.slug}-removed.ics"))
    return message
