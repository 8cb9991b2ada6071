"""Rate limits in the cache: the parser for REGISTRATION_RATE and the counting window."""

import multiprocessing

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from commission.web import ratelimit


@pytest.mark.parametrize(("value", "expected"), [
    ("10/h", (10, 3600)), (" 5 / m ", (5, 60)), ("100/d", (100, 86400)), ("1/s", (1, 1)),
    ("0", None), ("", None), ("0/h", None),
])
def test_parse_rate(value, expected):
    assert ratelimit.parse_rate(value) == expected


@pytest.mark.parametrize("value", ["10", "ten/h", "10/w", "10 per hour", "-1/h"])
def test_parse_rate_refuses_nonsense_naming_the_setting(value):
    with pytest.raises(ImproperlyConfigured, match=r"^REGISTRATION_RATE is '.*': use a number per period, e.g. 10/h"):
        ratelimit.parse_rate(value, name="REGISTRATION_RATE")


def test_hit_allows_the_limit_then_says_how_long_to_wait():
    rate = (2, 3600)

    results = [ratelimit.hit("test", "203.0.113.5", rate) for _ in range(3)]

    assert results[:2] == [0, 0]
    assert 0 < results[2] <= 3600
    assert ratelimit.hit("test", "203.0.113.6", rate) == 0  # another key has its own count
    assert ratelimit.hit("other-scope", "203.0.113.5", rate) == 0


def test_no_rate_means_no_limit():
    assert all(ratelimit.hit("test", "k", None) == 0 for _ in range(100))


def test_processes_counting_at_once_on_the_default_file_cache_lose_no_count(settings, tmp_path):
    """Four processes each count 50 requests of one visitor at the same time: the shared count is 200, so a
    limit lets through no more than it says, however many app servers the requests reach."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                   "LOCATION": str(tmp_path / "cache")}}
    context = multiprocessing.get_context("fork")
    start = context.Barrier(4)

    def count_fifty():
        start.wait()
        for _ in range(50):
            ratelimit.hit("test", "203.0.113.9", (10_000, 3600))

    workers = [context.Process(target=count_fifty) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)

    assert [worker.exitcode for worker in workers] == [0, 0, 0, 0]
    # The 201st request is the first past a limit of 200.
    assert ratelimit.hit("test", "203.0.113.9", (200, 3600)) > 0
    assert ratelimit.hit("test", "203.0.113.10", (200, 3600)) == 0


def test_pages_filling_the_default_file_cache_do_not_wipe_the_counts(settings, tmp_path):
    """The file cache keeps 300 entries and then deletes a random third of them. Anyone can fill it (each public
    page with a made-up query string is kept): the counts must not be among what it deletes, or a few hundred
    requests would reset every limit, and one visitor could send a stranger's address email after email."""

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                   "LOCATION": str(tmp_path / "cache")}}
    rate = (1, 3600)
    assert ratelimit.hit("alerts-email", "victim@example.org", rate) == 0

    for number in range(2000):
        cache.set(f"public-pages:made-up-query-{number}", b"page", timeout=600)

    assert ratelimit.hit("alerts-email", "victim@example.org", rate) > 0
