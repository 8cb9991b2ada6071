import datetime
import json
import re
from html import unescape

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commission.web.cache import content_version
from events import services, tokens
from events.models import Event, Registration
from press.models import PressRelease
from tests.emails import link_in
from tests.factories import JOIN_URL, SIGN_UP_FORM, days_from_today, make_event_version
from tests.htmltools import switcher

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return response.content.decode()


def json_ld(response) -> dict:
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page_text(response), re.S)
    return json.loads(match.group(1))


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
    assert re.findall(r'<li data-utc-offset="(-?\d+)">(.*?)</li>', lines) == [
        ("360", "3:30pm ALMT – Almaty, Kazakhstan"), ("0", "9:30am GMT – London, UK")]
    assert '<time datetime="2023-01-20T15:30:00+06:00">Friday 20 January 2023</time>' in page_text(response)


def test_detail_has_one_h1_and_the_local_time_placeholder(client, make_event):
    event = make_event(slots=[(datetime.datetime(2023, 1, 20, 15, 30), datetime.datetime(2023, 1, 20, 16, 30))])

    text = page_text(client.get(event.get_absolute_url()))

    assert text.count("<h1") == 1
    assert ('<p class="event-times__local" data-local-time="2023-01-20T09:30:00+00:00" data-time-style="12h" '
            'data-template="Your time ({place}): {time} {zone}, {date}" data-your-time="(your time)" '
            'data-city-url="/events/zone-city.json" hidden></p>') in text
    assert '<script src="/static/js/local-time.js" defer></script>' in text


@pytest.mark.parametrize(
    ("path", "zone", "city"),
    [
        ("/events/zone-city.json", "America/New_York", "New York"),
        ("/ru/events/zone-city.json", "America/New_York", "Нью-Йорк"),
        ("/kk/events/zone-city.json", "Europe/Moscow", "Мәскеу"),
        # A browser may still report a city's former name: the city as it is called now.
        ("/events/zone-city.json", "Europe/Kiev", "Kyiv"),
    ],
)
def test_the_readers_city_is_named_in_the_pages_language(client, path, zone, city):
    response = client.get(path, {"zone": zone})

    assert response.json() == {"city": city}
    assert response["Cache-Control"] == "public, max-age=86400"


@pytest.mark.parametrize("zone", ["", "UTC", "Etc/GMT-5", "Mars/Olympus_Mons", "<script>", "america/new_york"])
def test_a_zone_named_after_no_city_or_unknown_gets_no_city(client, zone):
    assert client.get("/ru/events/zone-city.json", {"zone": zone}).status_code == 404


def test_the_readers_city_is_only_read(client):
    assert client.post("/events/zone-city.json", {"zone": "America/New_York"}).status_code == 405


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


def test_detail_lists_only_published_related_releases(client, make_event, make_release):
    event = make_event()
    event.related_releases.add(
        make_release(slug="public-release", title="Public release"),
        make_release(slug="draft-release", title="Draft release", status=PressRelease.Status.DRAFT, publish_at=None),
        make_release(slug="future-release", title="Future release",
                     publish_at=timezone.now() + datetime.timedelta(days=1)),
    )

    text = page_text(client.get(event.get_absolute_url()))

    assert '<a href="/press/public-release/">Public release</a>' in text
    assert "Draft release" not in text
    assert "Future release" not in text


def test_detail_lists_its_speakers_with_their_roles_and_pages(client, make_event, make_person):
    event = make_event()
    lawyer = make_person(full_name="Ann Lawyer KC", role="Counsel to the commission", slug="ann-lawyer")
    event.speakers.add(lawyer)

    text = page_text(client.get(event.get_absolute_url()))

    assert '<h2 id="speakers">Speakers</h2>' in text
    assert '<a href="/commission/people/ann-lawyer/">Ann Lawyer KC</a>, <span>Counsel to the commission</span>' in text
    # Speaking at a public press conference makes a person's page public; speaking at a draft one does not.
    assert client.get("/commission/people/ann-lawyer/").status_code == 200
    event.status = Event.Status.DRAFT
    event.save()
    assert client.get("/commission/people/ann-lawyer/").status_code == 404


def test_detail_without_speakers_has_no_speakers_section(client, make_event):
    assert 'id="speakers"' not in page_text(client.get(make_event().get_absolute_url()))


def test_detail_registration_open(client, make_event):
    event = make_event(slots=[(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30))])

    text = page_text(client.get(event.get_absolute_url()))

    # In every display zone, as the times above it are written.
    assert ('<p class="registration registration--open"><strong>Registration is open</strong> until '
            "Friday 18 January 2030, 3:30pm ALMT – Almaty, Kazakhstan; 10:30am GMT – London, UK.</p>") in text
    assert "REGISTRATION BUTTON (issue 5)" not in text  # a template comment, not output


