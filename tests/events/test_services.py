"""The registration rules in events/services.py: one registration per address, the capacity rule, the waitlist."""

import datetime

import pytest
from django.utils import timezone

from commission.web.cache import content_version
from events import services
from events.models import Event, Registration
from tests.factories import days_from_today

pytestmark = pytest.mark.django_db

IN_PERSON = Registration.Attendance.IN_PERSON
ONLINE = Registration.Attendance.ONLINE
S = Registration.Status


def sign_up(event, email="ann@example.org", attendance=IN_PERSON, **fields):
    data = {"name": "Ann Reporter", "organisation": "The Paper", "role": Registration.Role.JOURNALIST,
            "accessibility_needs": "", **fields}
    return services.register(event=event, email=email, attendance=attendance, **data)


def confirm(registration):
    return services.confirm_registration(registration_id=registration.pk, nonce=registration.token_nonce)


# Signing up

def test_register_creates_a_pending_registration_with_the_address_in_lower_case(make_event):
    event = make_event()

    registration = sign_up(event, email="  Ann.Reporter@Example.ORG ")

    registration.refresh_from_db()
    assert (registration.status, registration.email) == (S.PENDING, "ann.reporter@example.org")
    assert registration.consented_at is not None and registration.confirmed_at is None


def test_register_sends_the_confirmation_email_only_after_commit(make_event, mailoutbox,
                                                                  django_capture_on_commit_callbacks):
    event = make_event()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sign_up(event)
        assert mailoutbox == []

    assert len(callbacks) == 1
    callbacks[0]()
    assert [m.subject for m in mailoutbox] == [f"Confirm your registration: {event.title}"]


def test_register_again_with_other_capitals_never_duplicates(make_event, django_capture_on_commit_callbacks,
                                                              mailoutbox):
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        first = sign_up(event, email="ann@example.org", name="Ann")
        second = sign_up(event, email="ANN@example.org", name="Ann Reporter", attendance=ONLINE)

    assert Registration.objects.count() == 1
    assert second.pk == first.pk
    assert [m.to for m in mailoutbox] == [["ann@example.org"]] * 2  # the confirmation email again


def test_register_again_while_pending_never_changes_the_stored_details(make_event, make_registration,
                                                                       django_capture_on_commit_callbacks,
                                                                       mailoutbox):
    event = make_event()
    owner = sign_up(event, email="ann@example.org", name="Ann Reporter", organisation="The Paper")
    stored = Registration.objects.values().get(pk=owner.pk)

    with django_capture_on_commit_callbacks(execute=True):
        again = sign_up(event, email="ANN@example.org", name="A Stranger", organisation="Elsewhere",
                        attendance=ONLINE, role="other", accessibility_needs="None of yours")

    assert again.pk == owner.pk
    after = Registration.objects.values().get(pk=owner.pk)
    assert after.pop("signed_up_again_at") is not None  # when the form was sent again; nothing else changes
    stored.pop("signed_up_again_at")
    assert after == stored
    [message] = mailoutbox
    assert message.subject == f"Confirm your registration: {event.title}"
    assert "A Stranger" not in message.body and "Elsewhere" not in message.body
    assert "You registered to attend in person." in message.body


def test_register_again_while_pending_keeps_the_first_link_working(make_event):
    event = make_event()
    first = sign_up(event)
    first_link = first.token_nonce

    sign_up(event)
    confirmed = services.confirm_registration(registration_id=first.pk, nonce=first_link)

    assert confirmed.status == S.CONFIRMED


def test_register_again_when_confirmed_changes_nothing_and_resends_the_status_email(
        make_event, make_registration, django_capture_on_commit_callbacks, mailoutbox):
    event = make_event()
    existing = make_registration(event, email="ann@example.org", name="Ann", status=S.CONFIRMED)

    with django_capture_on_commit_callbacks(execute=True):
        sign_up(event, email="ann@example.org", name="Someone Else", attendance=ONLINE)

    existing.refresh_from_db()
    assert (existing.name, existing.attendance, existing.status) == ("Ann", IN_PERSON, S.CONFIRMED)
    assert [m.subject for m in mailoutbox] == [f"Your place is confirmed: {event.title}"]
    assert mailoutbox[0].to == ["ann@example.org"]


