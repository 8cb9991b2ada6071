import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from events.models import Event, Slot
from press.models import PressRelease

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_load_seed_adds_the_seed_press_conference(client):
    run("load_seed")

    event = Event.objects.get(slug="press-conference-2023-01-20")
    slot = event.slots.get()
    assert (event.title, event.status, event.attendance, event.venue_city, event.venue_country) == (
        "Press conference", Event.Status.PUBLISHED, Event.Attendance.MIXED, "Almaty", "Kazakhstan")
    assert (slot.start_utc, slot.end_utc) == (datetime.datetime(2023, 1, 20, 9, 30, tzinfo=UTC),
                                              datetime.datetime(2023, 1, 20, 10, 30, tzinfo=UTC))
    assert event.registration_state() == Event.RegistrationState.ENDED
    text = client.get(event.get_absolute_url()).content.decode()
    assert "<li>3:30pm ALMT – Almaty, Kazakhstan</li>\n      <li>9:30am GMT – London, UK</li>" in text
    assert "This event has ended." in text


def test_load_seed_links_the_seed_release_and_is_idempotent():
    run("load_seed")
    output = run("load_seed")

    event = Event.objects.get()
    release = PressRelease.objects.get(slug="parliamentarians-blocked-from-meeting-officials-and-mamay")
    assert list(event.related_releases.all()) == [release]
    assert "kept    press conference: Press conference, 20 January 2023" in output
    assert (Slot.objects.count(), event.display_zones.count()) == (1, 2)


def test_events_seed_without_the_release_leaves_the_event_unlinked():
    from commission import seed as commission_seed
    from events import seed as events_seed

    def report(kind, name, created):
        pass

    commission_seed.load(report)
    events_seed.load(report)

    assert Event.objects.get().related_releases.count() == 0
