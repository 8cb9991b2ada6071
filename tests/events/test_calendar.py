import datetime
import zoneinfo

import icalendar
import pytest
import time_machine
from django.urls import reverse

from events import calendar, services
from events.models import Event
from tests.events.calendars import read_calendar
from tests.factories import JOIN_URL, days_from_today

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
SEED_SLOT = [(datetime.datetime(2023, 1, 20, 15, 30), datetime.datetime(2023, 1, 20, 16, 30))]


def parse(response) -> icalendar.Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def event_ics(client, event) -> icalendar.Calendar:
    return parse(client.get(reverse("events:event_calendar", args=[event.slug])))


@time_machine.travel(datetime.datetime(2023, 1, 10, tzinfo=UTC), tick=False)  # ten days before it
def test_event_ics_times_zone_and_fields(client, make_event):
    event = make_event(slots=SEED_SLOT)

    response = client.get(reverse("events:event_calendar", args=[event.slug]))
    cal = parse(response)

    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    [vevent] = cal.events
    assert vevent.start == datetime.datetime(2023, 1, 20, 15, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Almaty"))
    assert vevent.start.astimezone(UTC) == datetime.datetime(2023, 1, 20, 9, 30, tzinfo=UTC)
    assert vevent.end.astimezone(UTC) == datetime.datetime(2023, 1, 20, 10, 30, tzinfo=UTC)
    assert vevent["DTSTART"].params["TZID"] == "Asia/Almaty"
    assert [tz["TZID"] for tz in cal.timezones] == ["Asia/Almaty"]
    assert str(vevent["SUMMARY"]) == event.title
    assert str(vevent["URL"]) == f"http://127.0.0.1:8000/events/{event.slug}/"
    assert str(vevent["LOCATION"]) == "Hotel Kazakhstan, Dostyk Avenue 52, Almaty, Kazakhstan / Online (Zoom)"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert vevent["SEQUENCE"] == 0
    assert str(vevent["DESCRIPTION"]) == (
        f"{event.summary}\n\n3:30pm ALMT – Almaty, Kazakhstan\n9:30am GMT – London, UK\n\n"
        "Online: the link to join is sent to confirmed registrants.\n"
        f"http://127.0.0.1:8000/events/{event.slug}/"
    )


def test_once_the_press_conference_is_over_its_file_promises_no_link_to_join(client, make_event):
    with time_machine.travel(datetime.datetime(2023, 1, 10, tzinfo=UTC)):
        event = make_event(slots=SEED_SLOT)

    with time_machine.travel(datetime.datetime(2023, 1, 20, 10, 29, tzinfo=UTC), tick=False):  # its last minute
        before = str(event_ics(client, event).events[0]["DESCRIPTION"])
    with time_machine.travel(datetime.datetime(2023, 1, 20, 10, 30, tzinfo=UTC), tick=False):  # over
        [after] = event_ics(client, event).events

    assert "Online: the link to join is sent to confirmed registrants." in before
    assert "link" not in str(after["DESCRIPTION"]) and "9:30am GMT – London, UK" in str(after["DESCRIPTION"])
    assert str(after["LOCATION"]).endswith("/ Online (Zoom)")  # still said where it took place


def test_event_ics_reads_the_event_its_slots_and_zones_only(client, make_event, make_release,
                                                            django_assert_num_queries):
    event = make_event(slots=SEED_SLOT)
    event.related_releases.add(make_release())

    with django_assert_num_queries(3):  # no related releases, no commission: the file shows neither
        response = client.get(reverse("events:event_calendar", args=[event.slug]))

    assert str(parse(response).events[0]["SUMMARY"]) == event.title


def test_event_ics_vtimezone_carries_almatys_2024_change_when_the_event_spans_it(client, make_event):
    event = make_event(slots=[(datetime.datetime(2024, 2, 29, 15, 30), datetime.datetime(2024, 2, 29, 16, 30)),
                              (datetime.datetime(2024, 3, 5, 15, 30), datetime.datetime(2024, 3, 5, 16, 30))])

    raw = client.get(reverse("events:event_calendar", args=[event.slug])).content

    assert b"DTSTART:20240301T000000\r\nTZNAME:+05\r\nTZOFFSETFROM:+0600\r\nTZOFFSETTO:+0500" in raw
    assert [(e.start, e.end) for e in read_calendar(raw).entries] == [
        (datetime.datetime(2024, 2, 29, 9, 30, tzinfo=UTC), datetime.datetime(2024, 2, 29, 10, 30, tzinfo=UTC)),
        (datetime.datetime(2024, 3, 5, 10, 30, tzinfo=UTC), datetime.datetime(2024, 3, 5, 11, 30, tzinfo=UTC)),
    ]


@pytest.mark.parametrize(
    ("zone", "day", "utc_start"),
    [
        ("Europe/London", datetime.date(2030, 1, 18), datetime.datetime(2030, 1, 18, 10, tzinfo=UTC)),  # GMT
        ("Europe/London", datetime.date(2030, 7, 18), datetime.datetime(2030, 7, 18, 9, tzinfo=UTC)),  # BST
        ("Europe/London", datetime.date(2023, 1, 20), datetime.datetime(2023, 1, 20, 10, tzinfo=UTC)),
        ("Asia/Almaty", datetime.date(2024, 2, 20), datetime.datetime(2024, 2, 20, 4, tzinfo=UTC)),  # UTC+6
        ("Asia/Almaty", datetime.date(2024, 3, 5), datetime.datetime(2024, 3, 5, 5, tzinfo=UTC)),  # UTC+5 since
        ("America/New_York", datetime.date(2030, 11, 5), datetime.datetime(2030, 11, 5, 15, tzinfo=UTC)),
        ("Australia/Sydney", datetime.date(2030, 1, 5), datetime.datetime(2030, 1, 4, 23, tzinfo=UTC)),
    ],
)
def test_event_ics_reads_the_same_instant_in_icalendar_and_vobject(client, make_event, zone, day, utc_start):
    start = datetime.datetime.combine(day, datetime.time(10, 0))
    event = make_event(zone=zone, slots=[(start, start + datetime.timedelta(hours=1), {"timezone": zone})])

    entry = read_calendar(client.get(reverse("events:event_calendar", args=[event.slug])).content).entry

    assert (entry.start, entry.end) == (utc_start, utc_start + datetime.timedelta(hours=1))


@pytest.mark.parametrize(("occurrence", "utc_start"), [
    (0, datetime.datetime(2030, 10, 27, 0, 30, tzinfo=UTC)),  # 1:30am BST, before the clocks go back
    (1, datetime.datetime(2030, 10, 27, 1, 30, tzinfo=UTC)),  # 1:30am GMT, the hour again
])
def test_a_time_the_clocks_going_back_repeat_is_read_as_the_occurrence_chosen(client, make_event, occurrence,
                                                                            utc_start):
    start = datetime.datetime(2030, 10, 27, 1, 30)
    event = make_event(zone="Europe/London", slots=[(start, start + datetime.timedelta(hours=2), {
        "timezone": "Europe/London", "start_occurrence": occurrence})])

    entry = read_calendar(client.get(reverse("events:event_calendar", args=[event.slug])).content).entry

    assert (entry.start, entry.end) == (utc_start, datetime.datetime(2030, 10, 27, 3, 30, tzinfo=UTC))


def test_vtimezone_holds_only_the_rules_around_the_event(client, make_event):
    london = [(datetime.datetime(2030, 1, 18, 10, 0), datetime.datetime(2030, 1, 18, 11, 0),
               {"timezone": "Europe/London"})]
    event = make_event(zone="Europe/London", slots=london)

    [vtimezone] = event_ics(client, event).timezones

    assert [(c.name, str(c["TZNAME"]), c["DTSTART"].dt) for c in vtimezone.subcomponents] == [
        ("STANDARD", "GMT", datetime.datetime(2030, 1, 17, 0, 0))]
    assert b"1970" not in vtimezone.to_ical() and b"BST" not in vtimezone.to_ical()


def test_the_public_file_is_the_same_bytes_until_the_press_conference_changes(client, make_event):
    event = make_event(slots=SEED_SLOT)
    url = reverse("events:event_calendar", args=[event.slug])

    with time_machine.travel(datetime.datetime(2030, 1, 1, 10, 0, tzinfo=UTC), tick=False):
        first = client.get(url).content
    with time_machine.travel(datetime.datetime(2030, 1, 1, 10, 5, tzinfo=UTC), tick=False):
        again = client.get(url).content
        event.title = "Press conference, new title"
        event.save()
        changed = client.get(url).content

    assert again == first
    assert changed != first and b"DTSTAMP:20300101T100500Z" in changed


def test_uid_is_stable_across_edits_and_sequence_follows_the_revision(client, make_event):
    event = make_event(slots=SEED_SLOT)
    before = event_ics(client, event).events[0]

    state = services.capture_state(event)
    slot = event.slots.get()
    slot.start_time, slot.end_time = datetime.time(16, 0), datetime.time(17, 0)
    slot.save()
    services.record_changes_since(before=state, event=event)
    after = event_ics(client, event).events[0]

    assert str(after["UID"]) == str(before["UID"]) == f"{slot.uid}@pressroom"
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after.start.astimezone(UTC) == datetime.datetime(2023, 1, 20, 10, 0, tzinfo=UTC)


def test_cancelled_event_is_status_cancelled(client, make_event):
    event = make_event(event_status=Event.EventStatus.CANCELLED)

    [vevent] = event_ics(client, event).events

    assert str(vevent["STATUS"]) == "CANCELLED"
    assert str(vevent["DESCRIPTION"]).startswith(f"{event.summary}\n\nStatus: Cancelled\n")


def test_several_slots_in_several_zones_give_one_vevent_each_and_their_vtimezones(client, make_event):
    event = make_event(slots=[
        (datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30)),
        (datetime.datetime(2030, 1, 19, 10, 0), datetime.datetime(2030, 1, 19, 11, 0), {"timezone": "Europe/London"}),
    ])

    cal = event_ics(client, event)

    assert [(str(e["DTSTART"].params["TZID"]), e.start.astimezone(UTC)) for e in cal.events] == [
        ("Asia/Almaty", datetime.datetime(2030, 1, 18, 10, 30, tzinfo=UTC)),
        ("Europe/London", datetime.datetime(2030, 1, 19, 10, 0, tzinfo=UTC)),
    ]
    assert len({str(e["UID"]) for e in cal.events}) == 2
    assert sorted(str(tz["TZID"]) for tz in cal.timezones) == ["Asia/Almaty", "Europe/London"]


