"""Registrants' emails (events/emails.py): what each says first, both parts, and the calendar file that keeps
the person's calendar true, read by icalendar and vobject alike."""

import datetime
import re
from io import StringIO

import icalendar
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from commission.models import Commission, MediaContact
from events import services, tasks
from events.emails import Email
from events.models import Event, Registration, Slot
from tests.events.calendars import calendar_in, has_calendar, read_calendar, sent_parts
from tests.factories import JOIN_URL, make_event_version

pytestmark = pytest.mark.django_db

S = Registration.Status
UTC = datetime.UTC
IN_PERSON = Registration.Attendance.IN_PERSON
ONLINE = Registration.Attendance.ONLINE
SLOT_2030 = [(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30))]
LONDON_WINTER = [(datetime.datetime(2030, 1, 18, 10, 0), datetime.datetime(2030, 1, 18, 11, 0),
                  {"timezone": "Europe/London"})]
LONDON_ZONES = [("", "London, UK", "Europe/London"), ("ALMT", "Almaty, Kazakhstan", "Asia/Almaty")]


def send(kind, registration, **extra):
    return tasks.send_registration_email.call(kind=kind, registration_id=registration.pk, **extra)


def html_of(message) -> str:
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content


def first_line(message) -> str:
    return message.body.splitlines()[0]


def all_text(message) -> str:
    return "\n".join([message.subject, message.body, html_of(message),
                      *(str(part) for part in message.attachments)])


@pytest.fixture
def london_event(make_event):
    """A press conference at 10:00 GMT in London (10:00 UTC), shown in London then Almaty."""
    return make_event(zone="Europe/London", slots=LONDON_WINTER, display_zones=LONDON_ZONES)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run a service and what it queues after commit (the emails)."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


# Confirming the address

def test_confirmation_email_says_what_to_do_first_with_the_link_in_both_parts_and_no_calendar(
        make_event, make_registration, mailoutbox):
    registration = make_registration(make_event(slots=SLOT_2030, title="Press conference 1", slug="press-conference-1"),
                                     name="Ann Reporter", organisation="The Paper")

    assert send(Email.CONFIRM_ADDRESS, registration) == "sent"

    [message] = mailoutbox
    assert message.subject == "Confirm your registration: Press conference 1"
    # The address may be anyone's until confirmed: nothing typed in the form is mailed to it.
    assert message.body.startswith("Confirm your registration\n\nHello,\n\n")
    assert "Ann Reporter" not in all_text(message) and "The Paper" not in all_text(message)
    link = re.search(r"http://127\.0\.0\.1:8000/events/press-conference-1/confirm/[^/\s]+/", message.body).group(0)
    assert link in html_of(message)
    assert "<h1 " in html_of(message) and ">Confirm your registration</h1>" in html_of(message)
    assert "The link works once and for 48 hours." in message.body
    assert "You registered to attend in person." in message.body
    assert not has_calendar(message)
    assert JOIN_URL not in all_text(message)
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


# Holding a place: REQUEST

def test_confirmed_email_shows_every_display_zone_in_both_parts(make_event, make_registration, mailoutbox):
    registration = make_registration(make_event(slots=SLOT_2030), status=S.CONFIRMED)

    send(Email.CONFIRMED, registration)

    [message] = mailoutbox
    assert first_line(message) == "Your place is confirmed"
    for line in ["3:30pm ALMT – Almaty, Kazakhstan", "10:30am GMT – London, UK"]:
        assert line in message.body
        assert f"<li>{line}</li>" in html_of(message)
    assert "Friday 18 January 2030" in message.body
    assert "Where: Hotel Kazakhstan, Dostyk Avenue 52, Almaty, Kazakhstan\n" in message.body  # in the room
    assert "Asia/Almaty" not in all_text(message).split("BEGIN:VCALENDAR")[0]


@pytest.mark.parametrize(("attendance", "where"), [
    (IN_PERSON, "Hotel Kazakhstan, Dostyk Avenue 52, Almaty, Kazakhstan"),
    (ONLINE, "Online (Zoom)"),
])
def test_each_registrant_is_told_where_they_attend_in_the_email_and_the_calendar(
        make_event, make_registration, mailoutbox, attendance, where):
    registration = make_registration(make_event(slots=SLOT_2030), status=S.CONFIRMED, attendance=attendance)

    send(Email.CONFIRMED, registration)

    [message] = mailoutbox
    [entry] = icalendar.Calendar.from_ical(calendar_in(message)[1].raw).events
    assert f"Where: {where}\n" in message.body
    assert f"<strong>Where:</strong> {where}</p>" in html_of(message)
    assert str(entry["LOCATION"]) == where
    # Someone in the room is not told how the others join online; someone online gets the link.
    assert ("Join online:" in str(entry["DESCRIPTION"])) == (attendance == ONLINE)
    assert "Online: the link to join" not in str(entry["DESCRIPTION"])


