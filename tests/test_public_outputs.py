"""The join link is private, and drafts are absent: every public output is checked."""

import datetime
import re

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from commission.web.links import absolute_url
from events.models import Event
from tests.factories import JOIN_URL, days_from_today

pytestmark = pytest.mark.django_db

SECRET = "PRIVATE-JOIN-7f3a9c"


@pytest.fixture
def events_with_join_links(make_event):
    return [
        make_event(title="Mixed upcoming", attendance=Event.Attendance.MIXED),
        make_event(title="Online upcoming", attendance=Event.Attendance.ONLINE),
        make_event(title="Moved online", event_status=Event.EventStatus.MOVED_ONLINE),
        make_event(title="Cancelled", event_status=Event.EventStatus.CANCELLED),
        make_event(title="Past", slots=[(days_from_today(-30, 10), days_from_today(-30, 11))]),
    ]


def public_urls(events) -> list[str]:
    urls = [reverse("commission:home"), reverse("commission:about"), reverse("events:list"),
            reverse("events:calendar"), reverse("events:feed"), "/sitemap.xml"]
    for event in events:
        urls += [event.get_absolute_url(), reverse("events:event_calendar", args=[event.slug])]
    return urls


def test_join_link_is_absent_from_every_public_response(client, events_with_join_links):
    assert JOIN_URL.endswith(SECRET)

    for url in public_urls(events_with_join_links):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert SECRET not in body, url
        assert "meet.example.org" not in body, url


def test_sitemap_lists_published_events_only(client, make_event):
    visible = make_event(title="Visible")
    past = make_event(title="Past", slots=[(days_from_today(-30, 10), days_from_today(-30, 11))])
    draft = make_event(title="Draft", status=Event.Status.DRAFT, publish_at=None)
    future = make_event(title="Future", publish_at=timezone.now() + datetime.timedelta(days=1))

    body = client.get("/sitemap.xml").content.decode()

    locations = re.findall(r"<loc>http://127.0.0.1:8000(/events/[^<]+/)</loc>", body)
    assert sorted(locations) == sorted([visible.get_absolute_url(), past.get_absolute_url()])
    assert draft.get_absolute_url() not in body
    assert future.get_absolute_url() not in body


def test_feed_lists_published_events_with_their_times(client, make_event):
    event = make_event(title="Briefing", slots=[(datetime.datetime(2030, 1, 18, 15, 30),
                                                 datetime.datetime(2030, 1, 18, 16, 30))])
    make_event(title="Draft", status=Event.Status.DRAFT, publish_at=None)
    make_event(title="Future", publish_at=timezone.now() + datetime.timedelta(days=1))

    feed = feedparser.parse(client.get(reverse("events:feed")).content)

    assert [entry.title for entry in feed.entries] == ["Briefing"]
    assert feed.entries[0].link == absolute_url(event.get_absolute_url())  # on SITE_URL, as every feed
    assert feed.entries[0].description == (
        f"{event.summary}<br />Friday 18 January 2030<br />3:30pm ALMT – Almaty, Kazakhstan<br />"
        "10:30am GMT – London, UK"
    )


def day(item) -> str:
    return item.created_at.astimezone(datetime.UTC).date().isoformat()


def test_a_feed_entry_keeps_its_id_when_the_slug_is_corrected(client, make_event):
    event, other = make_event(title="Briefing", slug="breifing"), make_event()
    before = feedparser.parse(client.get(reverse("events:feed")).content).entries

    event.slug = "briefing"
    event.save()
    after = {entry.title: entry for entry in feedparser.parse(client.get(reverse("events:feed")).content).entries}

    assert after["Briefing"].link == absolute_url("/events/briefing/")
    assert after["Briefing"].id == f"tag:127.0.0.1,{day(event)}:events.event/{event.pk}"
    assert after[other.title].id == f"tag:127.0.0.1,{day(other)}:events.event/{other.pk}"
    assert sorted(entry.id for entry in before) == sorted(entry.id for entry in after.values())


def test_feed_escapes_authored_text(client, make_event):
    make_event(summary="<img src=x onerror=alert(1)>")

    feed = feedparser.parse(client.get(reverse("events:feed")).content)

    assert "<img" not in feed.entries[0].description


def test_event_feed_links_are_on_site_url_whatever_the_host(client, make_event, settings):
    settings.SITE_URL = "https://press.example.org"
    settings.ALLOWED_HOSTS = ["testserver", "other.example.org"]
    event = make_event()

    body = client.get("/events/feed/", headers={"Host": "other.example.org"}).content.decode()

    assert f"<link>https://press.example.org{event.get_absolute_url()}</link>" in body
    assert "<link>https://press.example.org/events/</link>" in body
    assert "other.example.org" not in body
