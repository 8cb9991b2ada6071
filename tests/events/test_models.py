import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from events.admin import EventAdmin
from events.models import DisplayZone, Event, Registration, Slot
from events.views import _attendance_choices
from tests.factories import JOIN_URL, days_from_today

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def test_slot_stores_wall_time_and_zone_and_derives_utc(make_event):
    event = make_event(slots=[(datetime.datetime(2023, 1, 20, 15, 30), datetime.datetime(2023, 1, 20, 16, 30))])

    slot = event.slots.get()

    assert (slot.start_date, slot.start_time, slot.timezone) == (
        datetime.date(2023, 1, 20), datetime.time(15, 30), "Asia/Almaty")
    assert slot.start_utc == datetime.datetime(2023, 1, 20, 9, 30, tzinfo=UTC)
    assert slot.end_utc == datetime.datetime(2023, 1, 20, 10, 30, tzinfo=UTC)
    assert [t.text for t in slot.zone_times()] == ["3:30pm ALMT – Almaty, Kazakhstan", "9:30am GMT – London, UK"]


def test_slot_without_zone_takes_the_events_zone_and_same_day_end(make_event):
    event = make_event(slots=[], zone="Europe/London")

    slot = Slot.objects.create(event=event, start_date=datetime.date(2025, 7, 1), start_time=datetime.time(10),
                               end_time=datetime.time(11))

    assert (slot.timezone, slot.end_date) == ("Europe/London", datetime.date(2025, 7, 1))
    assert slot.start_utc == datetime.datetime(2025, 7, 1, 9, 0, tzinfo=UTC)


def slot_for(event, **fields):
    defaults = {"start_date": datetime.date(2024, 10, 27), "start_time": datetime.time(1, 30),
                "end_time": datetime.time(3, 0), "timezone": "Europe/London"}
    return Slot(event=event, **{**defaults, **fields})


