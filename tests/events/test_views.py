import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from commission.web.cache import content_version
from events import services
from events.models import Event
from press.models import PressRelease
from tests.factories import days_from_today

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return response.content.decode()


def json_ld(response) -> dict:
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page_text(response), re.S)
    return json.loads(match.group(1))


def make_release(slug, **fields):
    defaults = {"title": slug.replace("-", " ").title(), "status": PressRelease.Status.PUBLISHED,
                "publish_at": timezone.now() - datetime.timedelta(days=2)}
    return PressRelease.objects.create(slug=slug, **{**defaults, **fields})


# The list

def test_list_shows_upcoming_soonest_first_then_past_most_recent_first(client, make_event):
    make_event(title="Later", slots=[(days_from_today(20, 10), days_from_today(20, 11))])
    make_event(title="Sooner", slots=[(days_from_today(5, 10), days_from_today(5, 11))])
    make_event(title="Long ago", slots=[(days_from_today(-300, 10), days_from_today(-300, 11))])
    make_event(title="Recent", slots=[(days_from_today(-3, 10), days_from_today(-3, 11))])

    response = client.get(reverse("events:list"))

    titles = re.findall(r'class="event-card__title"><a href="[^"]+">([^<]+)</a>', page_text(response))
    assert titles == ["Sooner", "Later", "Recent", "Long ago"]
    assert page_text(response).index('id="upcoming"') < page_text(response).index("Sooner")
    assert page_text(response).index('id="past"') < page_text(response).index("Recent")


def test_list_shows_times_in_every_display_zone_and_attendance_modes(client, make_event):
    make_event(slots=[(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30))],
               online_platform="Zoom")

    response = client.get(reverse("events:list"))

    # Almaty is UTC+5 since 1 March 2024.
    assert "<li>3:30pm ALMT – Almaty, Kazakhstan</li>" in page_text(response)
    assert "<li>10:30am GMT – London, UK</li>" in page_text(response)
    assert "In person in Almaty, Kazakhstan" in page_text(response)
    assert "Online (Zoom)" in page_text(response)


def test_list_marks_cancelled_events(client, make_event):
    make_event(title="Called off", event_status=Event.EventStatus.CANCELLED)

    response = client.get(reverse("events:list"))

    assert '<p class="event-status event-status--cancelled"><strong>Cancelled</strong></p>' in page_text(response)


def test_list_without_events_says_so(client, commission):
    response = client.get(reverse("events:list"))

    assert response.status_code == 200
    assert "No press conference is scheduled at the moment." in page_text(response)
    assert 'id="past"' not in page_text(response)


def test_list_hides_drafts_future_and_slotless_events(client, make_event):
    make_event(title="Visible one")
    make_event(title="Draft one", status=Event.Status.DRAFT, publish_at=None)
    make_event(title="Scheduled one", publish_at=timezone.now() + datetime.timedelta(hours=2))
    make_event(title="Slotless one", slots=[])

    text = page_text(client.get(reverse("events:list")))

    assert "Visible one" in text
    assert "Draft one" not in text
    assert "Scheduled one" not in text
    assert "Slotless one" not in text


@pytest.mark.parametrize("count", [1, 6])
def test_list_query_count_does_not_grow(client, make_event, django_assert_num_queries, count):
    for n in range(count):
        make_event(slots=[(days_from_today(n - 3, 10), days_from_today(n - 3, 11)),
                          (days_from_today(n - 2, 10), days_from_today(n - 2, 11))])

    client.get(reverse("events:list"))  # the first render also reads the commission and its contacts: kept per content version
    # events, slots, display zones
    with django_assert_num_queries(3):
        response = client.get(reverse("events:list"))
    assert response.status_code == 200


# The detail page

def test_detail_shows_the_seed_time_lines_exactly(client, make_event):
    event = make_event(slots=[(datetime.datetime(2023, 1, 20, 15, 30), datetime.datetime(2023, 1, 20, 16, 30))])

    response = client.get(event.get_absolute_url())

    lines = re.findall(r'<ul class="event-times__zones">(.*?)</ul>', page_text(response), re.S)[0]
    assert re.findall(r"<li>(.*?)</li>", lines) == ["3:30pm ALMT – Almaty, Kazakhstan", "9:30am GMT – London, UK"]
    assert '<time datetime="2023-01-20T15:30:00+06:00">Friday 20 January 2023</time>' in page_text(response)