@pytest.mark.parametrize(("language", "first_face"), [("en-gb", "Georgia"), ("ru", "Georgia"), ("kk", "PT Serif")])
def test_email_headings_are_set_in_faces_that_have_every_letter_of_the_language(
        make_event, make_registration, mailoutbox, language, first_face):
    # Georgia, and the faces that stand in for Times New Roman on Linux, lack Kazakh's own letters (қ ғ ұ ү ө):
    # a heading would borrow them from another face, at another size.
    registration = make_registration(make_event(slots=SLOT_2030), status=S.CONFIRMED, language=language)

    send(Email.CONFIRMED, registration)

    headings = re.findall(r'<h[12] style="[^"]*font-family:([^;"]+)', html_of(mailoutbox[0]))
    assert headings and {faces.split(",")[0] for faces in headings} == {first_face}


@pytest.mark.parametrize("language", ["en-gb", "ru", "kk"])
def test_the_waiting_list_line_ends_with_its_number_so_a_sentence_can_follow_it(make_event, make_registration,
                                                                                language):
    # The change email follows it with ": nothing is in your calendar until a place is yours."
    registration = make_registration(make_event(slots=SLOT_2030), status=S.WAITLISTED)

    with translation.override(language):
        line = registration.waitlist_text()

    assert "1" in line and ":" not in line


def test_confirmed_in_person_email_puts_the_event_in_the_calendar_without_the_join_link(
        make_event, make_registration, mailoutbox):
    event = make_event(slots=SLOT_2030)
    registration = make_registration(event, status=S.CONFIRMED, attendance=IN_PERSON, name="Ann Reporter")

    send(Email.CONFIRMED, registration)

    [message] = mailoutbox
    method, ics = calendar_in(message)
    slot = Slot.objects.get(event=event)
    assert (method, ics.method) == ("REQUEST", "REQUEST")
    assert (ics.entry.uid, ics.entry.status, ics.entry.start) == (f"{slot.uid}@pressroom", "CONFIRMED", slot.start_utc)
    unfolded = ics.raw.replace(b"\r\n ", b"")
    assert b'ORGANIZER;CN="Inquiry Commission":mailto:' in unfolded
    assert b'ATTENDEE;CN="Ann Reporter";PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:' in unfolded
    assert "The calendar file attached adds the press conference to your calendar." in message.body
    assert JOIN_URL not in all_text(message) and JOIN_URL.encode() not in ics.raw
    assert "Cancel here, so that someone on the waiting list gets your place:" in message.body


def test_confirmed_online_email_has_the_join_link_in_both_parts_and_the_calendar(make_event, make_registration,
                                                                                mailoutbox):
    registration = make_registration(make_event(slots=SLOT_2030), status=S.CONFIRMED, attendance=ONLINE)

    send(Email.CONFIRMED, registration)

    [message] = mailoutbox
    assert JOIN_URL in message.body
    assert JOIN_URL in html_of(message)
    _method, ics = calendar_in(message)
    assert f"Join online: {JOIN_URL}".encode() in ics.raw.replace(b"\r\n ", b"")


def test_promoted_email_puts_the_event_in_the_calendar(make_event, make_registration, mailoutbox):
    registration = make_registration(make_event(slots=SLOT_2030, title="Press conference 1"), status=S.CONFIRMED)

    send(Email.PROMOTED, registration)

    [message] = mailoutbox
    assert (message.subject, first_line(message)) == ("A place is now yours: Press conference 1", "A place is now yours")
    method, ics = calendar_in(message)
    assert (method, ics.entry.status) == ("REQUEST", "CONFIRMED")


# Waiting: no calendar entry, the position in the list

def test_waitlisted_email_gives_the_position_and_no_calendar(make_event, make_registration, mailoutbox):
    event = make_event(in_person_capacity=1)
    make_registration(event, status=S.CONFIRMED)
    make_registration(event, status=S.WAITLISTED)
    make_registration(event, status=S.WAITLISTED)
    third = make_registration(event, status=S.WAITLISTED, attendance=IN_PERSON)

    send(Email.WAITLISTED, third)

    [message] = mailoutbox
    assert message.subject == f"You are on the waiting list: {event.title}"
    assert first_line(message) == "You are number 3 on the waiting list for in-person places"
    assert ">You are number 3 on the waiting list for in-person places</h1>" in html_of(message)
    assert "Thank you for confirming your address. The room is full, so you are on the waiting list for a seat." \
        in message.body
    assert "nothing to add to your calendar yet" in message.body
    assert "From this page you can switch to attending online instead, or leave the waiting list:" in message.body
    assert "gets your place" not in all_text(message)
    assert not has_calendar(message)
    assert JOIN_URL not in all_text(message)