def test_a_registration_closing_time_on_another_day_elsewhere_names_that_day(client, make_event):
    event = make_event(registration_closes_at=datetime.datetime(2030, 1, 17, 19, 30, tzinfo=datetime.UTC),
                       slots=[(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30))])

    text = visible_text(page_text(client.get(event.get_absolute_url())))

    assert ("Registration is open until Friday 18 January 2030, 12:30am ALMT – Almaty, Kazakhstan; "
            "7:30pm GMT, Thursday 17 January – London, UK.") in text


@pytest.mark.parametrize(("prefix", "sentence"), [
    # The weekday is named as it stands, not after "до" / before "дейін", which would each need another case.
    ("/ru", "Регистрация открыта (закрывается: пятница, 18 января 2030, 15:30 ALMT – Алматы, Казахстан; "
            "10:30 GMT – Лондон, Великобритания)."),
    ("/kk", "Тіркеу ашық (жабылады: 2030 жылғы 18 қаңтар, жұма, 15:30 ALMT – Алматы, Қазақстан; "
            "10:30 GMT – Лондон, Ұлыбритания)."),
])
def test_in_russian_and_kazakh_the_registration_closing_time_reads_grammatically(client, make_event, prefix,
                                                                                 sentence):
    event = make_event(slots=[(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30))])
    places = {"/ru": ["Алматы, Казахстан", "Лондон, Великобритания"],
              "/kk": ["Алматы, Қазақстан", "Лондон, Ұлыбритания"]}
    make_event_version(event, prefix.strip("/"), places=places[prefix])  # its places in the page's language

    text = visible_text(page_text(client.get(prefix + event.get_absolute_url(), follow=True)))

    assert sentence in text


def visible_text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


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
        f"{event.title} This press conference took place on Friday 20 January 2023, 3:30pm ALMT – Almaty, Kazakhstan; "
        "9:30am GMT – London, UK. We will be")
    assert "registration-availability" not in page


def test_detail_registration_not_yet_open(client, make_event):
    event = make_event(registration_opens_at=datetime.datetime(2029, 12, 1, 4, 0, tzinfo=datetime.UTC),
                       slots=[(datetime.datetime(2030, 1, 18, 15, 30), datetime.datetime(2030, 1, 18, 16, 30))])

    text = page_text(client.get(event.get_absolute_url()))

    assert "Registration opens on Saturday 1 December 2029, 9:00am ALMT – Almaty, Kazakhstan; 4:00am GMT – London, UK." \
        in text


def test_detail_registration_closed_and_ended(client, make_event):
    closed = make_event(registration_closes_at=timezone.now() - datetime.timedelta(minutes=1))
    ended = make_event(slots=[(datetime.datetime(2023, 1, 20, 15, 30), datetime.datetime(2023, 1, 20, 16, 30))])

    assert '<p class="registration">Registration closed.</p>' in page_text(client.get(closed.get_absolute_url()))
    assert '<p class="registration">This press conference has ended.</p>' in page_text(client.get(ended.get_absolute_url()))


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
        "inLanguage": "en-gb",
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
def test_detail_query_count_does_not_grow(client, make_event, make_release, make_person, django_assert_num_queries,
                                          size):
    if size == "small":
        event = make_event(display_zones=[("", "London, UK", "Europe/London")])
        event.related_releases.add(make_release())
        event.speakers.add(make_person())
    else:
        event = make_event(
            slots=[(days_from_today(n + 5, 10), days_from_today(n + 5, 11)) for n in range(4)],
            display_zones=[("", f"Place {n}", zone) for n, zone in
                           enumerate(["Europe/London", "Asia/Almaty", "America/New_York", "Australia/Sydney"])],
        )
        event.related_releases.add(*(make_release() for _ in range(4)))
        event.speakers.add(*(make_person() for _ in range(4)))

    client.get(event.get_absolute_url())  # the first render also reads the commission and its contacts: kept per content version
    # event + commission, slots, display zones, releases, library images, documents, the places taken (is a mode
    # full?), its language versions (the switcher and hreflang), its speakers
    with django_assert_num_queries(9):
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


def test_a_shared_link_to_a_press_conference_lands_on_its_page_without_the_tracking(client, settings, make_event):
    settings.PAGE_CACHE_SECONDS = 600
    event = make_event(slug="hearing-opens")

    page = client.get("/kk/events/hearing-opens/?fbclid=IwAR2&utm_source=facebook", follow=True)
    calendar_file = client.get("/events/hearing-opens/calendar.ics?utm_source=email")
    listing = client.get("/events/?ref=home")

    assert page.redirect_chain == [("/kk/events/hearing-opens/", 301)]
    assert [a["href"] for a in switcher(page.content)] == [
        event.get_absolute_url(), "/ru/events/hearing-opens/", "/kk/events/hearing-opens/"]
    assert (calendar_file.status_code, calendar_file.headers["Location"]) == (301, "/events/hearing-opens/calendar.ics")
    assert (listing.status_code, listing.headers["Location"]) == (301, "/events/")


