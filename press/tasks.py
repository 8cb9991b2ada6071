"""Accreditation emails, sent through Django's tasks framework, as registrants' are (events/tasks.py).

``press/accreditation.py`` queues ``send_accreditation_email`` once its
transaction has committed. The task reads the request as it is when it runs
and skips an email that no longer fits it (``DUE_WHEN``): a "you are
accredited" for a request revoked meanwhile is never sent. A failure is
logged and the request kept; sending the form again resends the email.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from commission.models import Commission
from commission.web.after_response import queue_task
from commission.web.links import absolute_url
from commission.web.text import one_line
from press import tokens
from press.models import Accreditation

logger = logging.getLogger(__name__)

CONFIRM_ADDRESS = "confirm_address"
Status = Accreditation.Status

# Each email, the request states it still fits when sent, and its subject.
DUE_WHEN = {
    CONFIRM_ADDRESS: {Status.UNCONFIRMED},
    Status.AWAITING: {Status.AWAITING},
    Status.APPROVED: {Status.APPROVED},
    Status.REJECTED: {Status.REJECTED},
    Status.REVOKED: {Status.REVOKED},
}


def subject_for(kind: str) -> str:
    return {
        CONFIRM_ADDRESS: _("Confirm your accreditation request"),
        Status.AWAITING: _("Your accreditation request has been received"),
        Status.APPROVED: _("You are accredited with the press office"),
        Status.REJECTED: _("Your accreditation request was not approved"),
        Status.REVOKED: _("Your accreditation has been withdrawn"),
    }[kind]


def build_message(kind: str, accreditation: Accreditation) -> EmailMultiAlternatives:
    """The email for ``kind``: a plain-text and an HTML part, from ``templates/emails/accreditation_*``."""
    context = {
        "kind": kind,
        "headline": subject_for(kind),
        "accreditation": accreditation,
        "commission": Commission.objects.order_by("pk").first(),  # the one the site speaks for
        "privacy_url": absolute_url(reverse("commission:privacy")),
        "form_url": absolute_url(reverse("press:accreditation")),
        "confirm_hours": tokens.ACCREDITATION_CONFIRM_HOURS,
    }
    if kind == CONFIRM_ADDRESS:
        token = tokens.make_accreditation_token(accreditation)
        context["confirm_url"] = absolute_url(reverse("press:accreditation_confirm", args=[token]))
    message = EmailMultiAlternatives(
        subject=one_line(subject_for(kind)),
        body=render_to_string("emails/accreditation_email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[accreditation.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(render_to_string("emails/accreditation_email.html", context), "text/html")
    return message


def queue_accreditation_email(*, kind: str, accreditation_id: int) -> None:
    queue_task(send_accreditation_email, kind=kind, accreditation_id=accreditation_id)


@task()
def send_accreditation_email(*, kind: str, accreditation_id: int) -> str:
    """Send one applicant one email. Returns what happened (``sent`` or why it was skipped)."""
    accreditation = Accreditation.objects.not_erased().filter(pk=accreditation_id).first()
    if accreditation is None:
        return "skipped: request gone or erased"
    if accreditation.status not in DUE_WHEN[kind]:
        return f"skipped: request is {accreditation.status} now"
    try:
        build_message(kind, accreditation).send()
    except Exception:
        logger.exception("Accreditation email %s to request %s not sent.", kind, accreditation_id)
        raise
    return "sent"