def errors_of(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return {field: [(e.code, e.messages[0]) for e in errors] for field, errors in caught.value.error_dict.items()}


def test_slot_end_before_start_is_refused(make_event):
    slot = slot_for(make_event(slots=[]), start_date=datetime.date(2025, 1, 10), start_time=datetime.time(15),
                    end_time=datetime.time(14))

    assert errors_of(slot) == {"end_time": [("end_before_start", "The end must be after the start.")]}


def test_slot_in_spring_gap_is_refused(make_event):
    slot = slot_for(make_event(slots=[]), start_date=datetime.date(2024, 3, 31), start_time=datetime.time(1, 30))

    assert errors_of(slot) == {"start_time": [(
        "nonexistent_time",
        "1:30am on Sunday 31 March 2024 does not exist in Europe/London: the clocks go forward that night "
        "(GMT to BST). Choose a time that exists.",
    )]}


def test_slot_in_autumn_fold_needs_an_occurrence_then_accepts_it(make_event):
    event = make_event(slots=[])
    slot = slot_for(event)

    assert list(errors_of(slot)) == ["start_occurrence"]
    assert errors_of(slot)["start_occurrence"][0][0] == "ambiguous_time"

    slot.start_occurrence = Slot.Occurrence.SECOND
    slot.full_clean()
    slot.save()
    assert slot.start_utc == datetime.datetime(2024, 10, 27, 1, 30, tzinfo=UTC)


def test_slot_in_almaty_repeated_hour_needs_an_occurrence(make_event):
    slot = slot_for(make_event(slots=[]), start_date=datetime.date(2024, 2, 29), start_time=datetime.time(23, 15),
                    end_date=datetime.date(2024, 3, 1), end_time=datetime.time(0, 15), timezone="Asia/Almaty")

    assert errors_of(slot) == {"start_occurrence": [(
        "ambiguous_time",
        "11:15pm on Thursday 29 February 2024 happens twice in Asia/Almaty: first at UTC+6, then again at UTC+5 "
        "after the clocks go back. Choose which occurrence is meant.",
    )]}
    slot.start_occurrence = Slot.Occurrence.FIRST
    slot.full_clean()
    assert (slot.start_utc, slot.end_utc) == (datetime.datetime(2024, 2, 29, 17, 15, tzinfo=UTC),
                                              datetime.datetime(2024, 2, 29, 19, 15, tzinfo=UTC))


def test_slot_save_refuses_an_ambiguous_time_rather_than_guessing(make_event):
    slot = slot_for(make_event(slots=[]))

    with pytest.raises(ValueError, match="happens twice"):
        slot.save()
    assert Slot.objects.count() == 0


def test_occurrence_is_cleared_when_the_time_happens_once(make_event):
    slot = slot_for(make_event(slots=[]), start_date=datetime.date(2025, 1, 10), start_time=datetime.time(10),
                    start_occurrence=Slot.Occurrence.SECOND, end_time=datetime.time(11))

    slot.full_clean()

    assert slot.start_occurrence is None


def test_unknown_zone_name_is_a_field_error(make_event):
    slot = slot_for(make_event(slots=[]), timezone="Europe/Londn", start_date=datetime.date(2025, 1, 10))

    assert errors_of(slot) == {"timezone": [(
        "unknown_zone",
        "“Europe/Londn” is not a time zone name this server knows. Use an IANA name such as Europe/London.",
    )]}


def test_display_zone_label_longer_than_six_characters_is_refused(make_event):
    zone = DisplayZone(event=make_event(), label="ALMATYT", place="Almaty", timezone="Asia/Almaty")

    assert set(errors_of(zone)) == {"label"}


def test_in_person_event_needs_city_and_country(commission):
    event = Event(commission=commission, title="T", slug="t", summary="S", attendance=Event.Attendance.IN_PERSON,
                  timezone="Asia/Almaty", in_person_capacity=40)

    assert errors_of(event) == {
        "venue_city": [("venue_required", "An event attended in person needs a city and a country.")],
        "venue_country": [("venue_required", "An event attended in person needs a city and a country.")],
    }


def test_publishing_without_a_time_means_now(commission):
    event = Event(commission=commission, title="T", slug="t", summary="S", attendance=Event.Attendance.ONLINE,
                  timezone="UTC", status=Event.Status.PUBLISHED)

    event.full_clean()

    assert event.publish_at is not None
    assert abs(event.publish_at - timezone.now()) < datetime.timedelta(seconds=5)


def test_published_excludes_drafts_future_and_slotless_events(make_event):
    visible = make_event()
    make_event(status=Event.Status.DRAFT, publish_at=None)
    make_event(publish_at=timezone.now() + datetime.timedelta(hours=1))
    make_event(slots=[])

    assert list(Event.objects.published()) == [visible]


def test_upcoming_soonest_first(make_event):
    later = make_event(slots=[(days_from_today(20, 10), days_from_today(20, 11))])
    sooner = make_event(slots=[(days_from_today(5, 10), days_from_today(5, 11))])
    make_event(slots=[(days_from_today(-3, 10), days_from_today(-3, 11))])

    assert list(Event.objects.published().upcoming()) == [sooner, later]


def test_moved_online_overrides_in_person_attendance(make_event):
    event = make_event(event_status=Event.EventStatus.MOVED_ONLINE)

    assert (event.offers_in_person, event.offers_online, event.attendance_modes) == (False, True, ["online"])


def test_attendance_modes(make_event):
    assert make_event(attendance=Event.Attendance.MIXED).attendance_modes == ["in_person", "online"]
    assert make_event(attendance=Event.Attendance.IN_PERSON).attendance_modes == ["in_person"]


def test_registration_window_defaults_to_publication_and_first_start(make_event):
    event = make_event(slots=[(days_from_today(10, 15), days_from_today(10, 16)),
                              (days_from_today(11, 15), days_from_today(11, 16))])

    assert event.registration_opens == event.publish_at
    assert event.registration_closes == event.slots.order_by("start_utc").first().start_utc


def test_registration_states(make_event):
    now = timezone.now()
    event = make_event(registration_opens_at=now + datetime.timedelta(days=1))
    assert event.registration_state(now=now) == Event.RegistrationState.NOT_YET_OPEN
    assert event.registration_state(now=now + datetime.timedelta(days=2)) == Event.RegistrationState.OPEN
    assert event.registration_state(now=event.first_start) == Event.RegistrationState.CLOSED
    assert event.registration_state(now=event.last_end) == Event.RegistrationState.ENDED

    event.event_status = Event.EventStatus.CANCELLED
    assert event.registration_state(now=now + datetime.timedelta(days=2)) == Event.RegistrationState.CLOSED


def test_a_draft_takes_no_registrations(make_event):
    now = timezone.now()
    event = make_event(status=Event.Status.DRAFT)

    assert event.registration_state(now=now) == Event.RegistrationState.CLOSED
    assert not event.is_registration_open
    assert event.registration_state(now=event.last_end) == Event.RegistrationState.ENDED


def test_registration_window_must_close_after_it_opens(make_event):
    now = timezone.now()
    event = make_event()
    event.registration_opens_at, event.registration_closes_at = now, now - datetime.timedelta(hours=1)

    assert errors_of(event)["registration_closes_at"] == [
        ("registration_window", "Registration must close after it opens.")
    ]


def test_in_person_event_needs_a_number_of_seats(commission):
    event = Event(commission=commission, title="T", slug="t", summary="S", attendance=Event.Attendance.MIXED,
                  timezone="Asia/Almaty", venue_city="Almaty", venue_country="Kazakhstan")

    assert errors_of(event) == {"in_person_capacity": [(
        "capacity_required",
        "How many seats does the room have? An event attended in person needs a number of seats.",
    )]}


def test_online_event_needs_no_capacity_and_online_places_default_to_no_limit(commission):
    event = Event(commission=commission, title="T", slug="t", summary="S", attendance=Event.Attendance.ONLINE,
                  timezone="Asia/Almaty")

    event.full_clean()
    assert event.capacity_for("online") is None
    assert event.capacity_for("in_person") == 0  # a missing figure can never overbook a room


def _registration(event, email, **fields):
    return Registration.objects.create(event=event, email=email, name="N", organisation="O", role="journalist",
                                       attendance="in_person", consented_at=timezone.now(), **fields)


def test_the_database_refuses_a_second_registration_for_the_same_address_in_any_case(make_event):
    event = make_event()
    first = _registration(event, "Ann@Example.org")

    assert first.email == "ann@example.org"
    with pytest.raises(IntegrityError), transaction.atomic():
        _registration(event, "ANN@example.ORG")
    assert _registration(make_event(), "ann@example.org").pk  # another event is fine


def test_anonymised_registrations_do_not_hold_the_address(make_event):
    event = make_event()
    _registration(event, "", anonymised_at=timezone.now())
    _registration(event, "", anonymised_at=timezone.now())

    assert _registration(event, "ann@example.org").pk


def test_load_with_schedule_loads_events_slots_and_zones_in_three_queries(make_event, django_assert_num_queries):
    later = make_event(slots=[(days_from_today(9, 10), days_from_today(9, 11)),
                              (days_from_today(3, 10), days_from_today(3, 11))],
                       display_zones=[("ALMT", "Almaty, Kazakhstan", "Asia/Almaty"),
                                      ("", "London, UK", "Europe/London"),
                                      ("", "New York, USA", "America/New_York")])
    sooner = make_event(slots=[(days_from_today(2, 10), days_from_today(2, 11))], display_zones=[])
    make_event(status=Event.Status.DRAFT)

    with django_assert_num_queries(3):  # events, slots, display zones
        events = Event.objects.published().load_with_schedule()
        # Everything the event card reads is loaded: no query while rendering times.
        times = [[zone.text for slot in event.slots.all() for zone in slot.zone_times()] for event in events]

    assert events == [sooner, later]  # soonest first, the draft left out
    assert [slot.start_date for slot in events[1].slots.all()] == [days_from_today(3, 10).date(),
                                                                     days_from_today(9, 10).date()]
    assert [zone.place for zone in events[1].display_zones.all()] == ["Almaty, Kazakhstan", "London, UK",
                                                                       "New York, USA"]
    assert len(times[1]) == 6  # two slots, each in three zones
    assert times[1][0].endswith("ALMT – Almaty, Kazakhstan")
    # No display zone: the event's own zone and place, as with prefetch_related.
    assert times[0] == [zone.text for zone in Event.objects.get(pk=sooner.pk).slots.first().zone_times()]


def test_load_with_schedule_keeps_a_sliced_queryset_to_its_slice(make_event):
    events = [make_event(slots=[(days_from_today(n + 2, 10), days_from_today(n + 2, 11))]) for n in range(4)]

    assert Event.objects.published().upcoming()[:3].load_with_schedule() == events[:3]


def test_a_slot_reads_the_same_wherever_its_wall_time_is_written(make_event):
    event = make_event(slots=[(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30)),
                              (datetime.datetime(2030, 1, 19, 23, 30), datetime.datetime(2030, 1, 20, 0, 30))])
    first, overnight = event.slots.all()

    assert first.wall_text() == "Friday 18 January 2030, 3:30pm–4:30pm Asia/Almaty"
    assert overnight.wall_text() == "Saturday 19 January 2030, 11:30pm–Sunday 20 January 2030, 12:30am Asia/Almaty"
    assert str(first) == "Friday 18 January 2030, 3:30pm Asia/Almaty"
    assert EventAdmin.when(None, event) == str(first)


