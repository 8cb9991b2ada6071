"""Registrants' emails, sent through Django's tasks framework.

Services queue ``send_registration_email`` once their transaction has
committed. The task reads the registration as it is *when it runs* (a stale
email, e.g. "your place is confirmed" for a registration cancelled meanwhile, is
skipped), builds a plain-text and an HTML part from ``templates/emails/``, and
attaches the calendar file for people who hold or wait for a place.

Failures: with the immediate backend (the default) the task runs in the
request after commit; a mail server error is logged and the registration is
kept (staff can resend from the admin, and registering again resends too).
With django-tasks-db's database backend, which has no retry of its own, a
failed send queues the next attempt itself, later each time
(``RETRY_DELAYS``), and the failed attempt is recorded by the worker.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commission.web.links import absolute_url
from events import calendar, tokens
from events.models import EventChange, Registration
from events.services import Email, join_url_for

logger = logging.getLogger(__name__)

# Waits before attempts 2, 3, 4 and 5; after the fifth failure the message is given up (and logged).
RETRY_DELAYS = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1

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
    join_url = join_url_for(registration)
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


@task()
def send_registration_email(*, kind: str, registration_id: int, change_id: int | None = None,
                            attempt: int = 1) -> str:
    """Send one registrant one email. Returns what happened (``sent`` or why it was skipped)."""
    registration = (
        Registration.objects.select_related("event__commission")
        .prefetch_related("event__slots", "event__display_zones")
        .filter(pk=registration_id, anonymised_at__isnull=True)
        .first()
    )
    if registration is None:
        return "skipped: registration gone or anonymised"
    if registration.status not in DUE_WHEN[kind]:
        return f"skipped: registration is {registration.status} now"
    change = EventChange.objects.filter(pk=change_id).first() if change_id else None
    if kind == Email.EVENT_CHANGED and change is None:
        return "skipped: change not found"
    message = build_message(kind, registration, change=change)
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        _retry_later(kind=kind, registration_id=registration_id, change_id=change_id, attempt=attempt)
        raise
    return "sent"


def _retry_later(*, kind: str, registration_id: int, change_id: int | None, attempt: int) -> None:
    backend = send_registration_email.get_backend()
    if not backend.supports_defer:
        logger.exception(
            "Email %s to registration %s not sent (this task backend cannot retry; the registration is kept, "
            "resend it from the admin).", kind, registration_id,
        )
        return
    if attempt >= MAX_ATTEMPTS:
        logger.exception("Email %s to registration %s given up after %s attempts.", kind, registration_id, attempt)
        return
    delay = RETRY_DELAYS[attempt - 1]
    send_registration_email.using(run_after=timezone.now() + delay).enqueue(
        kind=kind, registration_id=registration_id, change_id=change_id, attempt=attempt + 1
    )
    logger.warning(
        "Email %s to registration %s failed (attempt %s of %s); retrying in %s.",
        kind, registration_id, attempt, MAX_ATTEMPTS, delay,
    )