def test_detail_has_one_h1_and_the_local_time_placeholder(client, make_event):
    event = make_event(slots=[(datetime.datetime(2023, 1, 20, 15, 30), datetime.datetime(2023, 1, 20, 16, 30))])

    text = page_text(client.get(event.get_absolute_url()))

    assert text.count("<h1") == 1
    assert ('<p class="event-times__local" data-local-time="2023-01-20T09:30:00+00:00" data-time-style="12h" '
            'data-template="Your time ({place}): {time} {zone}, {date}" hidden></p>') in text
    assert '<script src="/static/js/local-time.js" defer></script>' in text


def test_detail_shows_status_prominently_with_its_note(client, make_event):
    event = make_event(event_status=Event.EventStatus.POSTPONED, status_note="New date to follow.")

    text = page_text(client.get(event.get_absolute_url()))

    assert ('<p class="event-status event-status--postponed"><strong>Postponed</strong> – New date to follow.</p>'
            in text)
    assert text.index("event-status--postponed") < text.index('id="when"')


def test_detail_shows_venue_and_online_without_the_join_link(client, make_event):
    event = make_event()

    text = page_text(client.get(event.get_absolute_url()))

    assert "Hotel Kazakhstan<br>" in text
    assert "Dostyk Avenue 52<br>" in text
    assert "On Zoom. The link to join is emailed to confirmed registrants." in text
    assert event.join_url not in text


def test_detail_lists_only_published_related_releases(client, make_event):
    event = make_event()
    event.related_releases.add(
        make_release("public-release", title="Public release"),
        make_release("draft-release", title="Draft release", status=PressRelease.Status.DRAFT, publish_at=None),
        make_release("future-release", title="Future release",
                     publish_at=timezone.now() + datetime.timedelta(days=1)),
    )

    text = page_text(client.get(event.get_absolute_url()))

    assert '<a href="/press/public-release/">Public release</a>' in text
    assert "Draft release" not in text
    assert "Future release" not in text


def test_detail_registration_open(client, make_event):
    event = make_event(slots=[(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30))])

    text = page_text(client.get(event.get_absolute_url()))

    assert ('<p class="registration registration--open"><strong>Registration is open</strong> until '
            "Friday 18 January 2030, 3:30pm ALMT.</p>") in text
    assert "REGISTRATION BUTTON (issue 5)" not in text  # a template comment, not output


def visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_detail_shows_availability_per_mode_before_the_register_button(client, make_event, make_registration):
    event = make_event(in_person_capacity=1)
    make_registration(event, status="confirmed")

    page = page_text(client.get(event.get_absolute_url()))

    availability = re.search(r'<p class="registration-availability">.*?</p>', page, re.S).group(0)
    assert visible_text(availability) == "In person: full, waiting list open · Online: places available"
    assert page.index("registration-availability") < page.index(">Register to attend</a>")
    assert "<strong>Registration is open</strong>" in page


def test_detail_says_when_only_the_waiting_list_is_open(client, make_event, make_registration):
    event = make_event(attendance=Event.Attendance.IN_PERSON, in_person_capacity=1)
    make_registration(event, status="confirmed")

    page = page_text(client.get(event.get_absolute_url()))

    assert "<strong>Only the waiting list is open</strong>" in page
    assert visible_text(re.search(r'<p class="registration-availability">.*?</p>', page, re.S).group(0)) == (
        "In person: full, waiting list open")
    assert ">Join the waiting list</a>" in page


def test_detail_of_an_ended_press_conference_says_so_at_the_top(client, make_event):
    event = make_event(summary="We will be holding a press conference on Friday 20 January 2023.",
                       slots=[(datetime.datetime(2023, 1, 20, 15, 30), datetime.datetime(2023, 1, 20, 16, 30))])

    page = page_text(client.get(event.get_absolute_url()))

    header = re.search(r'<header class="event__header">.*?</header>', page, re.S).group(0)
    assert visible_text(header).startswith(
        f"{event.title} This press conference has ended. It took place on Friday 20 January 2023. We will be")
    assert "registration-availability" not in page


