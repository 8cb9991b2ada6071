import datetime

import pytest
import time_machine
from django.utils import timezone

from press.models import PressRelease
from tests.htmltools import tags, text_of

pytestmark = pytest.mark.django_db


def at(year, month, day=15):
    return datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)


@pytest.fixture
def archive(make_release, make_topic):
    """Releases across two years and three months, two topics; plus a draft and a scheduled release that
    could leak into any count."""
    detention, travel = make_topic("Detention", slug="detention"), make_topic("Travel", slug="travel")
    make_release(title="January on detention", publish_at=at(2023, 1), topics=[detention])
    make_release(title="January on both", publish_at=at(2023, 1, 20), topics=[detention, travel])
    make_release(title="March on travel", publish_at=at(2023, 3), topics=[travel])
    make_release(title="Last year untagged", publish_at=at(2024, 6))
    make_release(title="Draft on detention", status=PressRelease.Status.DRAFT, publish_at=at(2023, 1),
                 topics=[detention])
    make_release(title="Scheduled on detention", publish_at=timezone.now() + datetime.timedelta(days=2),
                 topics=[detention])
    return detention, travel


def archive_text(response):
    html = response.content.decode()
    start = html.index('<nav class="archive"')
    return text_of(html[start: html.index("</nav>", start) + 6], within="nav")


def test_archive_counts_published_releases_by_topic_and_year(client, archive):
    response = client.get("/press/")

    assert response.status_code == 200
    assert archive_text(response) == (
        "Browse the archive By topic All topics Detention (2) Travel (2) By date All dates 2024 (1) 2023 (3)"
    )
    assert tags(response.content, "a", href="?topic=detention") == [{"href": "?topic=detention"}]
    assert tags(response.content, "a", href="?year=2023") == [{"href": "?year=2023"}]


def test_archive_year_lists_its_months_with_counts(client, archive):
    response = client.get("/press/", {"year": "2023"})

    assert "2023 (3) March 2023 (1) January 2023 (2)" in archive_text(response)
    assert tags(response.content, "a", href="?year=2023&month=1") == [{"href": "?year=2023&month=1"}]
    assert "Showing press releases from 2023. Show all press releases" in text_of(response.content)
    text = text_of(response.content, "ol")
    assert "January on both" in text and "March on travel" in text and "Last year" not in text


def test_archive_filters_by_year_month_and_topic_together(client, archive):
    response = client.get("/press/", {"year": "2023", "month": "1", "topic": "travel"})

    assert response.status_code == 200
    text = text_of(response.content, "ol")
    assert "January on both" in text
    assert "January on detention" not in text and "March on travel" not in text
    assert "Showing press releases on Travel from January 2023." in text_of(response.content)
    assert "<title>Press releases · Travel · January 2023" in response.content.decode()
    # Dates are counted within the topic chosen; topics over the whole archive.
    assert "Detention (2) Travel (2) By date All dates 2023 (2) March 2023 (1) January 2023 (1)" in archive_text(
        response)
    # The topic and the month chosen are both marked as where the reader is.
    assert tags(response.content, "a", href="?year=2023&month=1&topic=travel") == [
        {"href": "?year=2023&month=1&topic=travel", "aria-current": "page"}
    ] * 2


def test_archive_never_counts_a_draft_or_a_scheduled_release(client, make_release, make_topic):
    topic = make_topic("Detention", slug="detention")
    make_release(title="Public", publish_at=at(2023, 1), topics=[topic])
    before = archive_text(client.get("/press/", {"year": "2023"}))

    make_release(title="Draft", status=PressRelease.Status.DRAFT, publish_at=at(2023, 1), topics=[topic])
    make_release(title="Scheduled", publish_at=timezone.now() + datetime.timedelta(days=1), topics=[topic])
    after = client.get("/press/", {"year": "2023"})

    assert archive_text(after) == before
    assert "Detention (1)" in before and "2023 (1) January 2023 (1)" in before
    assert str(timezone.now().year) + " (" not in before
    assert "Draft" not in text_of(after.content) and "Scheduled" not in text_of(after.content)

    draft = PressRelease.objects.get(title="Draft")
    draft.status = PressRelease.Status.PUBLISHED
    draft.save()
    published = archive_text(client.get("/press/", {"year": "2023"}))
    assert "Detention (2)" in published and "2023 (2) January 2023 (2)" in published