# Registration pages ---------------------------------------------------------------------------------------------------
# The public registration pages: the form, the emailed links, bad input and abuse.


S = Registration.Status
VALID = SIGN_UP_FORM
CONFIRM_LINK = r"/events/[^/\s]+/confirm/[^/\s]+/"


def register_url(event):
    return reverse("events:register", args=[event.slug])


@pytest.fixture
def post_form(post_as_browser):
    """POST the form as a browser would, running what happens after commit (the email)."""

    def post(event, **changes):
        return post_as_browser(register_url(event), {**VALID, **changes})

    return post


@pytest.fixture
def pending(make_event, make_registration):
    """A registration at a press conference, its address not yet confirmed."""
    return make_registration(make_event())


def confirm_url(registration, token=None) -> str:
    """The confirmation link of ``registration``; ``token``: another token in its own's place."""
    token = token or tokens.make_token(registration, tokens.CONFIRM)
    return reverse("events:confirm", args=[registration.event.slug, token])


# The event page and the form

def test_event_page_links_to_the_form_while_registration_is_open(client, make_event):
    event = make_event()

    response = client.get(event.get_absolute_url())

    assert f'<a class="button" href="{register_url(event)}">Register to attend</a>' in response.text


def test_event_page_has_no_register_button_once_closed(client, make_event):
    event = make_event(registration_closes_at=timezone.now() - datetime.timedelta(minutes=5))

    assert register_url(event) not in client.get(event.get_absolute_url()).text


def test_form_has_the_named_fields_a_honeypot_and_a_csrf_token(client, make_event):
    response = client.get(register_url(make_event()))

    page = response.text
    assert response.status_code == 200
    for name in ["name", "email", "organisation", "role", "attendance", "accessibility_needs", "consent"]:
        assert f'name="{name}"' in page
    assert re.search(r'<div class="hp" aria-hidden="true">.*?name="website"[^>]*tabindex="-1"', page, re.S) or \
        re.search(r'<div class="hp" aria-hidden="true">.*?tabindex="-1"[^>]*name="website"', page, re.S)
    assert 'name="csrfmiddlewaretoken"' in page
    assert f'href="{reverse("commission:privacy")}"' in page
    assert 'maxlength="200"' in page and 'maxlength="254"' in page and 'maxlength="1000"' in page
    # Never served from the page cache: each visitor gets a page with their own CSRF token.
    assert Client().get(register_url(Event.objects.get())).text != page


def test_form_offers_only_the_modes_the_event_offers(client, make_event):
    page = client.get(register_url(make_event(attendance=Event.Attendance.ONLINE))).text

    assert 'value="online"' in page
    assert 'value="in_person"' not in page


def test_form_says_when_the_room_is_full(client, make_event, make_registration):
    event = make_event(in_person_capacity=1)
    make_registration(event, status=S.CONFIRMED)

    page = client.get(register_url(event)).text

    assert "In person in Almaty – full: you would join the waitlist" in page


def test_form_page_query_count_does_not_grow_with_registrations(client, make_event, make_registration,
                                                                django_assert_num_queries):
    event = make_event()
    client.get(register_url(event))  # warm the session-less path
    for size in (1, 30):
        for _ in range(size):
            make_registration(event, status=S.CONFIRMED)
        # the event, its slots, display zones, seats taken, its language versions (the switcher and hreflang)
        with django_assert_num_queries(5):
            client.get(register_url(event))


# Sending the form

def test_valid_form_registers_and_redirects_to_check_your_email(post_form, make_event, mailoutbox):
    event = make_event()

    response = post_form(event)

    assert response.status_code == 302
    assert response["Location"] == reverse("events:register_sent", args=[event.slug])
    registration = Registration.objects.get()
    assert (registration.status, registration.email, registration.attendance) == (S.PENDING, "ann@example.org",
                                                                                  "in_person")
    assert [m.to for m in mailoutbox] == [["ann@example.org"]]


def test_known_and_unknown_addresses_get_the_same_answer(post_form, client, make_event, make_registration):
    event = make_event()
    make_registration(event, email="known@example.org", status=S.CONFIRMED)

    known = post_form(event, email="known@example.org")
    unknown = post_form(event, email="new@example.org")

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert Registration.objects.filter(email="known@example.org").count() == 1