def test_waitlisted_online_email_speaks_of_online_places(make_event, make_registration, mailoutbox):
    event = make_event(online_capacity=0)
    registration = make_registration(event, status=S.WAITLISTED, attendance=ONLINE)

    send(Email.WAITLISTED, registration)

    assert first_line(mailoutbox[0]) == "You are number 1 on the waiting list for online places"
    assert "No longer interested? Leave the waiting list here:" in mailoutbox[0].body


# Registering again with the same address, asking for the other way of attending

def test_a_waiting_address_registered_again_is_not_thanked_for_confirming_it(make_event, make_registration,
                                                                              mailoutbox, run_on_commit):
    event = make_event(in_person_capacity=0)
    waiting = make_registration(event, status=S.WAITLISTED, attendance=IN_PERSON)

    sign_up_again(event, waiting.email, IN_PERSON, run_on_commit)

    [message] = mailoutbox
    assert "Thank you for confirming" not in all_text(message)
    assert "The room is full, so you are on the waiting list for a seat." in message.body


def sign_up_again(event, email, attendance, run_on_commit):
    return run_on_commit(services.register, event=event, email=email, attendance=attendance, name="Someone Else",
                         organisation="Elsewhere", role=Registration.Role.JOURNALIST)


def test_a_place_held_in_person_stays_so_and_its_email_says_how_to_change_it(make_event, make_registration,
                                                                             mailoutbox, run_on_commit):
    event = make_event()
    holder = make_registration(event, email="ann@example.org", status=S.CONFIRMED, attendance=IN_PERSON)

    sign_up_again(event, "ann@example.org", ONLINE, run_on_commit)

    holder.refresh_from_db()
    assert (holder.status, holder.attendance) == (S.CONFIRMED, IN_PERSON)
    [message] = mailoutbox
    note = ("This address was registered again to attend online, but your registration stays in person: "
            "registering again does not change a registration. To change it, cancel with the link below (your "
            "place is then given up), and register again.")
    assert message.body.split("\n\n")[:3] == ["Your place is confirmed", f"Hello {holder.name},", note]
    assert note in html_of(message)
    assert "/registration/" in message.body.split(note)[1]  # the cancel link follows the note


def test_someone_waiting_for_a_seat_who_asks_for_online_is_offered_the_switch(make_event, make_registration,
                                                                              mailoutbox, run_on_commit):
    event = make_event(in_person_capacity=0)
    make_registration(event, email="ann@example.org", status=S.WAITLISTED, attendance=IN_PERSON)

    sign_up_again(event, "ann@example.org", ONLINE, run_on_commit)

    [message] = mailoutbox
    assert ("This address was registered again to attend online, but your registration stays in person: "
            "registering again does not change a registration. To attend online instead, switch with the link "
            "below.") in message.body
    assert "Switch to attending online instead" in html_of(message)


def test_a_place_held_online_stays_so_in_the_registrants_language(make_event, make_registration, mailoutbox,
                                                                  run_on_commit):
    event = make_event()
    make_registration(event, email="ann@example.org", status=S.CONFIRMED, attendance=ONLINE, language="ru")

    sign_up_again(event, "ann@example.org", IN_PERSON, run_on_commit)

    [message] = mailoutbox
    note = ("Этот адрес снова зарегистрировали для очного участия, но ваша регистрация остаётся онлайн: повторная "
            "регистрация не меняет уже сделанную. Чтобы изменить её, отмените регистрацию по ссылке ниже (ваше "
            "место при этом освободится) и зарегистрируйтесь снова.")
    assert note in message.body and note in html_of(message)


@pytest.mark.parametrize(("status", "attendance", "event_status"), [
    (S.CONFIRMED, IN_PERSON, Event.EventStatus.SCHEDULED),  # the same way again
    (S.CONFIRMED, ONLINE, Event.EventStatus.MOVED_ONLINE),  # a seat at a press conference moved online
    (S.CANCELLED, ONLINE, Event.EventStatus.SCHEDULED),  # a cancelled registration starts over as asked
])
def test_registering_again_as_the_registration_stands_adds_no_note(make_event, make_registration, mailoutbox,
                                                                   run_on_commit, status, attendance, event_status):
    event = make_event(event_status=event_status)
    make_registration(event, email="ann@example.org", status=status, attendance=IN_PERSON)

    sign_up_again(event, "ann@example.org", attendance, run_on_commit)

    [message] = mailoutbox
    assert "registered again" not in all_text(message)