def test_register_again_after_cancelling_starts_over_as_pending(make_event, make_registration):
    event = make_event()
    existing = make_registration(event, email="ann@example.org", status=S.CANCELLED,
                                 cancelled_at=timezone.now())
    old_nonce = existing.token_nonce

    registration = sign_up(event, email="ann@example.org", name="Ann Again")

    assert registration.pk == existing.pk
    registration.refresh_from_db()
    assert (registration.status, registration.cancelled_at, registration.name) == (S.PENDING, None, "Ann Again")
    assert registration.token_nonce != old_nonce
    with pytest.raises(services.LinkReplaced) as replaced:
        services.get_registration_for_link(registration_id=existing.pk, nonce=old_nonce)
    assert replaced.value.sent_at == registration.token_issued_at


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({"registration_opens_at": timezone.now() + datetime.timedelta(days=1)}, "not_yet_open"),
        ({"registration_closes_at": timezone.now() - datetime.timedelta(minutes=1)}, "closed"),
        ({"event_status": Event.EventStatus.CANCELLED}, "closed"),
        ({"event_status": Event.EventStatus.POSTPONED}, "closed"),
        ({"slots": [(days_from_today(-2, 10), days_from_today(-2, 11))]}, "ended"),
    ],
)
def test_register_refuses_when_registration_is_not_open(make_event, fields, state):
    event = make_event(**fields)

    with pytest.raises(services.RegistrationClosed) as error:
        sign_up(event)

    assert error.value.state == state
    assert Registration.objects.count() == 0


def test_register_refuses_a_draft_event(make_event):
    event = make_event(status=Event.Status.DRAFT, publish_at=None, registration_opens_at=timezone.now()
                       - datetime.timedelta(days=1))

    with pytest.raises(services.RegistrationClosed):
        sign_up(event)


def test_register_refuses_a_mode_the_event_does_not_offer(make_event):
    event = make_event(attendance=Event.Attendance.IN_PERSON)

    with pytest.raises(services.ModeNotOffered):
        sign_up(event, attendance=ONLINE)
    assert Registration.objects.count() == 0


def test_moved_online_event_takes_online_registrations_only(make_event):
    event = make_event(event_status=Event.EventStatus.MOVED_ONLINE)

    with pytest.raises(services.ModeNotOffered):
        sign_up(event, attendance=IN_PERSON)
    assert sign_up(event, attendance=ONLINE).attendance == ONLINE


def test_registrations_that_leave_every_mode_open_do_not_bump_the_public_page_cache(
        make_event, django_capture_on_commit_callbacks):
    event = make_event(in_person_capacity=2)
    before = content_version()

    with django_capture_on_commit_callbacks(execute=True):
        confirm(sign_up(event))

    assert content_version() == before


def test_a_mode_filling_up_or_freeing_up_bumps_the_public_page_cache(make_event,
                                                                     django_capture_on_commit_callbacks):
    event = make_event(in_person_capacity=1)
    first = sign_up(event, email="first@example.org")
    second = sign_up(event, email="second@example.org")

    versions = [content_version()]
    for step in (lambda: confirm(first),  # the last seat: "full, waiting list open"
                 lambda: confirm(second),  # joins the waiting list: still full
                 lambda: services.cancel_registration(registration_id=first.pk),  # the seat goes to second: full
                 lambda: services.cancel_registration(registration_id=second.pk)):  # a free seat again
        with django_capture_on_commit_callbacks(execute=True):
            step()
        versions.append(content_version())

    changed = [after != before for before, after in zip(versions, versions[1:], strict=False)]
    assert changed == [True, False, False, True]
    assert services.full_modes(Event.objects.get(pk=event.pk)) == frozenset()


# Confirming: the capacity rule

def test_confirm_takes_a_seat_while_one_is_free(make_event):
    event = make_event(in_person_capacity=2)

    registration = confirm(sign_up(event))

    assert registration.status == S.CONFIRMED
    assert registration.confirmed_at is not None


