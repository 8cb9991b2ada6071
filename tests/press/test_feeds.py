import datetime

import feedparser
import pytest
from django.utils import timezone
from django.utils.http import http_date

from tests.factories import make_release_version

pytestmark = pytest.mark.django_db


def tag(release, suffix="") -> str:
    day = release.created_at.astimezone(datetime.UTC).date().isoformat()
    return f"tag:press.example.org,{day}:press.pressrelease/{release.pk}{suffix}"


@pytest.fixture
def two_releases(make_release, make_topic, commission, settings):
    settings.SITE_URL = "https://press.example.org"
    now = timezone.now()
    older = make_release(
        title="Older & wiser", slug="older", standfirst="It <b>was</b> said.",
        publish_at=now - datetime.timedelta(days=2), topics=[make_topic("Detention"), make_topic("Travel")],
    )
    newer = make_release(
        title="Newer", slug="newer", publish_at=now - datetime.timedelta(hours=1),
        last_updated_at=now - datetime.timedelta(minutes=5),
    )
    return older, newer


@pytest.mark.parametrize(("url", "version"), [("/press/feed/rss/", "rss20"), ("/press/feed/atom/", "atom10")])
def test_feed_is_well_formed_and_lists_newest_first(client, two_releases, commission, url, version):
    older, newer = two_releases

    response = client.get(url)
    feed = feedparser.parse(response.content)

    assert response.status_code == 200
    assert (feed.bozo, feed.version) == (False, version)
    assert feed.feed.title == f"Press releases · {commission.name}"
    assert feed.feed.link == "https://press.example.org/press/"
    assert [(entry.title, entry.link) for entry in feed.entries] == [
        ("Newer", "https://press.example.org/press/newer/"),
        ("Older & wiser", "https://press.example.org/press/older/"),
    ]
    assert feed.entries[1].summary == "It <b>was</b> said."
    assert [tag.term for tag in feed.entries[1].tags] == ["Detention", "Travel"]
    assert feed.entries[1].published_parsed[:6] == older.publish_at.astimezone(datetime.UTC).timetuple()[:6]


def test_atom_feed_gives_the_update_time(client, two_releases):
    older, newer = two_releases

    feed = feedparser.parse(client.get("/press/feed/atom/").content)

    assert feed.entries[0].updated_parsed[:6] == newer.last_updated_at.astimezone(datetime.UTC).timetuple()[:6]
    assert feed.entries[1].updated_parsed[:6] == older.publish_at.astimezone(datetime.UTC).timetuple()[:6]


def test_a_russian_feed_is_updated_when_a_version_is_written(client, two_releases):
    older, _newer = two_releases
    written = timezone.now().replace(microsecond=0)
    make_release_version(older, "ru", written_at=written)

    response = client.get("/ru/press/feed/atom/")
    [entry] = feedparser.parse(response.content).entries

    assert entry.updated_parsed[:6] == written.astimezone(datetime.UTC).timetuple()[:6]
    assert response["Last-Modified"] == http_date(written.timestamp())


@pytest.mark.parametrize("url", ["/press/feed/rss/", "/press/feed/atom/"])
def test_an_entry_keeps_its_id_when_its_slug_is_corrected(client, two_releases, url):
    older, newer = two_releases
    before = feedparser.parse(client.get(url).content)

    older.slug = "older-corrected"
    older.save()
    after = feedparser.parse(client.get(url).content)

    assert [entry.link for entry in after.entries] == ["https://press.example.org/press/newer/",
                                                       "https://press.example.org/press/older-corrected/"]
    assert [entry.id for entry in after.entries] == [entry.id for entry in before.entries] == [tag(newer), tag(older)]


def test_the_rss_guid_is_not_the_address(client, two_releases):
    _older, newer = two_releases

    body = client.get("/press/feed/rss/").content.decode()

    assert f'<guid isPermaLink="false">{tag(newer)}</guid>' in body
    assert "<link>https://press.example.org/press/newer/</link>" in body


def test_a_version_is_its_own_entry_and_keeps_its_id_when_its_slug_changes(client, two_releases):
    older, _newer = two_releases
    version = make_release_version(older, "ru", slug="starshe")
    [english] = [entry for entry in feedparser.parse(client.get("/press/feed/atom/").content).entries
                 if entry.link.endswith("/press/older/")]

    version.slug = "starshe-ispravleno"
    version.save()
    [russian] = feedparser.parse(client.get("/ru/press/feed/atom/").content).entries

    assert russian.link == "https://press.example.org/ru/press/starshe-ispravleno/"
    assert (russian.id, english.id) == (tag(older, "/ru"), tag(older))


@pytest.mark.parametrize("url", ["/press/feed/rss/", "/events/feed/", "/events/calendar.ics", "/press/"])
def test_without_the_page_cache_a_feed_or_page_still_says_to_ask_again_each_time(client, two_releases, url,
                                                                                 settings):
    settings.PAGE_CACHE_SECONDS = 0  # as a signed-in press officer is served too

    assert client.get(url)["Cache-Control"] == "max-age=0, must-revalidate"


@pytest.mark.parametrize("url", ["/press/feed/rss/", "/press/feed/atom/"])
def test_feed_leaves_out_drafts_scheduled_and_withdrawn(client, make_release, hidden_releases, url):
    make_release(title="Visible")

    feed = feedparser.parse(client.get(url).content)

    assert (feed.bozo, [entry.title for entry in feed.entries]) == (False, ["Visible"])


def test_feed_holds_the_twenty_newest(client, make_release):
    now = timezone.now()
    for n in range(23):
        make_release(title=f"Release {n:02d}", publish_at=now - datetime.timedelta(hours=n + 1))

    feed = feedparser.parse(client.get("/press/feed/rss/").content)

    assert [entry.title for entry in feed.entries] == [f"Release {n:02d}" for n in range(20)]


@pytest.mark.parametrize("url", ["/press/feed/rss/", "/press/feed/atom/"])
def test_empty_feed_is_still_valid(client, url):
    feed = feedparser.parse(client.get(url).content)

    assert (feed.bozo, feed.entries) == (False, [])


@pytest.mark.parametrize("size", [2, 12])
def test_feed_runs_a_fixed_number_of_queries(client, make_release, make_topic, size, django_assert_num_queries):
    topics = [make_topic() for _ in range(size)]
    for _ in range(size):
        make_release(topics=topics)

    # the commission, releases, their topics
    with django_assert_num_queries(3):
        client.get("/press/feed/rss/")