# Cancelled: the same UID, STATUS:CANCELLED, METHOD:CANCEL, a higher SEQUENCE

def test_confirmed_then_cancelled_sends_a_cancel_with_a_strictly_higher_sequence(
        london_event, mailoutbox, run_on_commit):
    registration = run_on_commit(services.register, event=london_event, name="Ann Reporter", email="ann@example.org",
                                 organisation="The Paper", role="journalist", attendance=IN_PERSON)
    run_on_commit(services.confirm_registration, registration_id=registration.pk, nonce=registration.token_nonce)
    registration.refresh_from_db()
    run_on_commit(services.cancel_registration, registration_id=registration.pk, nonce=registration.token_nonce)

    confirm_address, confirmed, cancelled = mailoutbox
    assert not has_calendar(confirm_address)
    request_method, request = calendar_in(confirmed)
    cancel_method, cancel = calendar_in(cancelled)
    assert (request_method, request.method, request.entry.status) == ("REQUEST", "REQUEST", "CONFIRMED")
    assert (cancel_method, cancel.method, cancel.entry.status) == ("CANCEL", "CANCEL", "CANCELLED")
    assert cancel.entry.uid == request.entry.uid
    assert cancel.entry.sequence > request.entry.sequence
    assert cancelled.subject == f"Registration cancelled: {london_event.title}"
    assert first_line(cancelled) == "Your registration is cancelled"
    assert "Thank you for letting us know" in cancelled.body
    assert "The calendar file attached removes the press conference from your calendar." in cancelled.body
    # A 10:00 GMT press conference is 10:00 UTC in both parsers, in both files.
    assert request.entry.start == cancel.entry.start == datetime.datetime(2030, 1, 18, 10, 0, tzinfo=UTC)


def test_every_file_a_person_receives_supersedes_the_public_one(client, london_event, make_registration,
                                                                mailoutbox, run_on_commit):
    registration = make_registration(london_event, status=S.CONFIRMED)
    run_on_commit(services.record_change, event=london_event, what="Time changed")
    public = read_calendar(client.get(f"/events/{london_event.slug}/calendar.ics").content).entry
    send(Email.CONFIRMED, Registration.objects.get(pk=registration.pk))

    _method, emailed = calendar_in(mailoutbox[-1])
    assert (public.uid, public.sequence) == (emailed.entry.uid, 1)
    assert emailed.entry.sequence >= public.sequence


def test_leaving_the_waiting_list_sends_no_calendar(make_event, make_registration, mailoutbox, run_on_commit):
    event = make_event(in_person_capacity=0)
    registration = make_registration(event, status=S.WAITLISTED)

    run_on_commit(services.cancel_registration, registration_id=registration.pk, nonce=registration.token_nonce)

    [message] = mailoutbox
    assert message.subject == f"You have left the waiting list: {event.title}"
    assert first_line(message) == "You have left the waiting list"
    assert not has_calendar(message)


def test_office_cancellation_says_so_with_the_reason_and_takes_the_entry_out(london_event, make_registration,
                                                                             mailoutbox, run_on_commit):
    MediaContact.objects.create(commission=london_event.commission, name="Press office", email="press@example.org")
    registration = make_registration(london_event, status=S.CONFIRMED, name="Ann Reporter")

    run_on_commit(services.cancel_registration, registration_id=registration.pk,
                  reason="Seats in the room are kept for accredited journalists.")

    [message] = mailoutbox
    assert message.subject == f"Registration cancelled by the press office: {london_event.title}"
    assert first_line(message) == "The press office has cancelled your registration"
    assert "The reason: Seats in the room are kept for accredited journalists." in message.body
    assert "Seats in the room are kept for accredited journalists." in html_of(message)
    assert "Questions? Write to Press office at press@example.org." in message.body
    assert "Thank you for letting us know" not in all_text(message)
    method, ics = calendar_in(message)
    assert (method, ics.entry.status, ics.entry.sequence) == ("CANCEL", "CANCELLED", 1)


def test_office_cancellation_without_a_reason_says_only_that(make_event, make_registration, mailoutbox,
                                                            run_on_commit):
    registration = make_registration(make_event(), status=S.WAITLISTED)

    run_on_commit(services.cancel_registration, registration_id=registration.pk)

    [message] = mailoutbox
    assert first_line(message) == "The press office has cancelled your registration"
    assert "you are no longer on the waiting list" in message.body
    assert "The reason:" not in message.body
    assert not has_calendar(message)


# The press conference changes

def change_time(event, start, end):
    state = services.capture_state(event)
    slot = event.slots.get()
    slot.start_time, slot.end_time = start, end
    slot.save()
    return services.record_changes_since(before=state, event=event)


