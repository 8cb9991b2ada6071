"""Sending registrants' emails (events/tasks.py): stale emails skipped, failures logged or retried."""

import datetime
import logging

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from commission.web import after_response
from events import services, tasks
from events.emails import Email
from events.models import Registration
from tests.factories import SIGN_UP_FORM
from tests.request_signals import as_a_request
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

S = Registration.Status


def send(kind, registration, **extra):
    return tasks.send_registration_email.call(kind=kind, registration_id=registration.pk, **extra)


def test_stale_email_is_skipped(make_event, make_registration, mailoutbox):
    registration = make_registration(make_event(), status=S.CANCELLED)

    assert send(Email.CONFIRMED, registration) == "skipped: registration is cancelled now"
    assert mailoutbox == []


def test_anonymised_registration_gets_no_email(make_event, make_registration, mailoutbox):
    registration = make_registration(make_event(), status=S.CONFIRMED, anonymised_at=timezone.now())

    assert send(Email.CONFIRMED, registration) == "skipped: registration gone or anonymised"
    assert mailoutbox == []


# When the mail server fails

def test_smtp_failure_with_the_immediate_backend_keeps_the_registration(client, make_event, failing_mail, caplog,
                                                                        django_capture_on_commit_callbacks):
    event = make_event()

    with caplog.at_level(logging.ERROR, logger="commission.web.after_response"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/events/{event.slug}/register/", SIGN_UP_FORM)

    assert response.status_code == 302
    assert Registration.objects.get().status == S.PENDING
    assert "not sent (this task backend cannot retry; the registration is kept" in caplog.text


def test_retry_delays_grow_and_are_bounded():
    assert after_response.MAX_ATTEMPTS == 5
    assert after_response.RETRY_DELAYS == sorted(after_response.RETRY_DELAYS)


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LOCMEM_MAIL = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.mark.django_db(transaction=True)
def test_smtp_failure_with_the_database_backend_is_retried_by_the_worker(settings, make_event, make_registration,
                                                                         failing_mail, mailoutbox):
    settings.TASKS = DATABASE_TASKS
    registration = make_registration(make_event())
    with transaction.atomic():
        services.resend_email(registration=registration)
        assert DBTaskResult.objects.count() == 0  # queued only once the transaction commits
    assert DBTaskResult.objects.get().status == "READY"

    run_worker()  # the mail server is down

    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.exception_class_path == "smtplib.SMTPServerDisconnected"
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"kind": "confirm_address", "registration_id": registration.pk,
                                           "change_id": None, "asked_attendance": "", "attempt": 2}
    assert timezone.now() + datetime.timedelta(seconds=50) < retry.run_after
    assert retry.run_after < timezone.now() + datetime.timedelta(seconds=70)
    assert Registration.objects.get(pk=registration.pk).status == S.PENDING

    settings.MAILERS = LOCMEM_MAIL  # the mail server is back, and the minute has passed
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()

    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"
    assert [m.to for m in mailoutbox] == [[registration.email]]


def test_the_last_attempt_gives_up_and_says_so(settings, make_event, make_registration, failing_mail, caplog):
    settings.TASKS = DATABASE_TASKS
    registration = make_registration(make_event())

    with caplog.at_level(logging.ERROR, logger="commission.web.after_response"), pytest.raises(OSError):
        send(Email.CONFIRM_ADDRESS, registration, attempt=after_response.MAX_ATTEMPTS)

    assert DBTaskResult.objects.count() == 0
    assert "given up after 5 attempts" in caplog.text


# When the email cannot be built

def test_an_email_that_cannot_be_built_is_retried_like_a_send_failure(settings, make_event, make_registration,
                                                                      mailoutbox, caplog):
    settings.TASKS = DATABASE_TASKS
    settings.DEFAULT_FROM_EMAIL = "Press office\r\nBcc: evil@example.org <press@example.org>"
    registration = make_registration(make_event())

    with caplog.at_level(logging.WARNING, logger="commission.web.after_response"), pytest.raises(ValueError):
        send(Email.CONFIRM_ADDRESS, registration)

    assert mailoutbox == []
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert "Email confirm_address to registration" in caplog.text and "retrying in 0:01:00" in caplog.text


def test_an_email_that_cannot_be_built_in_the_request_is_logged_and_the_page_claims_nothing(
        client, settings, make_event, caplog, django_capture_on_commit_callbacks):
    settings.DEFAULT_FROM_EMAIL = "Press office\r\nBcc: evil@example.org <press@example.org>"
    event = make_event()

    with caplog.at_level(logging.ERROR, logger="commission.web.after_response"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/events/{event.slug}/register/", SIGN_UP_FORM)

    assert "not sent (this task backend cannot retry; the registration is kept" in caplog.text
    page = client.get(response["Location"]).content.decode()
    assert "We are sending an email to ann@example.org." in page
    assert "We have sent" not in page


# The sign-up answer takes the same work for every address

def test_with_the_immediate_backend_the_email_is_built_after_the_response(make_event, make_registration,
                                                                          mailoutbox):
    registration = make_registration(make_event(), status=S.CONFIRMED)

    def during_the_request():
        tasks.queue_registration_email(kind=Email.CONFIRMED, registration_id=registration.pk)
        assert mailoutbox == []

    as_a_request(during_the_request)

    assert [m.subject.split(":")[0] for m in mailoutbox] == ["Your place is confirmed"]


def test_with_a_queue_the_task_is_queued_at_once(settings, make_event, make_registration):
    settings.TASKS = DATABASE_TASKS
    registration = make_registration(make_event())

    as_a_request(lambda: (tasks.queue_registration_email(kind=Email.CONFIRM_ADDRESS,
                                                         registration_id=registration.pk),
                          DBTaskResult.objects.get()))