def test_a_holder_asking_for_the_other_mode_learns_it_from_the_email_not_the_page(post_form, client, make_event,
                                                                                 make_registration, mailoutbox):
    event = make_event()
    make_registration(event, email="known@example.org", status=S.CONFIRMED, attendance="in_person")

    def answer(address):
        response = post_form(event, email=address, attendance="online")
        page = client.get(response["Location"]).text.replace(address, "ADDRESS")
        return response.status_code, response["Location"], page

    assert answer("known@example.org") == answer("new@example.org")
    note = "This address was registered again to attend online, but your registration stays in person"
    assert [note in m.body for m in mailoutbox] == [True, False]
    assert Registration.objects.get(email="known@example.org").attendance == "in_person"


def test_the_answer_takes_the_same_statements_for_new_pending_placed_and_cancelled_addresses(
        client, settings, make_event, make_registration):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # queued, not run
    event = make_event()
    make_registration(event, email="pending@example.org")
    make_registration(event, email="holder@example.org", status=S.CONFIRMED)
    make_registration(event, email="waiting@example.org", status=S.WAITLISTED)
    make_registration(event, email="gone@example.org", status=S.CANCELLED)

    def statements(address):
        with CaptureQueriesContext(connection) as captured:
            response = client.post(register_url(event), {**VALID, "email": address})
        assert response.status_code == 302
        return [q["sql"].split()[0] for q in captured.captured_queries]

    new = statements("new@example.org")
    known = [statements(address) for address in ("pending@example.org", "holder@example.org",
                                                 "waiting@example.org", "gone@example.org")]

    assert [kinds == [k.replace("INSERT", "UPDATE") for k in new] for kinds in known] == [True] * 4
    assert new.count("INSERT") == 1


def test_double_submit_registers_once(post_form, make_event, mailoutbox):
    event = make_event()

    first, second = post_form(event), post_form(event)

    assert (first.status_code, second.status_code) == (302, 302)
    assert Registration.objects.count() == 1
    assert len(mailoutbox) == 2


def test_invalid_form_shows_a_summary_linked_to_each_field_and_keeps_what_was_typed(post_form, make_event):
    response = post_form(make_event(), email="not-an-address", role=None, consent=None, name="Ann Reporter")

    page = response.text
    assert response.status_code == 422
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    assert re.findall(r'<a href="#([^"]+)">', summary) == ["id_email", "id_role_0", "id_consent"]
    assert 'aria-describedby="id_email_helptext id_email_error"' in page
    assert '<p class="field__error" id="id_email_error"><span class="visually-hidden">Error:</span> Enter an email ' \
        'address like name@example.org.</p>' in page
    assert 'value="Ann Reporter"' in page and 'value="not-an-address"' in page
    assert "<title>Error: " in page
    assert Registration.objects.count() == 0


def test_oversized_fields_are_refused(post_form, make_event):
    response = post_form(make_event(), name="N" * 201, organisation="O" * 5000, accessibility_needs="A" * 1001)

    assert response.status_code == 422
    assert "Keep this under 200 characters (it has 201)." in response.text
    assert "Keep this under 1000 characters (it has 1001)." in response.text
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("dup@example.org\u200b", "This address contains an invisible character (U+200B ZERO WIDTH SPACE)"),
        ('"dup"@example.org', "Addresses with quotation marks cannot be used here."),
        ("dup@[127.0.0.1]", "Addresses with an IP address in brackets cannot be used here."),
    ],
)
def test_addresses_that_spell_a_mailbox_another_way_are_field_errors(post_form, make_event, mailoutbox, address,
                                                                     message):
    response = post_form(make_event(), email=address)

    assert response.status_code == 422
    assert message in response.text
    assert Registration.objects.count() == 0
    assert mailoutbox == []


def test_unicode_and_punycode_spellings_of_a_domain_are_one_registration(post_form, make_event, mailoutbox):
    event = make_event()

    post_form(event, email="dup@Bücher.example")
    post_form(event, email="DUP@xn--bcher-kva.example")

    assert list(Registration.objects.values_list("email", flat=True)) == ["dup@xn--bcher-kva.example"]
    assert [m.to for m in mailoutbox] == [["dup@xn--bcher-kva.example"]] * 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "Bob\r\nBcc: evil@example.org", "Keep this on one line: line breaks are not allowed here."),
        ("name", "Bob \u202eevil", "Remove the invisible character U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("organisation", "Paper\u2066x\u2069", "Remove the invisible character U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("organisation", "Paper\nBcc: evil@example.org", "Keep this on one line"),
        ("accessibility_needs", "Step-free\u202e", "Remove the invisible character U+202E"),
    ],
)
def test_control_and_direction_characters_are_field_errors(post_form, make_event, mailoutbox, field, value,
                                                           message):
    response = post_form(make_event(), **{field: value})

    assert response.status_code == 422
    assert message in response.text
    assert Registration.objects.count() == 0
    assert mailoutbox == []


