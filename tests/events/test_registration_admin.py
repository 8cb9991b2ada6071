"""Registrants in the admin: counts, the list, check-in at the door, manual actions, personal data."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Event, EventChange, Registration
from tests.events.test_admin import change_data

pytestmark = pytest.mark.django_db

S = Registration.Status
CHANGELIST = "/admin/events/registration/"


def text(response) -> str:
    return response.content.decode()


def action(client, name, registrations, **extra):
    return client.post(CHANGELIST, {"action": name, "_selected_action": [r.pk for r in registrations], **extra})


# Who sees registrants

def test_event_page_shows_counts_by_mode_and_state(officer_client, make_event, make_registration):
    event = make_event(in_person_capacity=3)
    make_registration(event, status=S.CONFIRMED, checked_in_at=timezone.now())
    make_registration(event, status=S.CONFIRMED)
    make_registration(event, status=S.WAITLISTED)
    make_registration(event, status=S.PENDING, attendance="online")

    page = text(officer_client.get(f"/admin/events/event/{event.pk}/change/"))

    start = page.index('<table class="registration-counts">')
    table = page[start:page.index("</table>", start)]
    rows = [[re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1])]
    assert rows == [["In person", "3", "0", "2", "1", "0", "1"], ["Online", "no limit", "1", "0", "0", "0", "0"]]
    assert f"?event__id__exact={event.pk}" in page
    assert reverse("admin:events_event_check_in", args=[event.pk]) in page
    assert reverse("admin:events_event_registrations_csv", args=[event.pk]) in page


def test_staff_without_registration_permissions_see_no_registrants(events_only_client, make_event,
                                                                   make_registration):
    event = make_event()
    registration = make_registration(event, name="Secret Reporter", status=S.CONFIRMED)

    event_page = events_only_client.get(f"/admin/events/event/{event.pk}/change/")

    assert event_page.status_code == 200
    assert "registration-counts" not in text(event_page)
    assert events_only_client.get(CHANGELIST).status_code == 403
    assert events_only_client.get(f"{CHANGELIST}{registration.pk}/change/").status_code == 403
    assert events_only_client.get(reverse("admin:events_event_check_in", args=[event.pk])).status_code == 403
    assert events_only_client.get(reverse("admin:events_event_registrations_csv",
                                          args=[event.pk])).status_code == 403


def test_registrant_list_filters_by_event_and_searches(officer_client, make_event, make_registration):
    first, second = make_event(), make_event()
    make_registration(first, name="Ann Reporter", organisation="The Paper")
    make_registration(second, name="Bob Writer")

    by_event = text(officer_client.get(f"{CHANGELIST}?event__id__exact={first.pk}"))
    by_search = text(officer_client.get(f"{CHANGELIST}?q=paper"))

    assert "Ann Reporter" in by_event and "Bob Writer" not in by_event
    assert "Ann Reporter" in by_search and "Bob Writer" not in by_search


def test_registrations_cannot_be_added_or_plainly_deleted(officer_client, make_event, make_registration):
    registration = make_registration(make_event())

    assert officer_client.get(f"{CHANGELIST}add/").status_code == 403
    assert officer_client.get(f"{CHANGELIST}{registration.pk}/delete/").status_code == 403
    assert "delete_selected" not in text(officer_client.get(CHANGELIST))


def test_anonymised_registrations_are_not_listed(officer_client, make_event, make_registration):
    make_registration(make_event(), name="", email="", anonymised_at=timezone.now())

    assert "0 registrations" in text(officer_client.get(CHANGELIST))


# Check-in at the door

def test_check_in_page_lists_confirmed_people_with_one_button_each(officer_client, make_event, make_registration):
    event = make_event()
    make_registration(event, name="Ann Reporter", status=S.CONFIRMED)
    make_registration(event, name="Waiting Person", status=S.WAITLISTED)
    make_registration(event, name="Online Person", status=S.CONFIRMED, attendance="online")

    page = text(officer_client.get(reverse("admin:events_event_check_in", args=[event.pk])))

    assert "Ann Reporter" in page
    assert "Waiting Person" not in page and "Online Person" not in page
    assert page.count('class="button check-in__toggle"') == 1
    assert "0 of 1 checked in" in page
    assert 'name="viewport"' in page


def test_check_in_page_counts_in_one_query(officer_client, make_event, make_registration):
    event = make_event()
    make_registration(event, status=S.CONFIRMED, checked_in_at=timezone.now())
    make_registration(event, status=S.CONFIRMED)
    make_registration(event, status=S.CONFIRMED, attendance="online", checked_in_at=timezone.now())
    url = reverse("admin:events_event_check_in", args=[event.pk])
    officer_client.get(url)

    with CaptureQueriesContext(connection) as captured:
        page = text(officer_client.get(url))

    assert "1 of 2 checked in" in page
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"]]
    assert len(counts) == 1  # services.registration_counts, not a COUNT per figure


def test_check_in_toggle_marks_and_unmarks(officer_client, make_event, make_registration):
    event = make_event()
    registration = make_registration(event, name="Ann Reporter", status=S.CONFIRMED)
    url = reverse("admin:events_event_check_in_toggle", args=[event.pk, registration.pk])

    response = officer_client.post(url, {"checked_in": "1", "q": "ann"})

    assert response.status_code == 302
    assert response["Location"].endswith(f"?mode=in_person&q=ann#r{registration.pk}")
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert "1 of 1 checked in" in text(officer_client.get(reverse("admin:events_event_check_in", args=[event.pk])))
    officer_client.post(url, {"checked_in": "0"})
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_check_in_toggle_needs_post_and_csrf(press_officer, make_event, make_registration):
    client = Client(enforce_csrf_checks=True)
    client.force_login(press_officer)
    event = make_event()
    registration = make_registration(event, status=S.CONFIRMED)
    url = reverse("admin:events_event_check_in_toggle", args=[event.pk, registration.pk])

    assert client.get(url).status_code == 405
    assert client.post(url, {"checked_in": "1"}).status_code == 403
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_check_in_search_finds_by_name_or_organisation(officer_client, make_event, make_registration):
    event = make_event()
    make_registration(event, name="Ann Reporter", organisation="The Paper", status=S.CONFIRMED)
    make_registration(event, name="Bob Writer", organisation="Radio", status=S.CONFIRMED)

    page = text(officer_client.get(reverse("admin:events_event_check_in", args=[event.pk]) + "?q=radio"))

    assert "Bob Writer" in page and "Ann Reporter" not in page


# Manual actions

def test_promote_action_needs_a_free_place(officer_client, make_event, make_registration, mailoutbox,
                                           django_capture_on_commit_callbacks):
    event = make_event(in_person_capacity=1)
    holder = make_registration(event, status=S.CONFIRMED)
    waiting = make_registration(event, status=S.WAITLISTED)

    action(officer_client, "promote", [waiting])
    assert "No free in person place: raise the capacity" in text(officer_client.get(CHANGELIST))
    Event.objects.filter(pk=event.pk).update(in_person_capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        action(officer_client, "promote", [waiting])

    waiting.refresh_from_db()
    holder.refresh_from_db()
    assert (waiting.status, holder.status) == (S.CONFIRMED, S.CONFIRMED)
    assert [m.subject for m in mailoutbox] == [f"A place is now yours: {event.title}"]


def test_cancel_action_asks_for_a_reason_first_and_cancels_nothing_yet(officer_client, make_event,
                                                                       make_registration, mailoutbox):
    holder = make_registration(make_event(), status=S.CONFIRMED, name="Ann Reporter")

    response = action(officer_client, "cancel", [holder])

    page = text(response)
    assert response.status_code == 200
    assert "Cancel this registration? The person is emailed that the press office cancelled it" in page
    assert "Ann Reporter" in page
    assert 'name="reason"' in page
    assert Registration.objects.get().status == S.CONFIRMED
    assert mailoutbox == []


def test_cancel_action_promotes_the_next_person_and_tells_both(officer_client, make_event, make_registration,
                                                               mailoutbox, django_capture_on_commit_callbacks):
    event = make_event(in_person_capacity=1)
    holder = make_registration(event, status=S.CONFIRMED)
    waiting = make_registration(event, status=S.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        response = action(officer_client, "cancel", [holder], post="yes",
                          reason="Seats are kept for accredited journalists.")

    assert response.status_code == 302
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert (holder.status, waiting.status) == (S.CANCELLED, S.CONFIRMED)
    assert (holder.cancelled_by, holder.cancellation_reason) == ("office", "Seats are kept for accredited journalists.")
    told = {m.to[0]: m for m in mailoutbox}
    assert told[holder.email].body.startswith("The press office has cancelled your registration\n")
    assert "The reason: Seats are kept for accredited journalists." in told[holder.email].body
    assert told[waiting.email].subject == f"A place is now yours: {event.title}"
    assert "1 registration cancelled; they are being emailed." in text(officer_client.get(CHANGELIST))


def test_cancel_action_refuses_a_reason_with_a_direction_override(officer_client, make_event, make_registration):
    holder = make_registration(make_event(), status=S.CONFIRMED)

    response = action(officer_client, "cancel", [holder], post="yes", reason="Sorry \u202eevil")

    assert response.status_code == 200
    assert "Remove the invisible character U+202E RIGHT-TO-LEFT OVERRIDE" in text(response)
    assert Registration.objects.get().status == S.CONFIRMED


def test_resend_action_sends_where_each_stands(officer_client, make_event, make_registration, mailoutbox,
                                               django_capture_on_commit_callbacks):
    event = make_event()
    pending = make_registration(event)
    confirmed = make_registration(event, status=S.CONFIRMED)

    with django_capture_on_commit_callbacks(execute=True):
        action(officer_client, "resend", [pending, confirmed])

    assert sorted((m.to[0], m.subject.split(":")[0]) for m in mailoutbox) == [
        (pending.email, "Confirm your registration"), (confirmed.email, "Your place is confirmed")]


def test_raising_the_capacity_in_the_admin_gives_seats_to_the_waitlist(officer_client, make_event,
                                                                       make_registration):
    event = make_event(in_person_capacity=1)
    make_registration(event, status=S.CONFIRMED)
    first, second = make_registration(event, status=S.WAITLISTED), make_registration(event, status=S.WAITLISTED)

    response = officer_client.post(reverse("admin:events_event_change", args=[event.pk]),
                                   {**change_data(event, in_person_capacity="2"), "_notify_confirmed": "1"})

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (S.CONFIRMED, S.WAITLISTED)


def test_changing_the_time_in_the_admin_emails_the_registrants(officer_client, make_event, make_registration,
                                                               mailoutbox, django_capture_on_commit_callbacks):
    event = make_event(slots=[(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30))])
    confirmed = make_registration(event, status=S.CONFIRMED)
    make_registration(event, status=S.CANCELLED)

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(reverse("admin:events_event_change", args=[event.pk]),
                                       {**change_data(event, slot_start_time="16:00", slot_end_time="17:00"),
                                        "_notify_confirmed": "1"})

    assert response.status_code == 302
    [message] = mailoutbox
    assert message.to == [confirmed.email]
    assert "Was: Friday 18 January 2030, 3:30pm ALMT – Almaty, Kazakhstan; 10:30am GMT – London, UK (1 hour)\n" \
        "Now: Friday 18 January 2030, 4:00pm ALMT – Almaty, Kazakhstan; 11:00am GMT – London, UK (1 hour)" \
        in message.body
    assert "4:00pm ALMT – Almaty, Kazakhstan\n  11:00am GMT – London, UK" in message.body  # the new time, every zone


# One person's data

def test_person_actions_refuse_several_people(officer_client, make_event, make_registration):
    event = make_event()
    people = [make_registration(event), make_registration(event)]

    response = action(officer_client, "export_person_json", people)

    assert response.status_code == 302
    assert "Select registrations of one person" in text(officer_client.get(CHANGELIST))


def test_erase_person_asks_first_then_erases_across_events(officer_client, make_event, make_registration):
    first, second = make_event(), make_event()
    selected = make_registration(first, email="ann@example.org", name="Ann Reporter")
    other = make_registration(second, email="ann@example.org", name="Ann Reporter")

    confirmation = action(officer_client, "erase_person", [selected])
    assert confirmation.status_code == 200
    assert "Erase every registration of <strong>ann@example.org</strong>?" in text(confirmation)
    assert Registration.objects.not_anonymised().count() == 2

    action(officer_client, "erase_person", [selected], post="yes")

    for registration in (selected, other):
        registration.refresh_from_db()
        assert (registration.name, registration.email, registration.anonymised_at is not None) == ("", "", True)


# Before a save that emails people

def test_a_change_that_emails_people_asks_first_and_saves_nothing_yet(officer_client, make_event, make_registration,
                                                                      mailoutbox, django_capture_on_commit_callbacks):
    event = make_event(slots=[(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30))])
    make_registration(event, status=S.CONFIRMED)
    make_registration(event, status=S.CONFIRMED, attendance="online")
    make_registration(event, status=S.WAITLISTED)
    make_registration(event, status=S.PENDING)
    url = reverse("admin:events_event_change", args=[event.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(url, change_data(event, slot_start_time="16:00", slot_end_time="17:00",
                                                        summary="A new summary."))

    page = text(response)
    assert response.status_code == 200
    assert "Saving these changes emails <strong>3 people</strong>:" in page
    assert "<li>People with a place: 2</li>" in page and "<li>People on the waiting list: 1</li>" in page
    assert f"Subject:</strong> Change to {event.title}" in page
    assert "<h2>The email to people with a place (2)</h2>" in page
    assert "<h2>The email to people on the waiting list (1)</h2>" in page
    assert "This press conference has changed\n\nHello [their name]," in page
    assert "Now: Friday 18 January 2030, 4:00pm ALMT – Almaty, Kazakhstan; 11:00am GMT – London, UK (1 hour)" in page
    assert "You are number 1 on the waiting list for in-person places: nothing is in your calendar" in page
    assert mailoutbox == []
    stored = Event.objects.get(pk=event.pk)
    assert (stored.revision, stored.summary, stored.slots.get().start_time) == (0, "Summary 1.",
                                                                                 datetime.time(15, 30))
    assert not EventChange.objects.exists()


def confirmation_form(page: str) -> dict:
    """The hidden fields of the confirmation page, as the browser would post them again."""
    data = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page):
        data.setdefault(name, []).append(html.unescape(value))
    data.pop("csrfmiddlewaretoken", None)
    return data


def test_confirming_saves_what_was_typed_and_sends_the_emails(officer_client, make_event, make_registration,
                                                              mailoutbox, django_capture_on_commit_callbacks):
    event = make_event(slots=[(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30))])
    confirmed = make_registration(event, status=S.CONFIRMED)
    url = reverse("admin:events_event_change", args=[event.pk])
    page = text(officer_client.post(url, change_data(event, slot_start_time="16:00", slot_end_time="17:00",
                                                     venue_address="Dostyk Avenue 52\r\nAlmaty")))

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(url, {**confirmation_form(page), "_notify_confirmed": "1"})

    assert response.status_code == 302
    stored = Event.objects.get(pk=event.pk)
    assert (stored.revision, stored.venue_address, stored.slots.get().start_time) == (
        1, "Dostyk Avenue 52\r\nAlmaty", datetime.time(16, 0))
    [message] = mailoutbox
    assert message.to == [confirmed.email]
    assert message.subject == f"Change to {event.title}"


def test_going_back_shows_the_form_as_typed_and_saves_nothing(officer_client, make_event, make_registration,
                                                              mailoutbox):
    event = make_event(slots=[(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30))])
    make_registration(event, status=S.CONFIRMED)
    url = reverse("admin:events_event_change", args=[event.pk])
    page = text(officer_client.post(url, change_data(event, slot_start_time="16:00", slot_end_time="17:00",
                                                     summary="A typed summary.")))

    response = officer_client.post(url, {**confirmation_form(page), "_notify_back": "1"})

    form_page = text(response)
    assert response.status_code == 200
    assert "Not saved, and nobody has been emailed. Change what you need, then save again." in form_page
    assert "A typed summary." in form_page and 'value="16:00"' in form_page
    assert (Event.objects.get(pk=event.pk).revision, mailoutbox) == (0, [])


def test_a_change_that_emails_nobody_saves_at_once(officer_client, make_event, make_registration):
    event = make_event()
    make_registration(event, status=S.PENDING)
    make_registration(event, status=S.CANCELLED)

    response = officer_client.post(reverse("admin:events_event_change", args=[event.pk]),
                                   change_data(event, event_status="postponed"))

    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).event_status == "postponed"


def test_cancelling_the_press_conference_shows_the_cancellation_email_first(officer_client, make_event,
                                                                             make_registration):
    event = make_event()
    make_registration(event, status=S.CONFIRMED)

    page = text(officer_client.post(reverse("admin:events_event_change", args=[event.pk]),
                                    change_data(event, event_status="cancelled")))

    assert f"Subject:</strong> Cancelled: {event.title}" in page
    assert f"Cancelled: “{event.title}” will not take place" in page
    assert Event.objects.get(pk=event.pk).event_status == "scheduled"


def test_raising_the_capacity_shows_who_gets_a_place_first(officer_client, make_event, make_registration):
    event = make_event(in_person_capacity=1)
    make_registration(event, status=S.CONFIRMED)
    waiting = make_registration(event, status=S.WAITLISTED)

    page = text(officer_client.post(reverse("admin:events_event_change", args=[event.pk]),
                                    change_data(event, in_person_capacity="2")))

    assert "<li>People on the waiting list who get a place: 1</li>" in page
    assert f"Subject:</strong> A place is now yours: {event.title}" in page
    waiting.refresh_from_db()
    assert waiting.status == S.WAITLISTED