def test_calendar_feed_has_upcoming_published_events_only(client, make_event):
    upcoming = make_event(title="Coming up", slots=[(days_from_today(4, 10), days_from_today(4, 11))])
    cancelled = make_event(title="Called off", event_status=Event.EventStatus.CANCELLED)
    make_event(title="Already over", slots=SEED_SLOT)
    make_event(title="Draft", status=Event.Status.DRAFT, publish_at=None)

    response = client.get(reverse("events:calendar"))
    cal = parse(response)

    assert response["Content-Disposition"] == 'inline; filename="press-conferences.ics"'
    assert sorted(str(e["SUMMARY"]) for e in cal.events) == sorted([upcoming.title, cancelled.title])
    assert str(cal["X-WR-CALNAME"]) == "Press conferences · Inquiry Commission"
    feed = read_calendar(response.content)
    assert feed.method == "PUBLISH"
    assert sorted((e.summary, e.status) for e in feed.entries) == [("Called off", "CANCELLED"),
                                                                   ("Coming up", "CONFIRMED")]


def test_calendar_feed_reads_the_same_in_both_parsers_across_clock_changes(client, make_event):
    london = {"timezone": "Europe/London"}
    make_event(title="Winter", zone="Europe/London",
               slots=[(datetime.datetime(2030, 1, 18, 10, 0), datetime.datetime(2030, 1, 18, 11, 0), london)])
    make_event(title="Summer", zone="Europe/London",
               slots=[(datetime.datetime(2030, 7, 18, 10, 0), datetime.datetime(2030, 7, 18, 11, 0), london)])
    make_event(title="Almaty", slots=[(datetime.datetime(2030, 3, 5, 15, 30), datetime.datetime(2030, 3, 5, 16, 30))])

    feed = read_calendar(client.get(reverse("events:calendar")).content)

    assert {e.summary: e.start for e in feed.entries} == {
        "Winter": datetime.datetime(2030, 1, 18, 10, 0, tzinfo=UTC),
        "Summer": datetime.datetime(2030, 7, 18, 9, 0, tzinfo=UTC),
        "Almaty": datetime.datetime(2030, 3, 5, 10, 30, tzinfo=UTC),
    }


def test_build_calendar_writes_the_join_link_only_when_passed(make_event):
    event = make_event()
    events = Event.objects.filter(pk=event.pk).for_listing()

    public = calendar.build_calendar(events).decode()
    private = calendar.build_calendar(events, join_urls={event.pk: JOIN_URL}).decode()

    assert "PRIVATE-JOIN" not in public
    assert "Join online: https://meet.example.org/j/PRIVATE-JOIN-7f3a9c" in icalendar.Calendar.from_ical(
        private).events[0]["DESCRIPTION"]


def test_vtimezone_blocks_are_the_ones_icalendar_builds_and_come_before_the_events(make_event):
    event = Event.objects.prefetch_related("slots").get(pk=make_event(slots=SEED_SLOT).pk)

    cal = icalendar.Calendar.from_ical(calendar.build_calendar([event]))

    expected = icalendar.Timezone.from_tzid("Asia/Almaty", first_date=datetime.date(2023, 1, 19),
                                            last_date=datetime.date(2023, 1, 22))
    assert cal.timezones[0].to_ical() == expected.to_ical()
    assert [component.name for component in cal.subcomponents] == ["VTIMEZONE", "VEVENT"]
