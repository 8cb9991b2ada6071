"""Registrants' emails (events/emails.py): content of both parts, the calendar file, the join link only where due."""

import datetime
import re

import icalendar
import pytest

from commission.models import Commission
from events import services, tasks
from events.emails import Email
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

    assert send(Email.CONFIRM_ADDRESS, registration) == "sent"

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

    send(Email.CONFIRMED, registration)

    [message] = mailoutbox
    for line in ["3:30pm ALMT – Almaty, Kazakhstan", "10:30am GMT – London, UK"]:
        assert line in message.body
        assert f"<li>{line}</li>" in html_of(message)
    assert "Friday 18 January 2030" in message.body
    assert "Where: Hotel Kazakhstan, Dostyk Avenue 52, Almaty, Kazakhstan / Online (Zoom)" in message.body


def test_confirmed_in_person_email_has_a_parseable_ics_and_no_join_link(make_event, make_registration, mailoutbox):
    event = make_event(slots=SLOT_2030)
    registration = make_registration(event, status=S.CONFIRMED, attendance=IN_PERSON)

    send(Email.CONFIRMED, registration)

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

    send(Email.CONFIRMED, registration)

    [message] = mailoutbox
    assert JOIN_URL in message.body
    assert JOIN_URL in html_of(message)
    [vevent] = calendar_of(message).walk("VEVENT")
    assert f"Join online: {JOIN_URL}" in str(vevent["DESCRIPTION"])


def test_waitlisted_email_has_no_join_link_and_offers_online_when_the_room_is_full(make_event, make_registration,
                                                                                  mailoutbox):
    registration = make_registration(make_event(), status=S.WAITLISTED, attendance=IN_PERSON)

    send(Email.WAITLISTED, registration)

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

def test_text_part_has_no_html_escapes(make_event, make_registration, mailoutbox):
    event = make_event(title="Q&A on “the report” <live>")
    registration = make_registration(event, name="Zoë O'Brien & Co", status=S.CONFIRMED)

    send(Email.CONFIRMED, registration)

    [message] = mailoutbox
    assert "Hello Zoë O'Brien & Co," in message.body
    assert "Q&A on “the report” <live>" in message.body
    assert "Zoë O&#x27;Brien &amp; Co" in html_of(message)


def test_emails_are_signed_by_the_events_own_commission(make_event, make_registration, mailoutbox, commission):
    other = Commission.objects.create(name="Second Inquiry", slug="second-inquiry", short_description="Another.")
    registration = make_registration(make_event(slots=SLOT_2030, commission=other), status=S.CONFIRMED)

    send(Email.CONFIRMED, registration)

    [message] = mailoutbox
    assert "Second Inquiry" in message.body
    assert "Second Inquiry" in html_of(message)
    assert commission.name not in message.body  # the site's first commission is not this event's