def test_change_email_says_what_changed_in_the_house_style_in_every_zone(london_event, make_registration,
                                                                         mailoutbox, run_on_commit):
    make_registration(london_event, status=S.CONFIRMED, attendance=ONLINE)

    run_on_commit(change_time, event=london_event, start=datetime.time(12, 0), end=datetime.time(13, 0))

    [message] = mailoutbox
    assert message.subject == f"Change to {london_event.title}"
    assert first_line(message) == "This press conference has changed"
    assert ("Time changed\n"
            "Was: Friday 18 January 2030, 10:00am GMT – London, UK; 3:00pm ALMT – Almaty, Kazakhstan (1 hour)\n"
            "Now: Friday 18 January 2030, 12 noon GMT – London, UK; 5:00pm ALMT – Almaty, Kazakhstan (1 hour)"
            ) in message.body
    assert "12 noon GMT – London, UK; 5:00pm ALMT – Almaty, Kazakhstan (1 hour)" in html_of(message)
    body = message.body + html_of(message)
    assert "Europe/London" not in body and "Asia/Almaty" not in body and "12:00pm" not in body
    method, ics = calendar_in(message)
    assert (method, ics.entry.status, ics.entry.sequence) == ("REQUEST", "CONFIRMED", 1)
    assert ics.entry.start == datetime.datetime(2030, 1, 18, 12, 0, tzinfo=UTC)
    assert "The calendar file attached updates the entry in your calendar." in message.body
    assert JOIN_URL in message.body  # confirmed online: the join link is due


def test_change_email_to_a_russian_registrant_says_what_changed_in_russian(london_event, make_registration,
                                                                           mailoutbox, run_on_commit):
    make_event_version(london_event, "ru", venue_city="Лондон", venue_country="Великобритания",
                       places=["Лондон, Великобритания", "Алматы, Казахстан"])
    make_registration(london_event, status=S.CONFIRMED, attendance=ONLINE, language="ru")

    run_on_commit(change_time, event=london_event, start=datetime.time(12, 0), end=datetime.time(13, 0))

    [message] = mailoutbox
    assert ("Время изменилось\n"
            "Было: пятница, 18 января 2030, 10:00 GMT – Лондон, Великобритания; 15:00 ALMT – Алматы, Казахстан (1 час)\n"
            "Сейчас: пятница, 18 января 2030, 12:00 GMT – Лондон, Великобритания; 17:00 ALMT – Алматы, Казахстан "
            "(1 час)") in message.body
    assert "Время изменилось" in html_of(message)
    assert "London" not in message.body and "Time changed" not in message.body
    # The press office's log stays in English.
    assert london_event.changes.get().what.startswith("Time changed\nWas: Friday 18 January 2030, 10:00am GMT")


def test_a_time_removed_is_taken_out_of_the_registrants_calendar(make_event, make_registration, mailoutbox,
                                                                  run_on_commit):
    event = make_event(slots=[*SLOT_2030, (datetime.datetime(2030, 1, 19, 15, 30),
                                           datetime.datetime(2030, 1, 19, 16, 30))])
    make_registration(event, status=S.CONFIRMED)
    kept, removed = event.slots.order_by("start_date")
    state = services.capture_state(event)
    removed.delete()

    run_on_commit(services.record_changes_since, before=state, event=event)

    [message] = mailoutbox
    files = {part.get_param("method"): read_calendar(part.get_payload(decode=True))
             for part in sent_parts(message) if part.get_content_type() == "text/calendar"}
    assert [entry.uid for entry in files["REQUEST"].entries] == [f"{kept.uid}@pressroom"]
    [gone] = files["CANCEL"].entries
    assert (gone.uid, gone.status, gone.sequence) == (f"{removed.uid}@pressroom", "CANCELLED", 1)
    assert gone.start == datetime.datetime(2030, 1, 19, 10, 30, tzinfo=UTC)  # 3:30pm in Almaty (UTC+5)
    assert "Time removed: Saturday 19 January 2030, 3:30pm ALMT" in message.body
    said = ("The calendar file attached updates the entry in your calendar. A second file removes what was dropped "
            "from your calendar.")
    assert said in message.body and said in html_of(message)


def test_a_russian_registrant_is_told_what_the_second_calendar_file_does(make_event, make_registration, mailoutbox,
                                                                          run_on_commit):
    event = make_event(slots=[*SLOT_2030, (datetime.datetime(2030, 1, 19, 15, 30),
                                           datetime.datetime(2030, 1, 19, 16, 30))])
    make_registration(event, status=S.CONFIRMED, language="ru")
    state = services.capture_state(event)
    event.slots.order_by("start_date").last().delete()

    run_on_commit(services.record_changes_since, before=state, event=event)

    [message] = mailoutbox
    assert "Второй файл уберёт из календаря то, что было отменено." in message.body