def test_detail_registration_not_yet_open(client, make_event):
    event = make_event(registration_opens_at=datetime.datetime(2029, 12, 1, 4, 0, tzinfo=datetime.UTC),
                       slots=[(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30))])

    text = page_text(client.get(event.get_absolute_url()))

    assert "Registration opens on Saturday 1 December 2029, 9:00am ALMT." in text


def test_detail_registration_closed_and_ended(client, make_event):
    closed = make_event(registration_closes_at=timezone.now() - datetime.timedelta(minutes=1))
    ended = make_event(slots=[(datetime.datetime(2023, 1, 20, 15, 30), datetime.datetime(2023, 1, 20, 16, 30))])

    assert '<p class="registration">Registration closed.</p>' in page_text(client.get(closed.get_absolute_url()))
    assert '<p class="registration">This event has ended.</p>' in page_text(client.get(ended.get_absolute_url()))


def test_detail_has_add_to_calendar_links_while_upcoming(client, make_event):
    event = make_event(slots=[(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30))])

    text = page_text(client.get(event.get_absolute_url()))

    assert f'<a href="/events/{event.slug}/calendar.ics" download>' in text
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE&amp;text=Press+conference" in text
    assert "dates=20300118T103000Z%2F20300118T113000Z" in text
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in text
    assert "startdt=2030-01-18T10%3A30%3A00Z" in text
    assert "https://outlook.office.com/calendar/0/deeplink/compose?" in text


def test_detail_of_past_event_has_no_add_to_calendar_links(client, make_event):
    event = make_event(slots=[(datetime.datetime(2023, 1, 20, 15, 30), datetime.datetime(2023, 1, 20, 16, 30))])

    text = page_text(client.get(event.get_absolute_url()))

    assert 'id="add-to-calendar"' not in text
    assert "calendar.google.com" not in text


def test_detail_json_ld(client, make_event, commission):
    commission.website = "https://commission.example.org"
    commission.save()
    event = make_event(slots=[(datetime.datetime(2023, 1, 20, 15, 30), datetime.datetime(2023, 1, 20, 16, 30))])

    data = json_ld(client.get(event.get_absolute_url()))

    page = f"http://127.0.0.1:8000/events/{event.slug}/"
    assert data == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": page,
        "startDate": "2023-01-20T15:30:00+06:00",
        "endDate": "2023-01-20T16:30:00+06:00",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode",
        "organizer": {"@type": "Organization", "name": "Inquiry Commission", "url": "https://commission.example.org"},
        "location": [
            {"@type": "Place", "name": "Hotel Kazakhstan",
             "address": {"@type": "PostalAddress", "streetAddress": "Dostyk Avenue 52", "addressLocality": "Almaty",
                         "addressCountry": "KZ"}},
            {"@type": "VirtualLocation", "url": page},
        ],
    }


@pytest.mark.parametrize(
    ("fields", "mode", "status", "location_types"),
    [
        ({"attendance": Event.Attendance.IN_PERSON}, "Offline", "EventScheduled", "Place"),
        ({"attendance": Event.Attendance.ONLINE}, "Online", "EventScheduled", "VirtualLocation"),
        ({"event_status": Event.EventStatus.MOVED_ONLINE}, "Online", "EventMovedOnline", "VirtualLocation"),
        ({"event_status": Event.EventStatus.CANCELLED}, "Mixed", "EventCancelled", ["Place", "VirtualLocation"]),
        ({"event_status": Event.EventStatus.RESCHEDULED}, "Mixed", "EventRescheduled", ["Place", "VirtualLocation"]),
    ],
)
def test_detail_json_ld_modes_and_statuses(client, make_event, fields, mode, status, location_types):
    event = make_event(**fields)

    data = json_ld(client.get(event.get_absolute_url()))

    assert data["eventAttendanceMode"] == f"https://schema.org/{mode}EventAttendanceMode"
    assert data["eventStatus"] == f"https://schema.org/{status}"
    location = data["location"]
    assert (location["@type"] if isinstance(location, dict) else [item["@type"] for item in location]) == \
        location_types


def test_detail_json_ld_is_escaped_inside_the_script(client, make_event):
    event = make_event(summary="</script><script>alert(1)</script> & more")

    text = page_text(client.get(event.get_absolute_url()))

    assert "</script><script>alert(1)" not in text
    assert json_ld(client.get(event.get_absolute_url()))["description"] == \
        "</script><script>alert(1)</script> & more"


