"""Accreditation emails, sent through Django's tasks framework: a thin wrapper around press/emails.py, as
registrants' emails are around events/emails.py.

``press/accreditation.py`` queues ``send_accreditation_email`` once its transaction has committed. The task
reads the request as it is when it runs and skips an email that no longer fits it (``emails.DUE_WHEN``): a
"you are accredited" for a request revoked meanwhile is never sent. A failed send is retried where the
backend can (``commission.web.after_response.retry_later``), else logged; the request is kept either way,
and sending the form again resends the email.
"""

from django.tasks import task

from commission.web.after_response import queue_task, retry_later
from press import emails
from press.models import Accreditation, PressRelease, PreviewLink


def queue_accreditation_email(*, kind: str, accreditation_id: int) -> None:
    queue_task(send_accreditation_email, kind=kind, accreditation_id=accreditation_id)


@task()
def send_accreditation_email(*, kind: str, accreditation_id: int, attempt: int = 1) -> str:
    """Send one applicant one email. Returns what happened (``sent`` or why it was skipped)."""
    accreditation = Accreditation.objects.not_erased().filter(pk=accreditation_id).first()
    if accreditation is None:
        return "skipped: request gone or erased"
    if accreditation.status not in emails.DUE_WHEN[kind]:
        return f"skipped: request is {accreditation.status} now"
    try:
        emails.build_message(kind, accreditation).send()
    except Exception:  # building or sending: the same retry either way
        retry_later(send_accreditation_email, attempt=attempt,
                    what=f"Accreditation email {kind} to request {accreditation_id}",
                    keep="the request is kept; sending the form again resends it",
                    kind=kind, accreditation_id=accreditation_id)
        raise
    return "sent"


def queue_embargo_email(*, link_id: int) -> None:
    queue_task(send_embargo_email, link_id=link_id)


@task()
def send_embargo_email(*, link_id: int, attempt: int = 1) -> str:
    """Send one journalist their personal link to an embargoed release. Skipped when the copy was withdrawn,
    the journalist is no longer accredited, or the release is public already (or a draft again)."""
    link = (PreviewLink.objects.embargo_copies().usable().select_related("release", "accreditation")
            .filter(pk=link_id).first())
    if link is None:
        return "skipped: copy gone, withdrawn or expired"
    if not Accreditation.objects.accredited().filter(pk=link.accreditation_id).exists():
        return "skipped: journalist no longer accredited"
    if not PressRelease.objects.scheduled().filter(pk=link.release_id).exists():
        return "skipped: release no longer under embargo"
    try:
        emails.build_embargo_message(link).send()
    except Exception:  # building or sending: the same retry either way
        retry_later(send_embargo_email, attempt=attempt,
                    what=f"Embargoed copy {link_id}",
                    keep="the copy is kept; withdraw it and send again, or send the link by hand",
                    link_id=link_id)
        raise
    return "sent"
