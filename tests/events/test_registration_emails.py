"""Registrants' emails: content of both parts, the calendar file, the join link only where due, failures."""

import datetime
import logging
import re
from io import StringIO

import icalendar
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commission.models import Commission
from events import services, tasks
from events.models import Event, Registration, Slot
from tests.factories import JOIN_URL

pytestmark = pytest.mark.django_db

S = Registration.Status
IN_PERSON = Registration.Attendance.IN_PERSON
ONLINE = Registration.Attendance.ONLINE
SLOT_2030 = [(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30))]


def send(kind, registration, **extra):
    return tasks.send_registration_email.call(kind=kind, registration_id=registration.pk, **extra)


def html_of(message) -> str:
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content


def calendar_of(message) -> icalendar.Calendar:
    [attachment] = message.attachments
    assert attachment.mimetype == "text/calendar"
    assert attachment.filename.endswith(".ics")
    return icalendar.Calendar.from_ical(attachment.content)


def all_text(message) -> str:
    parts = [message.subject, message.body, html_of(message)]
    parts += [str(a.content) for a in message.attachments]
    return "\n".join(parts)


def test_confirmation_email_has_the_link_in_both_parts_and_no_attachment(make_event, make_registration,
                                                                        mailoutbox):
    registration = make_registration(make_event(slots=SLOT_2030), name="Ann Reporter")

    assert send(services.Email.CONFIRM_ADDRESS, registration) == "sent"

    [message] = mailoutbox
    link = re.search(r"http://127\.0\.0\.1:8000/events/press-conference-1/confirm/[^/\s]+/", message.body).group(0)
    assert link in html_of(message)
    assert message.body.startswith("Hello Ann Reporter,")
    assert "The link works once and for 48 hours." in message.body
    assert message.attachments == []
    assert JOIN_URL not in all_text(message)
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_confirmed_email_shows_every_display_zone_in_both_parts(make_event, make_registration, mailoutbox):
    registration = make_registration(make_event(slots=SLOT_2030), status=S.CONFIRMED)

    send(services.Email.CONFIRMED, registration)

    [message] = mailoutbox
    for line in ["3:30pm ALMT – Almaty, Kazakhstan", "10:30am GMT – London, UK"]:
        assert line in message.body
        assert f"<li>{line}</li>" in html_of(message)
    assert "Friday 18 January 2030" in message.body
    assert "Where: Hotel Kazakhstan, Dostyk Avenue 52, Almaty, Kazakhstan / Online (Zoom)" in message.body


def test_confirmed_in_person_email_has_a_parseable_ics_and_no_join_link(make_event, make_registration, mailoutbox):
    event = make_event(slots=SLOT_2030)
    registration = make_registration(event, status=S.CONFIRMED, attendance=IN_PERSON)

    send(services.Email.CONFIRMED, registration)

    [message] = mailoutbox
    [vevent] = calendar_of(message).walk("VEVENT")
    slot = Slot.objects.get(event=event)
    assert vevent["UID"] == f"{slot.uid}@pressroom"
    assert vevent.decoded("DTSTART").astimezone(datetime.UTC) == slot.start_utc
    assert JOIN_URL not in all_text(message)
    assert "/registration/" in message.body  # the cancel link


def test_confirmed_online_email_has_the_join_link_in_both_parts_and_the_ics(make_event, make_registration,
                                                                           mailoutbox):
    registration = make_registration(make_event(slots=SLOT_2030), status=S.CONFIRMED, attendance=ONLINE)

    send(services.Email.CONFIRMED, registration)

    [message] = mailoutbox
    assert JOIN_URL in message.body
    assert JOIN_URL in html_of(message)
    [vevent] = calendar_of(message).walk("VEVENT")
    assert f"Join online: {JOIN_URL}" in str(vevent["DESCRIPTION"])


def test_waitlisted_email_has_no_join_link_and_offers_online_when_the_room_is_full(make_event, make_registration,
                                                                                  mailoutbox):
    registration = make_registration(make_event(), status=S.WAITLISTED, attendance=IN_PERSON)

    send(services.Email.WAITLISTED, registration)

    [message] = mailoutbox
    assert message.subject.startswith("You are on the waitlist")
    assert "The room is full, so you are on the waitlist for a seat." in message.body
    assert "From this page you can switch to attending online instead, or leave the waitlist:" in message.body
    assert message.attachments == []
    assert JOIN_URL not in all_text(message)


def test_waitlisted_online_person_never_gets_the_join_link(make_event, make_registration, mailoutbox,
                                                           django_capture_on_commit_callbacks):
    event = make_event(online_capacity=0)
    registration = make_registration(event, status=S.WAITLISTED, attendance=ONLINE)

    with django_capture_on_commit_callbacks(execute=True):
        services.record_change(event=event, what="Time: earlier")

    [message] = mailoutbox
    assert message.to == [registration.email]
    assert JOIN_URL not in all_text(message)


def test_change_email_says_what_changed_with_the_updated_ics(make_event, make_registration, mailoutbox,
                                                             django_capture_on_commit_callbacks):
    event = make_event(slots=SLOT_2030)
    make_registration(event, status=S.CONFIRMED, attendance=ONLINE)
    Event.objects.filter(pk=event.pk).update(event_status=Event.EventStatus.CANCELLED)

    with django_capture_on_commit_callbacks(execute=True):
        services.record_change(event=Event.objects.get(pk=event.pk), what="Status: Scheduled → Cancelled")

    [message] = mailoutbox
    assert "Status: Scheduled → Cancelled" in message.body
    assert "Status: Scheduled → Cancelled" in html_of(message)
    [vevent] = calendar_of(message).walk("VEVENT")
    assert (vevent["SEQUENCE"], vevent["STATUS"]) == (1, "CANCELLED")
    assert JOIN_URL in message.body  # confirmed online: the join link is due