def test_accessibility_needs_keep_their_line_breaks(post_form, make_event):
    post_form(make_event(), accessibility_needs="Step-free access\r\nCaptions")

    assert Registration.objects.get().accessibility_needs == "Step-free access\r\nCaptions"


def test_a_mode_the_event_does_not_offer_is_a_field_error(post_form, make_event):
    response = post_form(make_event(attendance=Event.Attendance.IN_PERSON), attendance="online")

    assert response.status_code == 422
    assert "This press conference cannot be attended that way." in response.text
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"slots": [(days_from_today(-3, 10), days_from_today(-3, 11))]}, 410, "This press conference has ended."),
        ({"event_status": Event.EventStatus.CANCELLED}, 410, "This press conference is cancelled"),
        ({"registration_closes_at": timezone.now() - datetime.timedelta(hours=1)}, 403,
         "Registration for this press conference is closed."),
        ({"registration_opens_at": timezone.now() + datetime.timedelta(days=2)}, 403,
         "Registration is not open yet."),
    ],
)
def test_closed_registration_is_said_clearly_with_the_right_status(client, post_form, make_event, fields, status,
                                                                   message):
    event = make_event(**fields)

    get, post = client.get(register_url(event)), post_form(event)

    assert (get.status_code, post.status_code) == (status, status)
    assert message in get.text
    assert 'name="email"' not in get.text
    assert Registration.objects.count() == 0


def test_draft_event_has_no_form(client, make_event):
    event = make_event(status=Event.Status.DRAFT, publish_at=None)

    assert client.get(register_url(event)).status_code == 404


def test_full_event_still_takes_registrations_for_the_waitlist(post_form, make_event, make_registration):
    event = make_event(in_person_capacity=1)
    make_registration(event, status=S.CONFIRMED)

    assert post_form(event, email="late@example.org").status_code == 302


def test_honeypot_pretends_success_and_keeps_nothing(post_form, make_event, mailoutbox):
    event = make_event()

    response = post_form(event, website="http://spam.example")

    assert response["Location"] == reverse("events:register_sent", args=[event.slug])
    assert Registration.objects.count() == 0
    assert mailoutbox == []


def test_missing_csrf_token_is_refused(make_event):
    client = Client(enforce_csrf_checks=True)

    response = client.post(register_url(make_event()), VALID)

    assert response.status_code == 403
    assert "<h1>The form could not be sent</h1>" in response.text
    assert Registration.objects.count() == 0


# Rate limits

def test_eleventh_post_from_one_address_in_an_hour_gets_429(client, make_event):
    event = make_event()
    for n in range(10):
        assert client.post(register_url(event), {**VALID, "email": f"p{n}@example.org"}).status_code == 302

    response = client.post(register_url(event), {**VALID, "email": "p11@example.org"})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "too many times" in response.text
    assert Registration.objects.count() == 10


def test_posts_sent_back_with_errors_are_not_counted(client, make_event, settings):
    settings.REGISTRATION_RATE = "2/h"
    event = make_event()
    for _ in range(5):  # a person correcting their typing
        assert client.post(register_url(event), {**VALID, "email": "not an address"}).status_code == 422

    statuses = [client.post(register_url(event), {**VALID, "email": f"p{n}@example.org"}).status_code
                for n in range(3)]

    assert statuses == [302, 302, 429]


def test_one_email_address_is_limited_across_visitor_addresses(make_event, settings):
    settings.REGISTRATION_RATE = "3/h"
    event = make_event()
    statuses = [Client(REMOTE_ADDR=f"203.0.113.{n}").post(register_url(event), VALID).status_code for n in range(4)]

    assert statuses == [302, 302, 302, 429]


def test_rate_zero_turns_the_limit_off(client, make_event, settings):
    settings.REGISTRATION_RATE = "0"
    event = make_event()

    statuses = {client.post(register_url(event), {**VALID, "email": f"p{n}@example.org"}).status_code
                for n in range(15)}

    assert statuses == {302}


def test_behind_a_proxy_the_forwarded_address_is_limited(make_event, settings):
    settings.REGISTRATION_RATE = "1/h"
    settings.BEHIND_PROXY = True
    event = make_event()

    def post(forwarded, email):
        return Client(HTTP_X_FORWARDED_FOR=forwarded).post(register_url(event), {**VALID, "email": email})

    assert post("198.51.100.1", "a@example.org").status_code == 302
    assert post("198.51.100.2", "b@example.org").status_code == 302
    assert post("spoofed, 198.51.100.1", "c@example.org").status_code == 429


