"""Registrants' emails, sent through Django's tasks framework: a thin wrapper around events/emails.py.

Services queue ``send_registration_email`` once their transaction has
committed, through ``queue_registration_email``: with the immediate backend it
runs after the response has been sent. The task reads the registration as it is *when it runs* (a stale
email, e.g. "your place is confirmed" for a registration cancelled meanwhile, is
skipped) and sends what ``emails.build_message`` builds.

Failures: an email that cannot be built (a template or header error) is
treated as one the mail server refused: logged, and retried where the backend
can. With the immediate backend (the default) the task runs in the web process
once the response has been sent (``queue_registration_email``); a
failure is logged and the registration is kept (staff can resend from the
admin, and registering again resends too). With django-tasks-db's database
backend, which has no retry of its own, a failed attempt queues the next one
itself, later each time (``commission.web.after_response.RETRY_DELAYS``), and is recorded by the worker.
"""

from django.tasks import task

from commission.web.after_response import queue_task, send_or_retry
from events.emails import DUE_WHEN, Email, build_message
from events.models import EventChange, Registration


def queue_registration_email(*, kind: str, registration_id: int, change_id: int | None = None,
                             asked_attendance: str = "") -> None:
    """Queue one registrant's email. A backend that runs tasks in this process (the immediate one) runs it
    only once the response has been sent: the page a person waits for costs the same whether or not an
    email is built for them, so its timing tells nothing about their address. A queue (the database
    backend) takes the task at once: one row, for everyone alike."""
    queue_task(send_registration_email, kind=kind, registration_id=registration_id, change_id=change_id,
               asked_attendance=asked_attendance)


@task()
def send_registration_email(*, kind: str, registration_id: int, change_id: int | None = None,
                            asked_attendance: str = "", attempt: int = 1) -> str:
    """Send one registrant one email. Returns what happened (``sent`` or why it was skipped).
    ``asked_attendance``: the way of attending asked for when the address was registered again."""
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
    return send_or_retry(lambda: build_message(kind, registration, change=change, asked_attendance=asked_attendance),
                         send_registration_email, attempt=attempt,
                         what=f"Email {kind} to registration {registration_id}",
                         keep="the registration is kept, resend it from the admin",
                         kind=kind, registration_id=registration_id, change_id=change_id,
                         asked_attendance=asked_attendance)