def test_check_timezones_fix_emails_registrants_of_the_moved_event(make_event, make_registration, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    event = make_event()
    registration = make_registration(event, status=S.CONFIRMED)
    slot = Slot.objects.get(event=event)
    Slot.objects.filter(pk=slot.pk).update(start_utc=slot.start_utc + datetime.timedelta(hours=1),
                                           end_utc=slot.end_utc + datetime.timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("check_timezones", "--fix", stdout=StringIO())

    [message] = mailoutbox
    assert message.to == [registration.email]
    assert "Time zone rules for Asia/Almaty changed" in message.body
    [vevent] = calendar_of(message).walk("VEVENT")
    assert vevent["SEQUENCE"] == 1


def test_stale_email_is_skipped(make_event, make_registration, mailoutbox):
    registration = make_registration(make_event(), status=S.CANCELLED)

    assert send(services.Email.CONFIRMED, registration) == "skipped: registration is cancelled now"
    assert mailoutbox == []


def test_anonymised_registration_gets_no_email(make_event, make_registration, mailoutbox):
    registration = make_registration(make_event(), status=S.CONFIRMED, anonymised_at=timezone.now())

    assert send(services.Email.CONFIRMED, registration) == "skipped: registration gone or anonymised"
    assert mailoutbox == []


def test_text_part_has_no_html_escapes(make_event, make_registration, mailoutbox):
    event = make_event(title="Q&A on “the report” <live>")
    registration = make_registration(event, name="Zoë O'Brien & Co", status=S.CONFIRMED)

    send(services.Email.CONFIRMED, registration)

    [message] = mailoutbox
    assert "Hello Zoë O'Brien & Co," in message.body
    assert "Q&A on “the report” <live>" in message.body
    assert "Zoë O&#x27;Brien &amp; Co" in html_of(message)


# When the mail server fails

def test_smtp_failure_with_the_immediate_backend_keeps_the_registration(client, make_event, failing_mail, caplog,
                                                                        django_capture_on_commit_callbacks):
    event = make_event()
    data = {"name": "Ann Reporter", "email": "ann@example.org", "organisation": "The Paper",
            "role": "journalist", "attendance": "in_person", "consent": "on"}

    with caplog.at_level(logging.ERROR, logger="events.tasks"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/events/{event.slug}/register/", data)

    assert response.status_code == 302
    assert Registration.objects.get().status == S.PENDING
    assert "not sent (this task backend cannot retry; the registration is kept" in caplog.text


def test_retry_delays_grow_and_are_bounded():
    assert tasks.MAX_ATTEMPTS == 5
    assert tasks.RETRY_DELAYS == sorted(tasks.RETRY_DELAYS)


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LOCMEM_MAIL = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_smtp_failure_with_the_database_backend_is_retried_by_the_worker(settings, make_event, make_registration,
                                                                         failing_mail, mailoutbox):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

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
                                           "change_id": None, "attempt": 2}
    assert timezone.now() + datetime.timedelta(seconds=50) < retry.run_after
    assert retry.run_after < timezone.now() + datetime.timedelta(seconds=70)
    assert Registration.objects.get(pk=registration.pk).status == S.PENDING

    settings.MAILERS = LOCMEM_MAIL  # the mail server is back, and the minute has passed
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()

    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"
    assert [m.to for m in mailoutbox] == [[registration.email]]


def test_the_last_attempt_gives_up_and_says_so(settings, make_event, make_registration, failing_mail, caplog):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS
    registration = make_registration(make_event())

    with caplog.at_level(logging.ERROR, logger="events.tasks"), pytest.raises(OSError):
        send(services.Email.CONFIRM_ADDRESS, registration, attempt=tasks.MAX_ATTEMPTS)

    assert DBTaskResult.objects.count() == 0
    assert "given up after 5 attempts" in caplog.text


def test_emails_are_signed_by_the_events_own_commission(make_event, make_registration, mailoutbox, commission):
    other = Commission.objects.create(name="Second Inquiry", slug="second-inquiry", short_description="Another.")
    registration = make_registration(make_event(slots=SLOT_2030, commission=other), status=S.CONFIRMED)

    send(services.Email.CONFIRMED, registration)

    [message] = mailoutbox
    assert "Second Inquiry" in message.body
    assert "Second Inquiry" in html_of(message)
    assert commission.name not in message.body  # the site's first commission is not this event's


def test_a_change_notice_costs_four_queries_per_registrant(make_event, make_registration, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    event = make_event()
    for _n in range(5):
        make_registration(event, status=S.CONFIRMED)

    with CaptureQueriesContext(connection) as captured:
        with django_capture_on_commit_callbacks(execute=True):
            services.record_change(event=event, what="Time: earlier")

    assert len(mailoutbox) == 5
    # The change itself (savepoint, update, read, insert, release), the notice's change and recipients,
    # then per email: the registration with its event and commission, slots, display zones, the change.
    assert len(captured.captured_queries) == 7 + 5 * 4