def test_an_ipv6_visitor_is_limited_across_the_addresses_of_its_network(make_event, settings):
    """One subscriber is given a /64: every address in it counts as one visitor; another network is another."""
    settings.REGISTRATION_RATE = "2/h"
    event = make_event()

    def post(address, n):
        return Client(REMOTE_ADDR=address).post(register_url(event), {**VALID, "email": f"p{n}@example.org"})

    statuses = [post(f"2001:db8:1:2::{n:x}", n).status_code for n in range(1, 4)]
    assert statuses == [302, 302, 429]
    assert post("2001:db8:1:3::1", 4).status_code == 302
    assert post("::ffff:203.0.113.1", 5).status_code == 302  # IPv4 visitors through an IPv6 socket stay apart
    assert post("::ffff:203.0.113.2", 6).status_code == 302


# The emailed links

def test_confirmation_link_shows_a_button_and_confirms_only_on_post(client, post_form, make_event, mailoutbox):
    event = make_event()
    post_form(event)
    url = link_in(mailoutbox[0], CONFIRM_LINK)

    page = client.get(url)
    assert page.status_code == 200
    assert "Confirm my registration" in page.text
    assert Registration.objects.get().status == S.PENDING

    response = client.post(url)
    assert response.status_code == 302
    assert Registration.objects.get().status == S.CONFIRMED
    status_page = client.get(response["Location"])
    assert "Your seat is confirmed." in status_page.text
    assert "no-store" in status_page["Cache-Control"]


def test_confirmation_page_refuses_what_confirming_would_refuse(client, make_event, make_registration):
    event = make_event()
    online = make_registration(event, attendance="online")
    url = confirm_url(online)
    Event.objects.filter(pk=event.pk).update(attendance=Event.Attendance.IN_PERSON)

    page, post = client.get(url), client.post(url)

    assert (page.status_code, post.status_code) == (409, 409)
    assert "Confirm my registration" not in page.text
    assert "no longer offered" in page.text
    assert Registration.objects.get().status == S.PENDING


def test_link_pages_read_the_event_its_slots_and_zones_once(client, make_event, make_registration):
    event = make_event()
    confirmed = make_registration(event, status=S.CONFIRMED)
    pending = make_registration(event)
    urls = [reverse("events:registration", args=[event.slug, tokens.make_token(confirmed, tokens.MANAGE)]),
            confirm_url(pending)]

    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        # Rows read (not EXISTS checks such as "is it published", which confirming asks too).
        tables = [re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in captured.captured_queries
                  if q["sql"].startswith('SELECT "')]
        for table in ("events_event", "events_slot", "events_displayzone"):
            assert tables.count(table) == 1, (url, tables)


def test_confirming_into_a_full_room_offers_online(client, make_event, make_registration):
    event = make_event(in_person_capacity=1)
    make_registration(event, status=S.CONFIRMED)
    registration = make_registration(event)

    response = client.post(confirm_url(registration))
    page = client.get(response["Location"]).text

    assert "The room is full: you are on the waitlist for a seat." in page
    assert "Switch to attending online" in page


def test_switching_to_online_from_the_status_page(client, make_event, make_registration,
                                                  django_capture_on_commit_callbacks, mailoutbox):
    event = make_event(in_person_capacity=0)
    registration = make_registration(event, status=S.WAITLISTED)
    token = tokens.make_token(registration, tokens.MANAGE)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:switch_online", args=[event.slug, token]))

    assert response["Location"] == reverse("events:registration", args=[event.slug, token])
    page = client.get(response["Location"]).text
    assert "Your online place is confirmed." in page
    assert JOIN_URL in page
    assert JOIN_URL in mailoutbox[0].body


def test_no_switch_offered_without_online_attendance(client, make_event, make_registration):
    event = make_event(attendance=Event.Attendance.IN_PERSON, in_person_capacity=0)
    registration = make_registration(event, status=S.WAITLISTED)

    page = client.get(reverse("events:registration",
                              args=[event.slug, tokens.make_token(registration, tokens.MANAGE)])).text

    assert "waitlist" in page
    assert "Switch to attending online" not in page


def test_a_seat_holders_page_gives_the_street_to_go_to(client, make_event, make_registration):
    event = make_event(attendance=Event.Attendance.IN_PERSON, venue_name="Hotel Kazakhstan",
                       venue_address="Dostyk Avenue 52", in_person_capacity=10)
    registration = make_registration(event, status=S.CONFIRMED, attendance="in_person")

    page = client.get(reverse("events:registration",
                              args=[event.slug, tokens.make_token(registration, tokens.MANAGE)])).text

    assert "<dd>Hotel Kazakhstan, Dostyk Avenue 52, Almaty, Kazakhstan</dd>" in page


def test_reused_confirmation_link_is_gone(client, pending):
    url = confirm_url(pending)
    client.post(url)

    get, post = client.get(url), client.post(url)

    assert (get.status_code, post.status_code) == (410, 410)
    assert "This link has already been used" in get.text
    assert Registration.objects.get().status == S.CONFIRMED