def test_a_time_removed_as_the_press_conference_is_cancelled_leaves_the_calendar_with_the_rest(
        make_event, make_registration, mailoutbox, run_on_commit):
    event = make_event(slots=[*SLOT_2030, (datetime.datetime(2030, 1, 19, 15, 30),
                                           datetime.datetime(2030, 1, 19, 16, 30))])
    make_registration(event, status=S.CONFIRMED)
    state = services.capture_state(event)
    uids = {f"{slot.uid}@pressroom" for slot in event.slots.all()}
    event.slots.order_by("start_date").last().delete()
    Event.objects.filter(pk=event.pk).update(event_status=Event.EventStatus.CANCELLED)

    run_on_commit(services.record_changes_since, before=state, event=Event.objects.get(pk=event.pk))

    [message] = mailoutbox
    method, ics = calendar_in(message)
    assert method == "CANCEL"
    assert {entry.uid for entry in ics.entries} == uids


def test_a_new_place_reaches_a_russian_registrant_whose_version_still_names_the_old_one(
        london_event, make_registration, mailoutbox, run_on_commit):
    make_event_version(london_event, "ru", venue_name="Старый зал", venue_address="Старая улица, 1",
                       venue_city="Алматы", venue_country="Казахстан")
    make_registration(london_event, status=S.CONFIRMED, language="ru")
    state = services.capture_state(london_event)
    Event.objects.filter(pk=london_event.pk).update(venue_name="New Hall", venue_address="2 New Street")

    run_on_commit(services.record_changes_since, before=state, event=Event.objects.get(pk=london_event.pk))

    [message] = mailoutbox
    # The place they read before, in their language, then the new one in English until the version follows:
    # never the old hall's translated name with the new street, in the email or in its calendar file.
    assert ("Место: Старый зал, Старая улица, 1, Алматы, Казахстан → New Hall, 2 New Street, Almaty, "
            "Kazakhstan") in message.body
    assert message.body.count("Старый зал") == 1
    _method, calendar = calendar_in(message)
    [entry] = icalendar.Calendar.from_ical(calendar.raw).events
    assert str(entry["LOCATION"]).startswith("New Hall, 2 New Street, Almaty")


@pytest.mark.parametrize(("language", "line"), [("ru", "Статус: Перенесена → Состоится по плану"),
                                                ("kk", "Мәртебесі: Кейінге қалдырылды → Жоспар бойынша өтеді")])
def test_a_press_conference_back_on_schedule_says_so_in_the_registrants_language(
        london_event, make_registration, mailoutbox, run_on_commit, language, line):
    Event.objects.filter(pk=london_event.pk).update(event_status=Event.EventStatus.POSTPONED)
    make_registration(london_event, status=S.CONFIRMED, language=language)
    state = services.capture_state(Event.objects.get(pk=london_event.pk))
    Event.objects.filter(pk=london_event.pk).update(event_status=Event.EventStatus.SCHEDULED)

    run_on_commit(services.record_changes_since, before=state, event=Event.objects.get(pk=london_event.pk))

    [message] = mailoutbox
    assert line in message.body and "Scheduled" not in all_text(message)


def test_change_email_to_someone_waiting_gives_their_position_and_no_calendar(make_event, make_registration,
                                                                              mailoutbox, run_on_commit):
    event = make_event(slots=SLOT_2030, in_person_capacity=0)
    make_registration(event, status=S.WAITLISTED)
    second = make_registration(event, status=S.WAITLISTED)

    run_on_commit(change_time, event=event, start=datetime.time(16, 0), end=datetime.time(17, 0))

    message = next(m for m in mailoutbox if m.to == [second.email])
    assert ("You are number 2 on the waiting list for in-person places: nothing is in your calendar until a place "
            "is yours.") in message.body
    assert "gets your place" not in all_text(message)
    assert "No longer interested? Leave the waiting list here:" not in message.body  # online is offered instead
    assert "From this page you can switch to attending online instead, or leave the waiting list:" in message.body
    assert not has_calendar(message)