def test_confirm_waitlists_when_the_room_is_full(make_event, make_registration):
    event = make_event(in_person_capacity=2)
    make_registration(event, status=S.CONFIRMED)
    make_registration(event, status=S.CONFIRMED)

    registration = confirm(sign_up(event))

    assert registration.status == S.WAITLISTED
    assert services.places_taken(event, IN_PERSON) == 2


def test_full_room_does_not_affect_online_places(make_event, make_registration):
    event = make_event(in_person_capacity=1, online_capacity=None)
    make_registration(event, status=S.CONFIRMED)

    registration = confirm(sign_up(event, attendance=ONLINE))

    assert registration.status == S.CONFIRMED


def test_online_capacity_is_enforced_when_set(make_event, make_registration):
    event = make_event(online_capacity=1)
    make_registration(event, status=S.CONFIRMED, attendance=ONLINE)

    assert confirm(sign_up(event, attendance=ONLINE)).status == S.WAITLISTED


def test_zero_seats_waitlists_everyone(make_event):
    event = make_event(in_person_capacity=0)

    assert confirm(sign_up(event)).status == S.WAITLISTED


def test_confirm_is_single_use(make_event):
    registration = sign_up(make_event())
    nonce = registration.token_nonce
    confirm(registration)

    with pytest.raises(services.LinkUsed):
        services.confirm_registration(registration_id=registration.pk, nonce=nonce)


def test_confirm_with_a_wrong_nonce_or_unknown_registration_is_refused(make_event):
    registration = sign_up(make_event())

    with pytest.raises(services.LinkReplaced):
        services.confirm_registration(registration_id=registration.pk, nonce="not-the-nonce")
    with pytest.raises(services.RegistrationNotFound):
        services.confirm_registration(registration_id=registration.pk + 1000, nonce="x")
    registration.refresh_from_db()
    assert registration.status == S.PENDING


def test_a_link_of_another_event_finds_no_registration(make_event, make_registration):
    event, other = make_event(in_person_capacity=0), make_event()
    pending = sign_up(event)
    waiting = make_registration(event, status=S.WAITLISTED)
    link = {"registration_id": waiting.pk, "nonce": waiting.token_nonce, "event": other}

    with pytest.raises(services.RegistrationNotFound):
        services.confirm_registration(registration_id=pending.pk, nonce=pending.token_nonce, event=other)
    with pytest.raises(services.RegistrationNotFound):
        services.get_registration_to_confirm(registration_id=pending.pk, nonce=pending.token_nonce, event=other)
    for refused in (services.get_registration_for_link, services.cancel_registration, services.switch_to_online):
        with pytest.raises(services.RegistrationNotFound):
            refused(**link)
    assert [r.status for r in Registration.objects.order_by("pk")] == [S.PENDING, S.WAITLISTED]


def test_confirm_after_registration_closed_is_refused(make_event):
    event = make_event()
    registration = sign_up(event)
    Event.objects.filter(pk=event.pk).update(registration_closes_at=timezone.now() - datetime.timedelta(minutes=1))

    with pytest.raises(services.RegistrationClosed):
        confirm(registration)
    registration.refresh_from_db()
    assert registration.status == S.PENDING


# Cancelling and the waitlist

def test_cancel_frees_the_place_for_the_first_person_waiting_in_that_mode(
        make_event, make_registration, django_capture_on_commit_callbacks, mailoutbox):
    event = make_event(in_person_capacity=1)
    holder = make_registration(event, status=S.CONFIRMED)
    later = make_registration(event, status=S.WAITLISTED, confirmed_at=timezone.now() - datetime.timedelta(hours=1))
    first = make_registration(event, status=S.WAITLISTED, confirmed_at=timezone.now() - datetime.timedelta(hours=2))
    online_waiting = make_registration(event, status=S.WAITLISTED, attendance=ONLINE,
                                       confirmed_at=timezone.now() - datetime.timedelta(hours=3))

    with django_capture_on_commit_callbacks(execute=True):
        cancelled, promoted = services.cancel_registration(registration_id=holder.pk, nonce=holder.token_nonce)

    assert cancelled.status == S.CANCELLED and cancelled.cancelled_at is not None
    assert promoted == [first]
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert (statuses[first.pk], statuses[later.pk], statuses[online_waiting.pk]) == (S.CONFIRMED, S.WAITLISTED,
                                                                                    S.WAITLISTED)
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == sorted([
        (holder.email, f"Registration cancelled: {event.title}"),
        (first.email, f"A place is now yours: {event.title}"),
    ])


