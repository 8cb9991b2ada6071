"""How long the press-conference change page takes to draw, against the admin's index page.

Run with `make bench-event-admin` or `.venv/bin/python bench/event_admin.py` (BENCH_N requests a page, default
60). It builds a throwaway test database (SQLite in memory by default; DATABASE_URL=postgres://... for
PostgreSQL), makes a press conference with three slots and seven display zones and a superuser, and times GET
of the change page and of the admin index through Django's test client, alternating the two; each figure is
the median. The index is the baseline measured in the same run: the ratio is what compares across machines.
Beside the wall-clock time it prints the process's CPU time for the request (time.process_time), which a
machine shared with other work disturbs less, with its own ratio and verdict.
"""

import datetime
import os
import statistics
import sys
import time

from common import setup_in_process

setup_in_process()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from commission.models import Commission  # noqa: E402
from events.models import DisplayZone, Event, Slot  # noqa: E402

RUNS = int(os.environ.get("BENCH_N", "60"))
WARMUP = 5
TARGET = 0.2  # seconds
ZONES = ["Asia/Almaty", "Europe/London", "Europe/Brussels", "America/New_York", "Asia/Tokyo",
         "Australia/Sydney", "Africa/Nairobi"]


def build() -> str:
    """A press conference as the issue describes it; the address of its change page."""
    commission = Commission.objects.create(name="Benchmark Commission", slug="benchmark", short_description="x")
    event = Event.objects.create(
        commission=commission, title="Press conference in Almaty", slug="almaty", summary="The Commission speaks.",
        status=Event.Status.DRAFT, attendance=Event.Attendance.MIXED, timezone="Asia/Almaty",
        venue_name="Hotel", venue_city="Almaty", venue_country="Kazakhstan", in_person_capacity=50,
    )
    for day in range(3):
        start = datetime.datetime(2030, 1, 18 + day, 15, 30)
        Slot.objects.create(event=event, start_date=start.date(), start_time=start.time(),
                            end_date=start.date(), end_time=(start + datetime.timedelta(hours=1)).time())
    for order, zone in enumerate(ZONES):
        DisplayZone.objects.create(event=event, order=order, label="", place=zone.split("/")[1], timezone=zone)
    User.objects.create_superuser("bench", "bench@example.org", "not-a-secret-benchmark")
    return f"/admin/events/event/{event.pk}/change/"


def main() -> int:
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        change_url = build()
        client = Client()
        client.force_login(User.objects.get(username="bench"))
        pages = {"change page": change_url, "admin index": "/admin/"}
        timings = {name: [] for name in pages}
        cpu = {name: [] for name in pages}
        sizes = {}
        for _ in range(WARMUP):
            for url in pages.values():
                assert client.get(url).status_code == 200
        for _ in range(RUNS):
            for name, url in pages.items():
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                timings[name].append(time.perf_counter() - started)
                cpu[name].append(time.process_time() - started_cpu)
                assert response.status_code == 200
                sizes[name] = (len(response.content), response.content.count(b"<option"))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    medians = {name: statistics.median(values) for name, values in timings.items()}
    print(f"database: {connection.vendor}; median of {RUNS} requests each, alternating; "
          f"{len(ZONES)} display zones, 3 slots")
    for name, median in medians.items():
        size, options = sizes[name]
        print(f"{name:>12}: {median * 1000:7.1f} ms wall, {statistics.median(cpu[name]) * 1000:7.1f} ms CPU  "
              f"({size / 1024:.0f} KiB, {options} <option>s)")
    cpu_medians = {name: statistics.median(values) for name, values in cpu.items()}
    for kind, figures in (("wall", medians), ("CPU", cpu_medians)):
        ratio = figures["change page"] / figures["admin index"]
        verdict = "met" if figures["change page"] < TARGET else "NOT met"
        print(f"{kind:>4}: change page / admin index: {ratio:.1f}; change page under {TARGET} s: {verdict}")
    if os.getloadavg()[0] > (os.cpu_count() or 1):
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs: the wall-clock figures include "
              "waiting for a CPU; compare the CPU ones")
    return 0


if __name__ == "__main__":
    sys.exit(main())
