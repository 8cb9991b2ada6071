"""Every public page renders in at most six queries (a release twelve, a press conference eight), however
much content the site holds.

Measured with the page cache off (the suite's setting), after one request has read the
commission and its contacts: those are kept per content version (commission/cache.py), so
only the first page rendered after an edit reads them again (two more queries).
"""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from commission.models import MediaContact
from tests.factories import (
    days_from_today,
    make_commission,
    make_event,
    make_event_version,
    make_member,
    make_person,
    make_release,
    make_release_version,
    make_topic,
)

pytestmark = pytest.mark.django_db

BUDGET = 6
# Pages allowed more, and why.
BUDGETS = {
    # Its related press conferences load with their slots and display zones (prefetch_related: three queries);
    # its media library images and documents, one query each; its public versions, for the corrections
    # and updates it lists (one); and its language versions, for the switcher and hreflang (one).
    "release": 12,
    # Its media library images and documents, one query each; its language versions (one); its speakers (one).
    "event": 9,
}

PAGES = {
    "home": lambda site: "/",
    "commission": lambda site: "/commission/",
    "person": lambda site: site["person"].get_absolute_url(),
    "privacy": lambda site: "/privacy/",
    "release list": lambda site: "/press/",
    "release list, page 2": lambda site: "/press/?page=2",
    "release archive, a topic's year": lambda site: f"/press/?year={site['release'].publish_at.year}"
                                                    f"&topic={site['topic'].slug}",
    "release": lambda site: site["release"].get_absolute_url(),
    "topic": lambda site: site["topic"].get_absolute_url(),
    "search": lambda site: "/press/search/?q=release",
    "release feed (RSS)": lambda site: "/press/feed/rss/",
    "release feed (Atom)": lambda site: "/press/feed/atom/",
    "event list": lambda site: "/events/",
    "event": lambda site: site["event"].get_absolute_url(),
    "event calendar file": lambda site: f"{site['event'].get_absolute_url()}calendar.ics",
    "calendar of upcoming events": lambda site: "/events/calendar.ics",
    "event feed": lambda site: "/events/feed/",
    "registration form": lambda site: f"{site['event'].get_absolute_url()}register/",
    "email alerts form": lambda site: "/press/alerts/",
    "sitemap": lambda site: "/sitemap.xml",
}


def grow_site(size, commission):
    """Add to the site, every kind of content grows with ``size``: members, contacts, releases with
    quotes, topics, people and their own contacts, events with slots and zones linked to them; every release
    and event has a Russian and a Kazakh version (with its quotes' and places' words)."""
    members = [make_member(commission) for _ in range(size)]
    topics = [make_topic() for _ in range(size)]
    releases = []
    for n in range(size * 15 + 10):  # more than one page of the list
        release = make_release(commission=commission, topics=topics,
                               quotes=[(person, f"Quote {n}") for person in members])
        release.related_people.set([make_person() for _ in range(2)])
        contact = MediaContact.objects.create(commission=commission, name=f"Release contact {n}",
                                              email=f"r{n}@example.org")
        release.media_contacts.add(contact)
        for language in ("ru", "kk"):
            make_release_version(release, language)
        releases.append(release)
    for n in range(size):
        MediaContact.objects.create(commission=commission, name=f"Contact {n}", email=f"c{n}@example.org")
        event = make_event(
            commission,
            slots=[(days_from_today(n + d, 10), days_from_today(n + d, 11)) for d in (2, 3)],
            display_zones=[("", f"Place {z}", zone) for z, zone in
                           enumerate(["Asia/Almaty", "Europe/London", "America/New_York"][: size])],
        )
        event.related_releases.set(releases[:size])
        for language in ("ru", "kk"):
            make_event_version(event, language)
    return {"person": members[0], "topic": topics[0], "release": releases[0], "event": event}


def queries(url) -> int:
    client = Client()
    client.get(url)  # reads the commission for this content version
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


# The pages in Russian and Kazakh, at their own addresses (the sitemap has an English address only). Each takes
# the English page's queries and, where it shows releases or press conferences, their versions in its language:
# one query for a list's versions, one more for their quotes' or places' words.
TRANSLATED_PAGES = [page for page in PAGES if page != "sitemap"]
LANGUAGES = ["ru", "kk"]
TRANSLATED_BUDGETS = {
    # The English page's, with its latest releases' versions (one) and its upcoming events' versions and their
    # places' words (two).
    "home": 8,
    # The English page's, with its versions' quotes' words (one) and its related press conferences' versions and
    # their places' words (two).
    "release": 15,
    # The English page's, with its versions' places' words (one) and its related releases' versions (one).
    "event": 11,
}


def in_language(small, page: str, language: str) -> str:
    """The page's address in ``language``: under its prefix, with the release's and the event's own slugs."""
    path = PAGES[page](small)
    for item in (small["release"], small["event"]):
        version = item.translations.get(language=language)
        path = path.replace(f"/{item.slug}/", f"/{version.slug}/")
    return f"/{language}{path}"


@pytest.fixture(scope="module")
def counts_on_a_small_site(django_db_setup, django_db_blocker):
    """Every page's count on a small site, in English and in Russian and Kazakh, then the site grown around it
    (made once for the module's tests and rolled back after them): yields (the small site's objects, their pages'
    counts on the small site, keyed by page and by (page, language))."""
    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        commission = make_commission()
        small = grow_site(1, commission)
        counts = {page: queries(url(small)) for page, url in PAGES.items()}
        counts |= {(page, language): queries(in_language(small, page, language))
                   for page in TRANSLATED_PAGES for language in LANGUAGES}
        grow_site(3, commission)  # the same pages, now among more of everything
        yield small, counts
        transaction.set_rollback(True)


@pytest.mark.parametrize("name", PAGES)
def test_public_page_stays_within_its_query_budget_as_the_site_grows(name, counts_on_a_small_site):
    small, small_counts = counts_on_a_small_site
    counts = [small_counts[name], queries(PAGES[name](small))]

    budget = BUDGETS.get(name, BUDGET)
    assert counts[0] <= budget and counts[1] <= budget, f"{name}: {counts} queries, budget {budget}"
    assert counts[0] == counts[1], f"{name}: {counts[0]} queries on a small site, {counts[1]} on a larger one"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", TRANSLATED_PAGES)
def test_page_in_another_language_stays_within_its_query_budget_as_the_site_grows(name, language,
                                                                                  counts_on_a_small_site):
    small, small_counts = counts_on_a_small_site
    counts = [small_counts[name, language], queries(in_language(small, name, language))]

    budget = TRANSLATED_BUDGETS.get(name, BUDGETS.get(name, BUDGET))
    assert counts[0] <= budget and counts[1] <= budget, f"{name}: {counts} queries, budget {budget}"
    assert counts[0] == counts[1], f"{name}: {counts[0]} queries on a small site, {counts[1]} on a larger one"
