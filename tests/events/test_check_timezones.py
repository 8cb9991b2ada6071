import datetime
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event, EventChange, Slot
from tests.factories import days_from_today

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def run(*args, status=0) -> str:
    """The command's output; it must exit with ``status`` (1: something is left for a person)."""
    out = StringIO()
    try:
        call_command(*args, stdout=out)
    except CommandError as error:
        assert error.returncode == status == 1, out.getvalue()
        assert str(error) == "Something is left for a person to do: see above."
    else:
        assert status == 0, out.getvalue()
    return out.getvalue()


def stale(slot, shift=HOUR):
    """Pretend the instant was computed with older tzdata (Almaty's old UTC+6 for a post-March-2024 date)."""
    Slot.objects.filter(pk=slot.pk).update(start_utc=slot.start_utc - shift, end_utc=slot.end_utc - shift)
    slot.refresh_from_db()
    return slot


def test_check_timezones_reports_a_moved_instant_without_changing_it(make_event):
    event = make_event(title="Almaty briefing",
                       slots=[(days_from_today(30, 15, 30), days_from_today(30, 16, 30))])
    slot = stale(event.slots.get())

    output = run("check_timezones", status=1)

    correct = slot.start_utc + HOUR
    assert (f"MOVED  Almaty briefing (slot {slot.pk}): 3:30pm on {slot.start_date:%Y-%m-%d} Asia/Almaty was stored "
            f"as {slot.start_utc:%Y-%m-%d %H:%M} UTC, is now {correct:%Y-%m-%d %H:%M} UTC (+1:00:00)") in output
    assert "1 slot(s) moved. Run `manage.py check_timezones --fix` to store the new instants." in output
    assert "Checked 1 future slot(s): 1 moved, 0 need a decision, 0 unchanged." in output
    assert Slot.objects.get().start_utc == slot.start_utc
    assert Event.objects.get().revision == 0


def test_check_timezones_fix_stores_the_new_instant_and_records_the_change(make_event):
    event = make_event(slots=[(days_from_today(30, 15, 30), days_from_today(30, 16, 30))])
    slot = stale(event.slots.get())

    output = run("check_timezones", "--fix")

    fixed = Slot.objects.get()
    assert (fixed.start_utc, fixed.end_utc) == (slot.start_utc + HOUR, slot.end_utc + HOUR)
    assert "Fixed 1 slot(s) in 1 event(s); each event's revision went up." in output
    event.refresh_from_db()
    assert event.revision == 1
    change = EventChange.objects.get()
    assert change.revision == 1
    assert change.what == (
        "Time changed: Almaty, Kazakhstan has changed its clock rules. The press conference keeps its local time "
        "there; elsewhere the time moves.\n"
        f"Now: {fixed.schedule_text()}\n"
        f"In UTC: {slot.start_utc:%Y-%m-%d %H:%M} before, {fixed.start_utc:%Y-%m-%d %H:%M} now."
    )
    assert "Asia/Almaty" not in change.what
    assert run("check_timezones").endswith("Checked 1 future slot(s): 0 moved, 0 need a decision, 1 unchanged.\n")


def test_check_timezones_fix_makes_the_calendar_file_say_the_event_was_modified(make_event, client):
    event = make_event(slots=[(days_from_today(30, 15, 30), days_from_today(30, 16, 30))])
    long_ago = timezone.now() - datetime.timedelta(days=20)
    Event.objects.filter(pk=event.pk).update(updated_at=long_ago)
    stale(event.slots.get())
    before_fix = timezone.now()

    run("check_timezones", "--fix")

    event.refresh_from_db()
    assert event.updated_at >= before_fix
    ics = client.get(reverse("events:event_calendar", args=[event.slug])).content.decode()
    assert f"LAST-MODIFIED:{event.updated_at.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}" in ics


def test_check_timezones_ignores_past_slots(make_event):
    event = make_event(slots=[(datetime.datetime(2024, 3, 5, 15, 30), datetime.datetime(2024, 3, 5, 16, 30))])
    stale(event.slots.get())

    output = run("check_timezones", "--fix")

    assert output == "Checked 0 future slot(s): 0 moved, 0 need a decision, 0 unchanged.\n"
    assert Event.objects.get().revision == 0


def test_check_timezones_flags_a_time_that_became_ambiguous_and_keeps_it(make_event):
    # As if tzdata had learnt of a clock change after the slot was saved: nothing is guessed.
    year = timezone.now().year + 3
    clocks_go_back = max(datetime.date(year, 10, day) for day in range(25, 32)
                         if datetime.date(year, 10, day).weekday() == 6)  # last Sunday of October
    event = make_event(zone="Europe/London", slots=[(
        datetime.datetime.combine(clocks_go_back, datetime.time(1, 30)),
        datetime.datetime.combine(clocks_go_back, datetime.time(3, 0)), {"start_occurrence": 0})])
    slot = event.slots.get()
    Slot.objects.filter(pk=slot.pk).update(start_occurrence=None)

    output = run("check_timezones", "--fix", status=1)

    assert re.search(rf"NEEDS A DECISION  {event.title} \(slot {slot.pk}\): 1:30am on Sunday .* happens twice in "
                     r"Europe/London", output)
    assert Slot.objects.get().start_utc == slot.start_utc
    assert "Checked 1 future slot(s): 0 moved, 1 need a decision, 0 unchanged." in output


def test_refresh_slot_instants_records_nothing_when_no_instant_moved(make_event):
    event = make_event(slots=[(days_from_today(30, 15, 30), days_from_today(30, 16, 30)),
                              (days_from_today(31, 15, 30), days_from_today(31, 16, 30))])
    current, moved = event.slots.all()

    assert services.refresh_slot_instants(event=event, slots=[current]) is None
    assert (Event.objects.get().revision, EventChange.objects.count()) == (0, 0)

    change = services.refresh_slot_instants(event=event, slots=[current, stale(moved)])

    assert (change.revision, change.what.count("Almaty, Kazakhstan has changed its clock rules")) == (1, 1)
    assert Slot.objects.get(pk=moved.pk).start_utc == moved.start_utc + HOUR
