"""The press-conference and registrant lists in the admin, and the warning about dates in a title."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.admin import dates_named_in
from events.models import Event
from tests.events.adminforms import ADD_URL, CHANGELIST, change_data, event_data
from tests.factories import days_from_today

pytestmark = pytest.mark.django_db

EVENTS = "/admin/events/event/"


def rows(response) -> dict[str, list[str]]:
    """Each row of the list's table by its first linked cell: the texts of its cells."""
    html = response.content.decode()
    table = html[html.index('id="result_list"'):html.index("</table>", html.index('id="result_list"'))]
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S):
        cells = [re.sub(r"<[^>]+>", "", re.sub(r'<img [^>]*alt="([^"]*)"[^>]*>', r"\1", cell)).strip()
                 for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)[1:]]
        found[cells[0]] = cells[1:]
    return found


def test_an_event_that_has_ended_is_shown_as_ended(staff_client, make_event):
    make_event(title="Last year", slots=[(days_from_today(-300, 10), days_from_today(-300, 11))])
    make_event(title="Next week", slots=[(days_from_today(7, 10), days_from_today(7, 11))])

    listed = rows(staff_client.get(EVENTS))

    assert listed["Last year"][1] == "Ended"
    assert listed["Next week"][1] == "Scheduled"


@pytest.mark.parametrize(("when", "titles"), [("upcoming", ["Next week"]), ("past", ["Last year"]),
                                                ("unscheduled", ["No time yet"])])
def test_the_list_filters_upcoming_and_past_events(staff_client, make_event, when, titles):
    make_event(title="Last year", slots=[(days_from_today(-300, 10), days_from_today(-300, 11))])
    make_event(title="Next week", slots=[(days_from_today(7, 10), days_from_today(7, 11))])
    make_event(title="No time yet", slots=[])

    assert list(rows(staff_client.get(EVENTS, {"when": when}))) == titles


def test_the_list_counts_confirmed_places_against_capacity(staff_client, make_event, make_registration):
    event = make_event(title="Briefing", in_person_capacity=40, online_capacity=None)
    for status, attendance in [("confirmed", "in_person")] * 3 + [("waitlisted", "in_person"), ("pending", "online"),
                                                                   ("confirmed", "online")]:
        make_registration(event, status=status, attendance=attendance)

    assert rows(staff_client.get(EVENTS))["Briefing"][3] == "In person 3 / 40 · Online 1"


def test_the_event_list_runs_a_fixed_number_of_queries(staff_client, make_event, make_registration,
                                                       ):
    def count():
        staff_client.get(EVENTS)  # the press office's name, read once per content version
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(EVENTS).status_code == 200
        return len(queries)

    event = make_event()
    make_registration(event, status="confirmed")
    few = count()
    for _ in range(5):
        make_registration(make_event(), status="confirmed")

    assert count() == few


def test_registrant_list_shows_the_key_columns(staff_client, make_event, make_registration):
    event = make_event(title="A press conference with a long title about the inquiry")
    make_registration(event, name="Aigerim Bekova", organisation="Kazakh TV", status="confirmed")

    response = staff_client.get(CHANGELIST)
    one_event = staff_client.get(CHANGELIST, {"event__id__exact": event.pk})

    # Organisation, attendance, status, accredited (tests/press/test_accreditation.py), checked in.
    assert rows(response)["Aigerim Bekova"][:5] == ["Kazakh TV", "In person", "Confirmed", "False", "False"]
    assert rows(response)["Aigerim Bekova"][5] == "A press conference with…"
    assert len(rows(one_event)["Aigerim Bekova"]) == 5  # filtered to one event, its title is not repeated


@pytest.mark.parametrize(("text", "found"), [
    ("Press conference on 15 December 2026", [("15 December 2026", datetime.date(2026, 12, 15))]),
    ("Briefing, Tuesday December 15, 2026, Almaty", [("December 15, 2026", datetime.date(2026, 12, 15))]),
    ("On 1st March 2024 the clocks changed", [("1st March 2024", datetime.date(2024, 3, 1))]),
    ("31 February 2026 is no date", []),
    ("No date at all", []),
])
def test_dates_named_in_a_text(text, found):
    assert dates_named_in(text) == found


def test_saving_an_event_whose_title_names_another_date_warns(staff_client, make_event):
    event = make_event(title="Press conference, 15 December 2026", status=Event.Status.DRAFT,
                       slots=[(datetime.datetime(2026, 12, 15, 10), datetime.datetime(2026, 12, 15, 11))])

    response = staff_client.post(f"{EVENTS}{event.pk}/change/",
                                 change_data(event, slot_start_date="2026-12-16", slot_end_date="2026-12-16"),
                                 follow=True)

    messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert ("warning", "The title says “15 December 2026”, but the first slot is on Wednesday 16 December 2026. "
            "Check the title and change it if the date has moved.") in messages
    assert event.slots.get().start_date == datetime.date(2026, 12, 16)  # saved all the same


def test_saving_an_event_whose_dates_agree_gives_no_warning(staff_client, make_event):
    event = make_event(title="Press conference, 15 December 2026", status=Event.Status.DRAFT,
                       slots=[(datetime.datetime(2026, 12, 15, 10), datetime.datetime(2026, 12, 15, 11))])

    response = staff_client.post(f"{EVENTS}{event.pk}/change/", change_data(event), follow=True)

    assert [m.level_tag for m in response.context["messages"]] == ["success"]


# Times typed in the event's zone ---------------------------------------------------------------------------------


def test_publication_and_registration_times_are_shown_and_read_in_the_events_zone(staff_client, make_event):
    event = make_event(status=Event.Status.DRAFT, zone="Asia/Almaty",
                       publish_at=datetime.datetime(2030, 1, 10, 4, 0, tzinfo=datetime.UTC))

    html = staff_client.get(f"{EVENTS}{event.pk}/change/").content.decode()
    saved = staff_client.post(f"{EVENTS}{event.pk}/change/", change_data(
        event, registration_opens_at_0="2030-01-11", registration_opens_at_1="09:30"))

    assert re.search(r'name="publish_at_1" value="09:00:00"', html)  # 4:00 UTC is 9:00 in Almaty (UTC+5)
    assert html.count('time in <span class="datetime-zone__name">Asia/Almaty</span>') == 3
    assert 'aria-describedby="id_publish_at_timezone_warning_helptext id_publish_at_zone"' in html
    assert saved.status_code == 302
    event.refresh_from_db()
    assert event.publish_at == datetime.datetime(2030, 1, 10, 4, 0, tzinfo=datetime.UTC)
    assert event.registration_opens_at == datetime.datetime(2030, 1, 11, 4, 30, tzinfo=datetime.UTC)


def test_a_new_events_times_are_read_in_the_zone_typed_for_it(staff_client, commission):
    response = staff_client.post(ADD_URL, event_data(
        commission, timezone="Europe/London", publish_at_0="2030-07-01", publish_at_1="10:00"))

    assert response.status_code == 302
    assert Event.objects.get().publish_at == datetime.datetime(2030, 7, 1, 9, 0, tzinfo=datetime.UTC)  # BST