def test_a_cancelled_press_conference_says_cancelled_first_and_takes_the_entry_out(
        london_event, make_registration, mailoutbox, run_on_commit):
    confirmed = make_registration(london_event, status=S.CONFIRMED)
    waiting = make_registration(london_event, status=S.WAITLISTED)
    state = services.capture_state(london_event)
    Event.objects.filter(pk=london_event.pk).update(event_status=Event.EventStatus.CANCELLED,
                                                     status_note="The delegation could not travel.")

    run_on_commit(services.record_changes_since, before=state, event=Event.objects.get(pk=london_event.pk))

    by_person = {m.to[0]: m for m in mailoutbox}
    for message in by_person.values():
        assert message.subject == f"Cancelled: {london_event.title}"
        assert first_line(message) == f"Cancelled: “{london_event.title}” will not take place"
        # The reason, once, beside the status at the top: the body does not say it again.
        assert message.body.count("The delegation could not travel.") == 1
        assert html_of(message).count("The delegation could not travel.") == 1
        assert "Status:" not in message.body and "Cancel here" not in message.body
        assert "gets your place" not in all_text(message)
    method, ics = calendar_in(by_person[confirmed.email])
    assert (method, ics.entry.status, ics.entry.sequence) == ("CANCEL", "CANCELLED", 1)
    assert not has_calendar(by_person[waiting.email])
    assert "You were on the waiting list, so nothing was in your calendar for it." in by_person[waiting.email].body


def test_editing_a_press_conference_already_cancelled_emails_nobody(make_event, make_registration, mailoutbox,
                                                                    run_on_commit):
    event = make_event(slots=SLOT_2030, event_status=Event.EventStatus.CANCELLED)
    make_registration(event, status=S.CONFIRMED)

    change = run_on_commit(change_time, event=event, start=datetime.time(16, 0), end=datetime.time(17, 0))

    assert change.revision == 1
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("kind", "status", "fields", "method", "ical_status"),
    [
        (Email.CONFIRMED, S.CONFIRMED, {}, "REQUEST", "CONFIRMED"),
        (Email.PROMOTED, S.CONFIRMED, {}, "REQUEST", "CONFIRMED"),
        (Email.EVENT_CHANGED, S.CONFIRMED, {}, "REQUEST", "CONFIRMED"),
        (Email.EVENT_CANCELLED, S.CONFIRMED, {}, "CANCEL", "CANCELLED"),
        (Email.CANCELLED, S.CANCELLED, {"cancelled_from": S.CONFIRMED, "cancelled_by": "registrant"}, "CANCEL",
         "CANCELLED"),
        (Email.CANCELLED_BY_OFFICE, S.CANCELLED, {"cancelled_from": S.CONFIRMED, "cancelled_by": "office"},
         "CANCEL", "CANCELLED"),
    ],
)
@pytest.mark.parametrize(
    ("zone", "day", "utc_start"),
    [
        ("Europe/London", datetime.date(2030, 1, 18), datetime.datetime(2030, 1, 18, 10, 0, tzinfo=UTC)),
        ("Europe/London", datetime.date(2030, 7, 18), datetime.datetime(2030, 7, 18, 9, 0, tzinfo=UTC)),
        ("Asia/Almaty", datetime.date(2024, 2, 20), datetime.datetime(2024, 2, 20, 4, 0, tzinfo=UTC)),
        ("Asia/Almaty", datetime.date(2024, 3, 5), datetime.datetime(2024, 3, 5, 5, 0, tzinfo=UTC)),
    ],
)
def test_every_emailed_calendar_reads_the_same_in_both_parsers(make_event, make_registration, mailoutbox, kind,
                                                               status, fields, method, ical_status, zone, day,
                                                               utc_start):
    start = datetime.datetime.combine(day, datetime.time(10, 0))
    event = make_event(zone=zone, slots=[(start, start + datetime.timedelta(hours=1), {"timezone": zone})])
    registration = make_registration(event, status=status, **fields)
    change = services.record_change(event=event, what="Time changed", notify=None)

    send(kind, Registration.objects.get(pk=registration.pk), change_id=change.pk)

    [message] = mailoutbox
    part_method, ics = calendar_in(message)
    assert (part_method, ics.method, ics.entry.status) == (method, method, ical_status)
    assert (ics.entry.start, ics.entry.end) == (utc_start, utc_start + datetime.timedelta(hours=1))


# Text

def test_text_part_has_no_html_escapes(make_event, make_registration, mailoutbox):
    event = make_event(title="Q&A on “the report” <live>")
    registration = make_registration(event, name="Zoë O'Brien & Co", status=S.CONFIRMED)

    send(Email.CONFIRMED, registration)

    [message] = mailoutbox
    assert "Hello Zoë O'Brien & Co," in message.body
    assert "Q&A on “the report” <live>" in message.body
    assert "Zoë O&#x27;Brien &amp; Co" in html_of(message)


def test_a_title_stored_with_a_line_break_still_gives_a_one_line_subject(make_event, make_registration, mailoutbox):
    event = make_event()
    Event.objects.filter(pk=event.pk).update(title="Briefing\r\nBcc: evil@example.org")
    registration = make_registration(Event.objects.get(pk=event.pk), status=S.CONFIRMED)

    assert send(Email.CONFIRMED, registration) == "sent"

    [message] = mailoutbox
    assert message.subject == "Your place is confirmed: Briefing Bcc: evil@example.org"
    assert message.message()["Bcc"] is None


