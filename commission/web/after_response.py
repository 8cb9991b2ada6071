"""Work that must not hold up the page: run it once the response has been sent.

A WSGI server closes the response after writing its last byte, and Django then sends
``request_finished``; ``after_response(callback)`` runs ``callback`` at that moment, in the same
process and thread. So the person gets the page as soon as it is ready, and the time it takes does
not depend on work done for them afterwards (an email built and sent or not: otherwise the sign-up
page's timing would tell whether an address is registered).

Outside a request (a management command, a task worker, a test calling a service) the callback runs
at once. Under ASGI the signals run in other contexts, so the callback runs at once there too: the
site is served with gunicorn's WSGI workers. A callback that raises is logged; the others still run.
"""

import contextvars
import datetime
import functools
import logging
from collections.abc import Callable

from django.core.mail import EmailMessage
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

_pending: contextvars.ContextVar[list | None] = contextvars.ContextVar("after_response", default=None)


def after_response(callback: Callable[[], object]) -> None:
    """Run ``callback`` once this request's response has been sent (at once outside a request)."""
    pending = _pending.get()
    if pending is None:
        callback()
    else:
        pending.append(callback)


def _start(**kwargs) -> None:
    _pending.set([])


def _finish(**kwargs) -> None:
    callbacks = _pending.get() or []
    _pending.set(None)
    for callback in callbacks:
        try:
            callback()
        except Exception:
            logger.exception("Work done after the response failed.")


def connect() -> None:
    """Called once, from the commission app's ``ready()``."""
    request_started.connect(_start, dispatch_uid="after-response-start")
    request_finished.connect(_finish, dispatch_uid="after-response-finish")


def queue_task(task, *, run_after: datetime.datetime | None = None, **kwargs) -> None:
    """Queue ``task``: a backend that runs tasks in this process (the immediate one) runs it only once the
    response has been sent, so a page costs the same whether or not an email is built for the person; a
    queue (the database backend) takes it at once, and holds it until ``run_after`` (aware) if that is still
    ahead. A backend that cannot wait runs it all the same: a task given a time checks that it has come."""
    if task.get_backend().supports_defer:
        later = run_after is not None and run_after > timezone.now()
        (task.using(run_after=run_after) if later else task).enqueue(**kwargs)
    else:
        after_response(lambda: task.enqueue(**kwargs))


# Waits before attempts 2, 3, 4 and 5 of a failed email; after the fifth failure it is given up (and logged).
RETRY_DELAYS = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def will_retry(task, *, attempt: int) -> bool:
    """Whether ``retry_later`` queues another attempt after attempt ``attempt`` of ``task`` failed."""
    return task.get_backend().supports_defer and attempt < MAX_ATTEMPTS


def retry_later(task, *, attempt: int, what: str, keep: str, **kwargs) -> None:
    """After attempt ``attempt`` of ``task(**kwargs)`` failed (call it from the ``except`` block): queue the
    next attempt, later each time (``RETRY_DELAYS``), where the backend can defer; else log the failure.
    ``what`` names the email in the log, ``keep`` says what is kept and how to send it again.

    django-tasks-db's database backend has no retry of its own: the task queues its next attempt itself."""
    if not will_retry(task, attempt=attempt):
        if task.get_backend().supports_defer:
            logger.exception("%s given up after %s attempts.", what, attempt)
        else:
            logger.exception("%s not sent (this task backend cannot retry; %s).", what, keep)
        return
    delay = RETRY_DELAYS[attempt - 1]
    task.using(run_after=timezone.now() + delay).enqueue(attempt=attempt + 1, **kwargs)
    logger.warning("%s failed (attempt %s of %s); retrying in %s.", what, attempt, MAX_ATTEMPTS, delay)


def send_or_retry(build: Callable[[], EmailMessage], task, *, attempt: int, what: str, keep: str, **kwargs) -> str:
    """From inside attempt ``attempt`` of ``task(**kwargs)``: build an email with ``build()`` and send it. If
    building (templates, headers) or sending (SMTP, network) fails, the same either way, the next attempt is
    queued as ``retry_later`` says and the error raised, so the worker records it. Returns ``"sent"``."""
    try:
        build().send()
    except Exception:
        retry_later(task, attempt=attempt, what=what, keep=keep, **kwargs)
        raise
    return "sent"


def queue_on_commit(queue: Callable[..., None], **kwargs) -> None:
    """Call ``queue(**kwargs)`` (an app's ``queue_…`` of a task) once the current transaction has committed, so
    the task reads what the transaction wrote; at once when none is open. An error it raises is logged and
    does not undo the commit (``robust``): the row is kept, and the admin or the person can send again."""
    transaction.on_commit(functools.partial(queue, **kwargs), robust=True)