def test_cancelling_a_waitlisted_registration_promotes_nobody(make_event, make_registration):
    event = make_event(in_person_capacity=1)
    make_registration(event, status=S.CONFIRMED)
    waiting = make_registration(event, status=S.WAITLISTED)
    other = make_registration(event, status=S.WAITLISTED)

    _cancelled, promoted = services.cancel_registration(registration_id=waiting.pk, nonce=waiting.token_nonce)

    assert promoted == []
    other.refresh_from_db()
    assert other.status == S.WAITLISTED


def test_cancel_twice_is_refused(make_event, make_registration):
    registration = make_registration(make_event(), status=S.CONFIRMED)
    services.cancel_registration(registration_id=registration.pk, nonce=registration.token_nonce)

    with pytest.raises(services.WrongStatus):
        services.cancel_registration(registration_id=registration.pk, nonce=registration.token_nonce)


def test_cancel_link_stops_working_when_the_event_has_ended(make_event, make_registration):
    event = make_event(slots=[(days_from_today(-1, 10), days_from_today(-1, 11))])
    registration = make_registration(event, status=S.CONFIRMED)

    with pytest.raises(services.EventOver):
        services.cancel_registration(registration_id=registration.pk, nonce=registration.token_nonce)


def test_cancel_clears_a_check_in(make_event, make_registration):
    registration = make_registration(make_event(), status=S.CONFIRMED, checked_in_at=timezone.now())

    cancelled, _promoted = services.cancel_registration(registration_id=registration.pk)

    cancelled.refresh_from_db()
    assert cancelled.checked_in_at is None


def test_switch_to_online_leaves_the_in_person_waitlist_for_an_online_place(make_event, make_registration):
    event = make_event(in_person_capacity=0)
    registration = make_registration(event, status=S.WAITLISTED)

    switched = services.switch_to_online(registration_id=registration.pk, nonce=registration.token_nonce)

    assert (switched.attendance, switched.status) == (ONLINE, S.CONFIRMED)


def test_switch_to_online_is_refused_without_online_attendance_or_when_confirmed(make_event, make_registration):
    in_person_only = make_event(attendance=Event.Attendance.IN_PERSON, in_person_capacity=0)
    waiting = make_registration(in_person_only, status=S.WAITLISTED)
    confirmed = make_registration(make_event(), status=S.CONFIRMED)

    with pytest.raises(services.ModeNotOffered):
        services.switch_to_online(registration_id=waiting.pk, nonce=waiting.token_nonce)
    with pytest.raises(services.WrongStatus):
        services.switch_to_online(registration_id=confirmed.pk, nonce=confirmed.token_nonce)


def test_promote_by_staff_needs_a_free_place(make_event, make_registration):
    event = make_event(in_person_capacity=1)
    holder = make_registration(event, status=S.CONFIRMED)
    waiting = make_registration(event, status=S.WAITLISTED)

    with pytest.raises(services.NoFreePlace):
        services.promote_registration(registration_id=waiting.pk)
    services.cancel_registration(registration_id=holder.pk)  # promotes ``waiting`` itself
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED


def test_promote_by_staff_when_capacity_allows(make_event, make_registration):
    event = make_event(in_person_capacity=2)
    make_registration(event, status=S.CONFIRMED)
    waiting = make_registration(event, status=S.WAITLISTED)

    promoted = services.promote_registration(registration_id=waiting.pk)

    assert (promoted.status, promoted.promoted_at is not None) == (S.CONFIRMED, True)