def test_forged_token_is_a_bad_request(client, pending):
    token = tokens.make_token(pending, tokens.CONFIRM)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")

    for url in [confirm_url(pending, forged), confirm_url(pending, "nonsense"),
                reverse("events:registration", args=[pending.event.slug, forged])]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert "This link is not valid" in response.text
    assert client.post(confirm_url(pending, forged)).status_code == 400
    assert Registration.objects.get().status == S.PENDING


def test_a_cancel_token_is_not_a_confirmation_token(client, pending):
    response = client.post(confirm_url(pending, tokens.make_token(pending, tokens.MANAGE)))

    assert response.status_code == 400
    assert Registration.objects.get().status == S.PENDING


def test_expired_confirmation_link_is_gone(client, pending):
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=49), tick=False):  # the email sent then
        url = confirm_url(pending)

    response = client.post(url)

    assert response.status_code == 410
    assert "This link has expired" in response.text
    assert Registration.objects.get().status == S.PENDING


def test_link_for_an_unknown_or_erased_registration_is_not_found(client, pending):
    url = confirm_url(pending)
    Registration.objects.filter(pk=pending.pk).update(anonymised_at=timezone.now(), email="")

    assert client.get(url).status_code == 404
    Registration.objects.all().delete()
    assert client.post(url).status_code == 404


def test_link_with_another_events_slug_is_not_found(client, make_event, make_registration):
    registration = make_registration(make_event())
    other = make_event()

    response = client.get(reverse("events:confirm", args=[other.slug, tokens.make_token(registration,
                                                                                       tokens.CONFIRM)]))

    assert response.status_code == 404


def test_cancel_from_the_link_frees_the_place_for_the_waitlist(client, make_event, make_registration, mailoutbox,
                                                               django_capture_on_commit_callbacks):
    event = make_event(in_person_capacity=1)
    holder = make_registration(event, status=S.CONFIRMED)
    waiting = make_registration(event, status=S.WAITLISTED)
    url = reverse("events:registration", args=[event.slug, tokens.make_token(holder, tokens.MANAGE)])

    assert "Cancel my registration" in client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url}cancel/")

    assert response.status_code == 200
    assert "Your registration is cancelled." in response.text
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED
    assert sorted(m.to[0] for m in mailoutbox) == sorted([holder.email, waiting.email])


@pytest.mark.parametrize(
    "hidden", [{"status": Event.Status.DRAFT, "publish_at": None},
               {"publish_at": timezone.now() + datetime.timedelta(days=1)}],
    ids=["draft", "scheduled"],
)
def test_link_pages_of_an_event_the_public_cannot_see_answer_as_an_unknown_slug(client, make_event,
                                                                              make_registration, hidden):
    event = make_event(**hidden)
    pending = make_registration(event)
    confirmed = make_registration(event, status=S.CONFIRMED)
    confirm = tokens.make_token(pending, tokens.CONFIRM)
    manage = tokens.make_token(confirmed, tokens.MANAGE)

    for name, token, method in [("confirm", confirm, "get"), ("confirm", confirm, "post"), ("confirm", "x", "get"),
                                ("registration", manage, "get"), ("cancel", manage, "post"),
                                ("switch_online", manage, "post")]:
        answers = [getattr(client, method)(reverse(f"events:{name}", args=[slug, token]))
                   for slug in (event.slug, "no-such-press-conference")]
        assert [a.status_code for a in answers] == [404, 404], name
        assert answers[0].content == answers[1].content, name
    assert [r.status for r in Registration.objects.order_by("pk")] == [S.PENDING, S.CONFIRMED]


def test_a_replaced_link_says_when_the_newer_email_was_sent(client, make_event, make_registration):
    event = make_event(slots=[(datetime.datetime(2030, 2, 1, 15, 30), datetime.datetime(2030, 2, 1, 16, 30))],
                       display_zones=[("", "London, UK", "Europe/London")])
    registration = make_registration(event, status=S.CANCELLED, email="ann@example.org")
    old_link = reverse("events:registration", args=[event.slug, tokens.make_token(registration, tokens.MANAGE)])
    old_confirm = confirm_url(registration)
    with time_machine.travel(datetime.datetime(2030, 1, 18, 14, 5, tzinfo=datetime.UTC), tick=False):
        services.register(event=event, name="Ann Reporter", email="ann@example.org", organisation="The Paper",
                          role="journalist", attendance="in_person", now=timezone.now())

    for response in (client.get(old_link), client.get(old_confirm)):
        assert response.status_code == 410
        assert "<h1>This link was replaced by a newer email</h1>" in response.text
        assert "This link was replaced by a newer email sent at Friday 18 January 2030, 2:05pm GMT – London, UK. " \
            "Use the link in that email." in response.text
        assert "no-store" in response["Cache-Control"]


