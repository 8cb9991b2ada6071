"""What the browser walks share: pressing a button that submits a form, and waiting for the email a page sends
and reading its links."""

import threading

from django.core import mail
from django.tasks.signals import task_finished

from tests.emails import path_in

# The live server sends each email once its response has gone (commission/web/after_response.py), so a test
# that has the page may be ahead of the email: it waits for the task to finish, told by django.tasks' signal.
_tasks_done = threading.Condition()


def _task_finished(**kwargs):
    with _tasks_done:
        _tasks_done.notify_all()


task_finished.connect(_task_finished, weak=False, dispatch_uid="e2e-task-finished")


def wait_for_mail(predicate, *, timeout: float = 10) -> None:
    """Block until ``predicate()`` holds for ``mail.outbox`` (checked each time an email task finishes)."""
    with _tasks_done:
        assert _tasks_done.wait_for(predicate, timeout=timeout), "the expected email was not sent"


def last_link(kind: str, *, under: str = r"/events/[^/\s]+") -> str:
    """The newest email's link of a kind (a press conference's "confirm" or "registration" link; ``under`` another
    part of the site), as a path, once that email is sent."""
    path = rf"{under}/{kind}/[^/\s]+/"
    wait_for_mail(lambda: bool(mail.outbox) and path_in(mail.outbox[-1], path) is not None)
    return path_in(mail.outbox[-1], path)


def press(page, label: str) -> None:
    """Click a button that submits a form, and wait for the page the server answers with."""
    with page.expect_navigation():
        page.click(f"button:has-text('{label}')")
