"""Work that must not hold up the page: run it once the response has been sent.

A WSGI server closes the response after writing its last byte, and Django then sends
``request_finished``; ``after_response(callback)`` runs ``callback`` at that moment, in the same
process and thread. So the person gets the page as soon as it is ready, and the time it takes does
not depend on work done for them afterwards (an email built and sent or not: see issue 11, where the
sign-up page's timing told whether an address was registered).

Outside a request (a management command, a task worker, a test calling a service) the callback runs
at once. Under ASGI the signals run in other contexts, so the callback runs at once there too: the
site is served with gunicorn's WSGI workers. A callback that raises is logged; the others still run.
"""

import contextvars
import logging
from collections.abc import Callable

from django.core.signals import request_finished, request_started

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


def queue_task(task, **kwargs) -> None:
    """Queue ``task``: a backend that runs tasks in this process (the immediate one) runs it only once the
    response has been sent, so a page costs the same whether or not an email is built for the person; a
    queue (the database backend) takes it at once."""
    def enqueue():
        task.enqueue(**kwargs)

    if task.get_backend().supports_defer:
        enqueue()
    else:
        after_response(enqueue)
