"""How the press list page's time grows with the archive: 10 releases, then 10,000.

Run with `make bench-press` (or `.venv/bin/python bench/press_list.py`). It
builds a throwaway test database (SQLite in memory by default; with
DATABASE_URL=postgres://... PostgreSQL, in its own test_<name> database),
requests /press/ many times at each size and prints the times and ratios.

Two ratios are printed:
- 10,000 vs 10 releases, as the issue asks. With 20 releases a page, the
  page at 10 releases has 10 rows and the one at 10,000 has 20, so this
  ratio also contains the cost of drawing 10 more rows.
- 10,000 vs 20 releases: the same 20 rows, so only the archive's size
  differs. This is the one the database design answers for.

The sizes are measured in rounds (10, 20, 10,000, then back), and each
figure is the best round's median, so a busy machine disturbs the result
less. It prints whether the 1.2 target is met; the exit status is 0 either way.
"""

import datetime
import gc
import statistics
import sys
import time

from common import setup_in_process

# Measure rendering the page, not serving it from the page cache.
setup_in_process(PAGE_CACHE_SECONDS="0")

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from commission.models import Commission  # noqa: E402
from press.models import PressRelease, Topic  # noqa: E402

TARGET = 1.2
SIZES = (10, 20, 10_000)
ROUNDS = 3
RUNS = 200
WARMUP = 20
BODY = "A paragraph of a press release, long enough to look like one. " * 40


def set_archive_size(total: int) -> None:
    """Make the archive hold releases 0 … total-1: every tenth beyond the first 20 a draft, five topics."""
    commission = Commission.objects.first() or Commission.objects.create(
        name="Benchmark Commission", slug="benchmark", short_description="For timing."
    )
    topics = list(Topic.objects.order_by("pk")) or [
        Topic.objects.create(name=f"Topic {n}", slug=f"topic-{n}") for n in range(5)
    ]
    PressRelease.objects.filter(created_at__lt=_ORIGIN - datetime.timedelta(hours=total - 0.5)).delete()
    present = PressRelease.objects.count()
    releases = [
        PressRelease(
            title=f"Release {n}: senior parliamentarians blocked from meetings",
            slug=f"release-{n}",
            standfirst="One paragraph that sums the release up for the list and feeds. " * 3,
            body=BODY,
            status=PressRelease.Status.DRAFT if n >= 20 and n % 10 == 0 else PressRelease.Status.PUBLISHED,
            publish_at=_ORIGIN - datetime.timedelta(hours=n + 1),
            created_at=_ORIGIN - datetime.timedelta(hours=n),  # lets the next call cut back to a size
            commission=commission,
        )
        for n in range(present, total)
    ]
    created = PressRelease.objects.bulk_create(releases, batch_size=1000)
    Through = PressRelease.topics.through
    Through.objects.bulk_create(
        [Through(pressrelease_id=release.pk, topic_id=topics[n % len(topics)].pk) for n, release in enumerate(created)],
        batch_size=1000,
    )
    assert PressRelease.objects.count() == total
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as a real database would have


def time_list_page(client: Client) -> float:
    """Median seconds for GET /press/ over RUNS requests, after a warm-up."""
    gc.collect()  # leftovers of building the archive should not be collected during the timing
    for _ in range(WARMUP):
        assert client.get("/press/").status_code == 200
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get("/press/")
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    return statistics.median(timings)


_ORIGIN = timezone.now()


def main() -> int:
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        client = Client()
        medians = {size: [] for size in SIZES}
        for _ in range(ROUNDS):
            for size in SIZES:
                set_archive_size(size)
                medians[size].append(time_list_page(client))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    best = {size: min(values) for size, values in medians.items()}
    asked = best[10_000] / best[10]
    same_rows = best[10_000] / best[20]
    print(f"database: {connection.vendor}; /press/, 20 releases a page; best of {ROUNDS} rounds of {RUNS} requests")
    for size in SIZES:
        rows = min(size, 20)
        print(f"{size:>7,} releases ({rows} rows): {best[size] * 1000:6.2f} ms")
    print(f"ratio 10,000 / 10 releases: {asked:.2f} (target ≤ {TARGET}) — {'met' if asked <= TARGET else 'NOT met'}")
    print(f"ratio 10,000 / 20 releases (same 20 rows): {same_rows:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