def test_archive_topic_of_unpublished_releases_only_is_a_404(client, archive, make_release, make_topic):
    hidden = make_topic("Embargoed subject", slug="embargoed")
    make_release(status=PressRelease.Status.DRAFT, topics=[hidden])

    assert client.get("/press/", {"topic": "embargoed"}).status_code == 404
    assert "Embargoed subject" not in text_of(client.get("/press/").content)


@pytest.mark.parametrize("params", [
    {"year": "abc"}, {"year": "20233"}, {"year": "0"}, {"year": "-1"}, {"year": "²"}, {"year": "9" * 5000},
    {"year": "2023", "month": "13"}, {"year": "2023", "month": "0"}, {"year": "2023", "month": "x"},
    {"month": "1"}, {"topic": "nothing-here"}, {"topic": "x" * 5000}, {"topic": "\x00"},
])
def test_archive_bad_filter_is_a_friendly_404(client, archive, params):
    response = client.get("/press/", params)

    assert response.status_code == 404
    assert "Page not found" in text_of(response.content)


def test_archive_empty_month_says_so(client, archive):
    response = client.get("/press/", {"year": "2022", "month": "5"})

    assert response.status_code == 200
    assert "No press release matches these choices." in text_of(response.content)


def test_archive_pagination_keeps_the_filters(client, make_release, make_topic):
    topic = make_topic("Detention", slug="detention")
    for n in range(22):
        make_release(title=f"Numbered {n:02d}", publish_at=at(2023, 1) - datetime.timedelta(minutes=n),
                     topics=[topic])
    make_release(title="Other month", publish_at=at(2023, 2), topics=[topic])

    first = client.get("/press/", {"year": "2023", "month": "1", "topic": "detention"})
    second = client.get("/press/?year=2023&month=1&topic=detention&page=2")

    assert tags(first.content, "a", rel="next") == [{"rel": "next", "href": "?year=2023&month=1&topic=detention&page=2"}]
    assert len(tags(second.content, "li", within="ol")) == 2
    assert "Other month" not in text_of(second.content)
    # Choosing another filter starts again at the first page.
    assert tags(second.content, "a", href="?year=2023&topic=detention") == [{"href": "?year=2023&topic=detention"}]


@pytest.mark.parametrize("size", [1, 30])
def test_archive_counts_take_the_same_queries_however_large(client, django_assert_num_queries, make_release,
                                                            make_topic, commission, size):
    topics = [make_topic() for _ in range(3)]
    make_release(publish_at=at(2023, 1), topics=topics)
    for n in range(size):
        make_release(publish_at=at(2020 + n % 5, 1 + n % 12), topics=[*topics, make_topic()])
    client.get("/releases-do-not-live-here/")  # reads the commission for this content version
    url = f"/press/?year=2023&topic={topics[0].slug}"

    # After an edit: the next instant a page changes by itself (the next scheduled release; the press
    # conferences' next instants in two), the topic counts, the releases, their topics, the month counts.
    with django_assert_num_queries(7):
        first = client.get(url)
    # Then the counts are kept until the next edit or scheduled release: the releases and their topics.
    with django_assert_num_queries(2):
        again = client.get(url)

    assert first.content == again.content


def test_archive_pages_are_cached_per_address_and_counts_follow_a_scheduled_release(client, make_release,
                                                                                    make_topic, settings):
    settings.PAGE_CACHE_SECONDS = 600
    topic = make_topic("Detention", slug="detention")
    make_release(title="January", publish_at=at(2023, 1), topics=[topic])
    make_release(title="Soon", publish_at=timezone.now() + datetime.timedelta(hours=2), topics=[topic])

    year_2023 = client.get("/press/", {"year": "2023"})
    all_dates = client.get("/press/")
    # The cached page of one address is never served for another.
    assert "Showing press releases from 2023." in text_of(year_2023.content)
    assert "Showing press releases" not in text_of(all_dates.content)
    assert client.get("/press/", {"year": "2023"}).content == year_2023.content
    assert "Detention (1)" in archive_text(all_dates)

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3)):
        later = client.get("/press/")

    assert "Detention (2)" in archive_text(later) and "Soon" in text_of(later.content, "ol")
