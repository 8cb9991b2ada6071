import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from commission import seed as commission_seed
from events import seed as events_seed
from events.models import Event, Slot
from press.models import PressRelease

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
SEED_TITLE = ("Press conference: Senior British Parliamentarians visiting Kazakhstan blocked by Kazakh government "
              "from meeting officials and Zhanbolat Mamay")


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_load_seed_adds_the_seed_press_conference(client):
    run("load_seed")

    event = Event.objects.get(slug="press-conference-2023-01-20")
    slot = event.slots.get()
    assert (event.title, event.status, event.attendance, event.venue_city, event.venue_country) == (
        SEED_TITLE, Event.Status.PUBLISHED, Event.Attendance.MIXED, "Almaty", "Kazakhstan")
    assert (slot.start_utc, slot.end_utc) == (datetime.datetime(2023, 1, 20, 9, 30, tzinfo=UTC),
                                              datetime.datetime(2023, 1, 20, 10, 30, tzinfo=UTC))
    assert event.registration_state() == Event.RegistrationState.ENDED
    text = client.get(event.get_absolute_url()).content.decode()
    assert ('<li data-utc-offset="360">3:30pm ALMT – Almaty, Kazakhstan</li>\n      '
            '<li data-utc-offset="0">9:30am GMT – London, UK</li>') in text
    assert "This press conference has ended." in text


def test_load_seed_links_the_seed_release_and_is_idempotent():
    run("load_seed")
    output = run("load_seed")

    event = Event.objects.get()
    release = PressRelease.objects.get(slug="parliamentarians-blocked-from-meeting-officials-and-mamay")
    assert list(event.related_releases.all()) == [release]
    assert f"kept    press conference: {SEED_TITLE}, 20 January 2023" in output
    assert (Slot.objects.count(), event.display_zones.count()) == (1, 2)


def test_the_seed_press_conference_has_a_specific_title_in_lists_feeds_and_calendars(client):
    run("load_seed")

    listing = client.get("/events/").content.decode()
    feed = client.get("/events/feed/").content.decode()
    ics = client.get("/events/press-conference-2023-01-20/calendar.ics").content.decode().replace("\r\n ", "")

    assert f">{SEED_TITLE}</a>" in listing
    assert f"<title>{SEED_TITLE}</title>" in feed
    assert f"SUMMARY:{SEED_TITLE}" in ics


def test_load_seed_gives_the_old_default_title_the_specific_one_and_keeps_an_officers_title():
    run("load_seed")
    Event.objects.update(title="Press conference")

    output = run("load_seed")

    assert Event.objects.get().title == SEED_TITLE
    assert f"updated press conference: {SEED_TITLE}, 20 January 2023" in output
    Event.objects.update(title="Briefing on the visit to Kazakhstan")
    run("load_seed")
    assert Event.objects.get().title == "Briefing on the visit to Kazakhstan"


def test_events_seed_without_the_release_leaves_the_event_unlinked():
    def report(kind, name, created):
        pass

    commission_seed.load(report)
    events_seed.load(report)

    assert Event.objects.get().related_releases.count() == 0


def test_load_seed_sample_adds_an_upcoming_sample_with_a_few_seats(client):
    output = run("load_seed", "--sample")

    event = Event.objects.get(slug="sample-press-conference")
    assert event.title.startswith("SAMPLE")
    assert "not a real press conference" in event.summary
    assert (event.in_person_capacity, event.online_capacity) == (3, None)
    assert event.registration_state() == Event.RegistrationState.OPEN
    assert "created sample press conference: SAMPLE" in output
    assert client.get(f"/events/{event.slug}/register/").status_code == 200


def test_load_seed_without_sample_adds_no_sample():
    run("load_seed")

    assert not Event.objects.filter(slug="sample-press-conference").exists()


def test_load_seed_sample_twice_keeps_it_and_renews_it_once_past():
    run("load_seed", "--sample")
    first = Event.objects.get(slug="sample-press-conference")
    assert "kept    sample press conference" in run("load_seed", "--sample")
    assert Event.objects.get(slug="sample-press-conference").pk == first.pk

    Slot.objects.filter(event=first).update(start_utc=datetime.datetime(2024, 1, 1, 10, tzinfo=UTC),
                                            end_utc=datetime.datetime(2024, 1, 1, 11, tzinfo=UTC))
    run("load_seed", "--sample")

    renewed = Event.objects.get(slug="sample-press-conference")
    assert renewed.pk != first.pk
    assert renewed.registration_state() == Event.RegistrationState.OPEN


def test_the_seeds_versions_keep_their_places_when_only_the_english_words_change_later(client):
    run("load_seed", "--sample")
    Event.objects.update(summary="A summary the press office corrected in English.")

    page = client.get("/ru/events/").content.decode()

    assert "Алматы, Казахстан" in page and "Лондон, Великобритания" in page
    assert "Almaty, Kazakhstan" not in page and "London, UK" not in page