def test_emails_are_signed_by_the_events_own_commission(make_event, make_registration, mailoutbox, commission):
    other = Commission.objects.create(name="Second Inquiry", slug="second-inquiry", short_description="Another.")
    registration = make_registration(make_event(slots=SLOT_2030, commission=other), status=S.CONFIRMED)

    send(Email.CONFIRMED, registration)

    [message] = mailoutbox
    assert "Second Inquiry" in message.body
    assert "Second Inquiry" in html_of(message)
    assert commission.name not in message.body  # the site's first commission is not this event's


def test_a_seat_at_a_press_conference_moved_online_gets_the_join_link(make_event, make_registration, mailoutbox,
                                                                      run_on_commit):
    event = make_event(slots=SLOT_2030)
    make_registration(event, status=S.CONFIRMED, attendance=IN_PERSON)
    waiting = make_registration(event, status=S.WAITLISTED, attendance=IN_PERSON)
    state = services.capture_state(event)
    Event.objects.filter(pk=event.pk).update(event_status=Event.EventStatus.MOVED_ONLINE)

    run_on_commit(services.record_changes_since, before=state, event=Event.objects.get(pk=event.pk))

    placed, waiting_message = sorted(mailoutbox, key=lambda m: m.to[0] == waiting.email)
    assert "Status: Scheduled → Moved online" in placed.body
    assert f"You attend online. Join here:\n{JOIN_URL}" in placed.body
    assert "You attend in person." not in placed.body
    _method, ics = calendar_in(placed)
    assert f"Join online: {JOIN_URL}".encode() in ics.raw.replace(b"\r\n ", b"")
    assert JOIN_URL not in all_text(waiting_message)


# Emails sent on a recorded change -------------------------------------------------------------------------------------
# Notifications from services: a recorded change emails every registrant concerned, at a fixed cost each.


def move_to(event, day, **fields):
    """The press conference's slot moved to ``day`` (a date), keeping its times of day, and ``fields`` changed
    as the admin would; the change recorded."""
    state = services.capture_state(event)
    Event.objects.filter(pk=event.pk).update(**fields)
    slot = event.slots.get()
    slot.start_date = slot.end_date = day
    slot.save()
    return services.record_changes_since(before=state, event=event)


@pytest.mark.parametrize(("fields", "held_back"), [
    ({}, Email.EVENT_CHANGED),
    ({"event_status": Event.EventStatus.CANCELLED}, Email.EVENT_CANCELLED),  # called off after it took place
])
def test_a_press_conference_moved_into_the_past_emails_nobody(make_event, make_registration, mailoutbox,
                                                              run_on_commit, fields, held_back):
    event = make_event()
    make_registration(event, status=S.CONFIRMED)
    make_registration(event, status=S.WAITLISTED)

    change = run_on_commit(move_to, event=event, day=timezone.localdate() - datetime.timedelta(days=1), **fields)

    assert change.revision == 1 and "Time changed" in change.what  # recorded, in the log
    assert (change.notify, change.held_back_as_ended) == (None, held_back)
    assert mailoutbox == []


def test_a_press_conference_moved_to_tomorrow_still_emails_its_registrants(make_event, make_registration,
                                                                           mailoutbox, run_on_commit):
    event = make_event()
    make_registration(event, status=S.CONFIRMED)

    change = run_on_commit(move_to, event=event, day=timezone.localdate() + datetime.timedelta(days=1))

    assert (change.notify, change.held_back_as_ended) == (Email.EVENT_CHANGED, None)
    assert [m.subject for m in mailoutbox] == [f"Change to {event.title}"]


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
    assert "Almaty, Kazakhstan has changed its clock rules" in message.body
    method, ics = calendar_in(message)
    assert (method, ics.entry.sequence, ics.entry.start) == ("REQUEST", 1, Slot.objects.get().start_utc)


def test_a_change_notice_costs_four_queries_per_registrant(make_event, make_registration, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    event = make_event()
    for _n in range(5):
        make_registration(event, status=S.CONFIRMED)

    with CaptureQueriesContext(connection) as captured:
        with django_capture_on_commit_callbacks(execute=True):
            services.record_change(event=event, what="Time: earlier")

    assert len(mailoutbox) == 5
    # The change itself (savepoint, update, read, insert, whether it has ended, release), the notice's change
    # and recipients, then per email: the registration with its event and commission, slots, display zones,
    # the change.
    assert len(captured.captured_queries) == 8 + 5 * 4