def test_the_online_mode_is_named_the_same_on_the_page_the_form_and_the_calendar(make_event):
    event = make_event(attendance=Event.Attendance.ONLINE)
    assert event.online_label == "Online (Zoom)"
    assert _attendance_choices(event) == [("online", "Online (Zoom)")]
    assert event.location == "Online (Zoom)"
    modes = render_to_string("events/includes/event_modes.html", {"event": event})
    assert '<span class="event-modes__mode">Online (Zoom)</span>' in modes

    event.online_platform = ""
    assert event.online_label == "Online"


def test_the_join_link_is_due_only_to_confirmed_online_registrants(make_event, make_registration):
    S, ONLINE = Registration.Status, Registration.Attendance.ONLINE
    event = make_event()
    in_person_only = make_event(attendance=Event.Attendance.IN_PERSON)

    assert make_registration(event, status=S.CONFIRMED, attendance=ONLINE).due_join_url() == JOIN_URL
    for status in (S.PENDING, S.WAITLISTED, S.CANCELLED):
        assert make_registration(event, status=status, attendance=ONLINE).due_join_url() == ""
    assert make_registration(event, status=S.CONFIRMED,
                             attendance=Registration.Attendance.IN_PERSON).due_join_url() == ""
    assert make_registration(in_person_only, status=S.CONFIRMED, attendance=ONLINE).due_join_url() == ""