def test_detail_json_ld_with_several_slots_is_a_graph(client, make_event):
    event = make_event(slots=[(days_from_today(5, 10), days_from_today(5, 11)),
                              (days_from_today(6, 10), days_from_today(6, 11))])

    data = json_ld(client.get(event.get_absolute_url()))

    assert [item["@type"] for item in data["@graph"]] == ["Event", "Event"]


def test_detail_description_goes_through_the_markup_module(client, make_event):
    event = make_event(description="**Bring ID.** <script>alert(1)</script>")

    text = page_text(client.get(event.get_absolute_url()))

    assert "<strong>Bring ID.</strong> &lt;script&gt;alert(1)&lt;/script&gt;" in text


@pytest.mark.parametrize(
    "fields",
    [{"status": Event.Status.DRAFT, "publish_at": None},
     {"publish_at": timezone.now() + datetime.timedelta(days=1)},
     {"slots": []}],
    ids=["draft", "future", "no-slot"],
)
def test_detail_and_calendar_of_hidden_events_are_404(client, make_event, fields):
    event = make_event(**fields)

    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(reverse("events:event_calendar", args=[event.slug])).status_code == 404


@pytest.mark.parametrize("size", ["small", "large"])
def test_detail_query_count_does_not_grow(client, make_event, django_assert_num_queries, size):
    if size == "small":
        event = make_event(display_zones=[("", "London, UK", "Europe/London")])
        event.related_releases.add(make_release("one"))
    else:
        event = make_event(
            slots=[(days_from_today(n + 5, 10), days_from_today(n + 5, 11)) for n in range(4)],
            display_zones=[("", f"Place {n}", zone) for n, zone in
                           enumerate(["Europe/London", "Asia/Almaty", "America/New_York", "Australia/Sydney"])],
        )
        event.related_releases.add(*(make_release(f"release-{n}") for n in range(4)))

    client.get(event.get_absolute_url())  # the first render also reads the commission and its contacts: kept per content version
    # event + commission, slots, display zones, releases, library images, documents, the places taken (is a mode full?)
    with django_assert_num_queries(7):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200


# The home page

def test_home_lists_the_next_three_upcoming_events(client, make_event):
    for n, title in enumerate(["First", "Second", "Third", "Fourth"]):
        make_event(title=title, slots=[(days_from_today(n + 2, 10), days_from_today(n + 2, 11))])
    make_event(title="Gone", slots=[(days_from_today(-2, 10), days_from_today(-2, 11))])
    make_event(title="Hidden", status=Event.Status.DRAFT, publish_at=None)

    text = page_text(client.get(reverse("commission:home")))

    titles = re.findall(r'class="event-card__title"><a href="[^"]+">([^<]+)</a>', text)
    assert titles == ["First", "Second", "Third"]
    assert '<a href="/events/">All press conferences</a>' in text


def test_nav_link_points_at_the_events_list_and_is_current_there(client, commission):
    text = page_text(client.get(reverse("events:list")))

    assert '<a href="/events/" aria-current="page">Press conferences</a>' in text


def test_detail_with_several_slots_labels_each_slots_calendar_links_with_its_date(client, make_event):
    event = make_event(slots=[(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30)),
                              (datetime.datetime(2030, 1, 19, 10, 0), datetime.datetime(2030, 1, 19, 11, 0))])

    text = page_text(client.get(event.get_absolute_url()))

    assert re.findall(r"<li>([^<]+): <a href=\"https://calendar.google.com", text) == [
        "Friday 18 January 2030", "Saturday 19 January 2030"]


def test_the_cached_event_page_shows_a_mode_filling_up_at_once(client, settings, make_event, make_registration,
                                                               django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_SECONDS = 600
    event = make_event(attendance=Event.Attendance.IN_PERSON, in_person_capacity=2)
    first, second = make_registration(event), make_registration(event)
    availability = re.compile(r'<p class="registration-availability">.*?</p>', re.S)

    def shown():
        return visible_text(availability.search(page_text(client.get(event.get_absolute_url()))).group(0))

    assert shown() == "In person: places available"
    version = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_registration(registration_id=first.pk, nonce=first.token_nonce)
    assert content_version() == version  # one seat left: every cached page stands
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_registration(registration_id=second.pk, nonce=second.token_nonce)
    assert shown() == "In person: full, waiting list open"
