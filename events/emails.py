"""Registrants' emails: which one a state change sends, and building it.

A service names the kind of email (``Email``) when it changes a registration;
``events/tasks.py`` sends it later, only if it still makes sense for the
registration as it is then (``DUE_WHEN``). Each email has a plain-text and an
HTML part from ``templates/emails/``, and the calendar file for people who
hold a place or whose event changed (``WITH_CALENDAR``).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from commission.web.links import absolute_url
from events import calendar, tokens
from events.models import EventChange, Registration


class Email:
    """What a registrant is sent; each kind has its templates, ``registration_<kind>.txt`` and ``.html``."""

    CONFIRM_ADDRESS = "confirm_address"
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    PROMOTED = "promoted"
    CANCELLED = "cancelled"
    EVENT_CHANGED = "event_changed"


# The email that tells someone where they stand now (sent again on request or on registering again).
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
    Email.EVENT_CHANGED: {Registration.Status.CONFIRMED, Registration.Status.WAITLISTED},
}
WITH_CALENDAR = {Email.CONFIRMED, Email.PROMOTED, Email.EVENT_CHANGED}


def subject_for(kind: str, title: str) -> str:
    return {
        Email.CONFIRM_ADDRESS: _("Confirm your registration: %(title)s"),
        Email.CONFIRMED: _("Your place is confirmed: %(title)s"),
        Email.PROMOTED: _("A place is now yours: %(title)s"),
        Email.WAITLISTED: _("You are on the waitlist: %(title)s"),
        Email.CANCELLED: _("Registration cancelled: %(title)s"),
        Email.EVENT_CHANGED: _("Change to %(title)s"),
    }[kind] % {"title": title}


def build_message(kind: str, registration: Registration, *, change: EventChange | None = None):
    """The email for ``kind``, ready to send: text and HTML parts, and the .ics where due."""
    event = registration.event
    join_url = registration.due_join_url()
    context = {
        "kind": kind,
        "registration": registration,
        "event": event,
        "event_url": absolute_url(event.get_absolute_url()),
        "slots": [
            {"date": slot.date_text, "duration": slot.duration_text, "zone_times": slot.zone_times()}
            for slot in event.slots.all()
        ],
        "place": calendar.location_text(event),
        "join_url": join_url,
        "change": change,
        "commission": event.commission,
        "privacy_url": absolute_url(reverse("commission:privacy")),
        "confirm_hours": tokens.CONFIRM_MAX_HOURS,
    }
    if kind == Email.CONFIRM_ADDRESS:
        token = tokens.make_token(registration, tokens.CONFIRM)
        context["confirm_url"] = absolute_url(reverse("events:confirm", args=[event.slug, token]))
    elif registration.status != Registration.Status.CANCELLED:
        token = tokens.make_token(registration, tokens.MANAGE)
        context["manage_url"] = absolute_url(reverse("events:registration", args=[event.slug, token]))
    context["register_url"] = absolute_url(reverse("events:register", args=[event.slug]))

    message = EmailMultiAlternatives(
        subject=subject_for(kind, event.title),
        body=render_to_string(f"emails/registration_{kind}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(render_to_string(f"emails/registration_{kind}.html", context), "text/html")
    if kind in WITH_CALENDAR:
        ics = calendar.build_calendar([event], join_urls={event.pk: join_url} if join_url else None)
        message.attach(f"{event.slug}.ics", ics.decode(), "text/calendar")
    return message