def test_is_published_agrees_with_the_published_queryset(make_event):
    now = timezone.now()
    make_event(title="Public")
    make_event(title="Draft", status=Event.Status.DRAFT)
    make_event(title="Draft with a past time", status=Event.Status.DRAFT, publish_at=now - datetime.timedelta(days=2))
    make_event(title="Not yet", publish_at=now + datetime.timedelta(hours=1))
    make_event(title="Just now", publish_at=now)
    make_event(title="No time slot", slots=[])

    one_by_one = {event.title for event in Event.objects.prefetch_related("slots") if event.is_published(now=now)}

    assert one_by_one == set(Event.objects.published(now=now).values_list("title", flat=True))
    assert one_by_one == {"Public", "Just now"}


def test_where_to_attend_names_the_street_and_the_online_mode(make_event):
    event = make_event(attendance=Event.Attendance.MIXED, venue_name="Hotel Kazakhstan",
                       venue_address="Dostyk Avenue 52\n(second floor)", venue_city="Almaty",
                       venue_country="Kazakhstan", in_person_capacity=10)

    assert event.venue == "Hotel Kazakhstan, Dostyk Avenue 52 (second floor), Almaty, Kazakhstan"
    assert event.location == "Hotel Kazakhstan, Dostyk Avenue 52 (second floor), Almaty, Kazakhstan / Online (Zoom)"
    event.event_status = Event.EventStatus.MOVED_ONLINE
    assert event.location == "Online (Zoom)"