def test_a_used_confirmation_link_says_it_was_used(client, post_form, make_event, mailoutbox):
    event = make_event()
    post_form(event)
    url = link_in(mailoutbox[0], CONFIRM_LINK)
    client.post(url)

    response = client.get(url)

    assert response.status_code == 410
    assert "This link has already been used" in response.text
    assert "the address was confirmed with it" in response.text


def test_after_registering_twice_the_first_emails_link_still_confirms(client, post_form, make_event, mailoutbox):
    event = make_event()
    post_form(event)
    post_form(event, name="Someone Else", attendance="online")
    first, second = (link_in(message, CONFIRM_LINK) for message in mailoutbox)

    page = client.get(first)
    response = client.post(first)

    assert page.status_code == 200
    assert "Ann Reporter" in page.text and "Someone Else" not in page.text
    assert response.status_code == 302
    assert (Registration.objects.get().status, Registration.objects.get().attendance) == (S.CONFIRMED, "in_person")
    assert client.get(second).status_code == 410  # the address is confirmed now: the other link is used up


def test_link_pages_showing_personal_data_are_never_stored(client, make_event, make_registration):
    event = make_event()
    pending = make_registration(event)
    confirmed = make_registration(event, status=S.CONFIRMED)

    for url in (confirm_url(pending),
                reverse("events:registration", args=[event.slug, tokens.make_token(confirmed, tokens.MANAGE)]),
                confirm_url(pending, "forged")):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url
    cancelled = client.post(reverse("events:cancel", args=[event.slug, tokens.make_token(confirmed, tokens.MANAGE)]))
    assert "no-store" in cancelled["Cache-Control"]


def test_the_sent_page_shows_the_address_the_email_goes_to(client, post_form, make_event):
    event = make_event()

    response = post_form(event, email="Ann@Example.org")
    page = client.get(response["Location"])

    assert "We are sending an email to ann@example.org." in page.text
    assert "no-store" in page["Cache-Control"]
    assert "ann@example.org" not in response["Location"]
    assert Client().get(response["Location"]).content.decode().count("ann@example.org") == 0


def test_a_waitlisted_person_sees_their_position_on_their_page(client, make_event, make_registration):
    event = make_event(in_person_capacity=1)
    make_registration(event, status=S.CONFIRMED)
    make_registration(event, status=S.WAITLISTED)
    second = make_registration(event, status=S.WAITLISTED)

    page = client.get(reverse("events:registration", args=[event.slug, tokens.make_token(second,
                                                                                        tokens.MANAGE)])).text

    assert "You are number 2 on the waiting list for in-person places." in page


def test_the_page_of_a_registration_at_a_cancelled_press_conference_offers_no_cancel(client, make_event,
                                                                                     make_registration):
    event = make_event(event_status=Event.EventStatus.CANCELLED, status_note="The delegation could not travel.")
    registration = make_registration(event, status=S.CONFIRMED)

    page = client.get(reverse("events:registration", args=[event.slug, tokens.make_token(registration,
                                                                                        tokens.MANAGE)])).text

    assert "This press conference is cancelled." in page
    assert "Cancel my registration" not in page


def test_reused_cancel_link_is_gone(client, make_event, make_registration):
    event = make_event()
    registration = make_registration(event, status=S.CONFIRMED)
    url = reverse("events:registration", args=[event.slug, tokens.make_token(registration, tokens.MANAGE)])
    client.post(f"{url}cancel/")

    get, post = client.get(url), client.post(f"{url}cancel/")

    assert (get.status_code, post.status_code) == (410, 410)
    assert "already cancelled" in post.text


def test_cancel_link_after_the_event_has_ended_is_gone(client, make_event, make_registration):
    event = make_event(slots=[(days_from_today(-1, 9), days_from_today(-1, 10))])
    registration = make_registration(event, status=S.CONFIRMED)
    url = reverse("events:registration", args=[event.slug, tokens.make_token(registration, tokens.MANAGE)])

    get, post = client.get(url), client.post(f"{url}cancel/")

    assert (get.status_code, post.status_code) == (410, 410)
    assert "has ended" in get.text
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_cancel_needs_a_post(client, make_event, make_registration):
    event = make_event()
    registration = make_registration(event, status=S.CONFIRMED)
    url = reverse("events:cancel", args=[event.slug, tokens.make_token(registration, tokens.MANAGE)])

    assert client.get(url).status_code == 405
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_status_page_never_shows_the_join_link_to_in_person_or_waitlisted_people(client, make_event,
                                                                                 make_registration):
    event = make_event(online_capacity=0)
    in_person = make_registration(event, status=S.CONFIRMED)
    waiting_online = make_registration(event, status=S.WAITLISTED, attendance="online")

    for registration in (in_person, waiting_online):
        page = client.get(reverse("events:registration",
                                  args=[event.slug, tokens.make_token(registration, tokens.MANAGE)])).text
        assert JOIN_URL not in page
