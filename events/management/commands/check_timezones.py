from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commission.web import times
from events import services, timezones
from events.models import Slot


class Command(BaseCommand):
    help = (
        "Recompute every future slot's UTC instant from its wall time and zone with the installed tzdata, "
        "and report those whose instant moved (a country changed its clocks). With --fix, store the new "
        "instants and record the change on each event (its revision, i.e. the calendar SEQUENCE, goes up). "
        "Exits with status 1 when something is left for a person: instants moved and not fixed, or a time "
        "that the new rules make ambiguous or skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Store the recomputed instants and record the change.")

    def handle(self, *args, fix=False, **options):
        now = timezone.now()
        slots = Slot.objects.filter(end_utc__gt=now).select_related("event").order_by("start_utc", "pk")
        moved = defaultdict(list)
        undecidable = checked = 0
        for slot in slots:
            checked += 1
            try:
                start_utc, end_utc = slot.compute_instants()
            except timezones.WallTimeError as error:
                undecidable += 1
                self.stdout.write(self.style.WARNING(
                    f"NEEDS A DECISION  {slot.event.title} (slot {slot.pk}): {error.message} "
                    f"Edit the slot in admin; the stored instant {slot.start_utc:%Y-%m-%d %H:%M} UTC is kept."
                ))
                continue
            if (start_utc, end_utc) == (slot.start_utc, slot.end_utc):
                continue
            shift = start_utc - slot.start_utc
            sign = "-" if shift.total_seconds() < 0 else "+"
            self.stdout.write(
                f"MOVED  {slot.event.title} (slot {slot.pk}): {times.format_time(slot.start_wall)} on "
                f"{slot.start_date:%Y-%m-%d} {slot.timezone} was stored as {slot.start_utc:%Y-%m-%d %H:%M} UTC, "
                f"is now {start_utc:%Y-%m-%d %H:%M} UTC ({sign}{abs(shift)})"
            )
            moved[slot.event].append(slot)

        count = sum(len(event_slots) for event_slots in moved.values())
        if fix and moved:
            for event, event_slots in moved.items():
                services.refresh_slot_instants(event=event, slots=event_slots)
            self.stdout.write(self.style.SUCCESS(
                f"Fixed {count} slot(s) in {len(moved)} event(s); each event's revision went up."
            ))
        elif moved:
            self.stdout.write(self.style.WARNING(
                f"{count} slot(s) moved. Run `manage.py check_timezones --fix` to store the new instants."
            ))
        self.stdout.write(
            f"Checked {checked} future slot(s): {count} moved, {undecidable} need a decision, "
            f"{checked - count - undecidable} unchanged."
        )
        if undecidable or (moved and not fix):
            # Status 1, so cron mail or monitoring tells someone.
            raise CommandError("Something is left for a person to do: see above.", returncode=1)