def test_fill_waitlists_gives_new_seats_in_order(make_event, make_registration):
    event = make_event(in_person_capacity=1)
    make_registration(event, status=S.CONFIRMED)
    waiting = [make_registration(event, status=S.WAITLISTED) for _ in range(3)]
    Event.objects.filter(pk=event.pk).update(in_person_capacity=3)

    promoted = services.fill_waitlists(event=event)

    assert promoted == waiting[:2]
    assert services.places_taken(event, IN_PERSON) == 3


def test_check_in_only_for_confirmed_registrants(make_event, make_registration):
    event = make_event()
    confirmed = make_registration(event, status=S.CONFIRMED)
    waiting = make_registration(event, status=S.WAITLISTED)

    assert services.set_checked_in(registration_id=confirmed.pk, checked_in=True).checked_in_at is not None
    assert services.set_checked_in(registration_id=confirmed.pk, checked_in=False).checked_in_at is None
    with pytest.raises(services.WrongStatus):
        services.set_checked_in(registration_id=waiting.pk, checked_in=True)


def test_registration_counts_by_mode_and_state(make_event, make_registration, django_assert_num_queries):
    event = make_event(in_person_capacity=3)
    make_registration(event, status=S.CONFIRMED, checked_in_at=timezone.now())
    make_registration(event, status=S.CONFIRMED)
    make_registration(event, status=S.WAITLISTED)
    make_registration(event, status=S.PENDING, attendance=ONLINE)
    make_registration(event, status=S.CANCELLED, attendance=ONLINE)

    with django_assert_num_queries(1):
        counts = services.registration_counts(event)

    assert {k: v for k, v in counts["in_person"].items() if k != "label"} == {
        "capacity": 3, "offered": True, "free": 1, "pending": 0, "confirmed": 2, "waitlisted": 1, "cancelled": 0,
        "checked_in": 1}
    assert (counts["online"]["capacity"], counts["online"]["pending"], counts["online"]["cancelled"]) == (None, 1, 1)


# Event changes reach people

def test_a_recorded_change_emails_every_confirmed_and_waitlisted_registrant_once(
        make_event, make_registration, django_capture_on_commit_callbacks, mailoutbox):
    event = make_event()
    confirmed = make_registration(event, status=S.CONFIRMED)
    waiting = make_registration(event, status=S.WAITLISTED)
    make_registration(event, status=S.PENDING)
    make_registration(event, status=S.CANCELLED)

    with django_capture_on_commit_callbacks(execute=True):
        services.record_change(event=event, what="Status: Scheduled → Postponed")

    assert sorted(m.to[0] for m in mailoutbox) == sorted([confirmed.email, waiting.email])
    assert {m.subject for m in mailoutbox} == {f"Change to {event.title}"}
    assert all("Status: Scheduled → Postponed" in m.body for m in mailoutbox)


def test_changes_to_a_draft_event_email_nobody(make_event, make_registration, django_capture_on_commit_callbacks,
                                                mailoutbox):
    event = make_event(status=Event.Status.DRAFT, publish_at=None)
    make_registration(event, status=S.CONFIRMED)

    with django_capture_on_commit_callbacks(execute=True):
        services.record_change(event=event, what="Time changed")

    assert mailoutbox == []


def test_a_way_of_attending_dropped_strands_its_live_registrations_unless_moved_online(make_event,
                                                                                       make_registration):
    event = make_event(attendance="mixed", in_person_capacity=10)
    make_registration(event, status=S.CONFIRMED, attendance="in_person")
    make_registration(event, status=S.PENDING, attendance="in_person")
    make_registration(event, status=S.CANCELLED, attendance="in_person")  # gone: not counted
    make_registration(event, status=S.WAITLISTED, attendance="online")

    assert services.stranded_registrations(event, attendance="online", event_status="scheduled") == {"in_person": 2}
    assert services.stranded_registrations(event, attendance="in_person", event_status="scheduled") == {"online": 1}
    assert services.stranded_registrations(event, attendance="mixed", event_status="scheduled") == {}
    # Moved online: the seats are attended online, whatever the way of attending says.
    assert services.stranded_registrations(event, attendance="online", event_status="moved_online") == {}
