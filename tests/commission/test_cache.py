"""Public pages are cached, invalidated by edits and by scheduled instants, and answer 304s."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from commission.models import Membership
from commission.web import cache as page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600  # the suite runs with it off, to count queries of real renders


def test_second_visit_is_served_from_cache_without_queries(client, commission, django_assert_num_queries):
    client.get("/commission/")
    with django_assert_num_queries(0):
        response = client.get("/commission/")
    assert response.status_code == 200
    assert "Inquiry Commission" in response.content.decode()


def test_editing_a_person_refreshes_the_pages_showing_them(client, commission, make_member):
    person = make_member(commission, full_name="Before Name KC")
    assert "Before Name KC" in client.get("/commission/").content.decode()
    person.full_name = "After Name KC"
    person.save()
    body = client.get("/commission/").content.decode()
    assert "After Name KC" in body and "Before Name KC" not in body


def test_deleting_a_membership_refreshes_the_commission_page(client, commission, make_member):
    make_member(commission, full_name="Leaving Member MP")
    client.get("/commission/")
    Membership.objects.get(person__full_name="Leaving Member MP").delete()
    assert "Leaving Member MP" not in client.get("/commission/").content.decode()


def test_matching_etag_gets_304_and_a_changed_page_gets_200(client, commission):
    etag = client.get("/commission/").headers["ETag"]
    assert client.get("/commission/", headers={"If-None-Match": etag}).status_code == 304
    commission.name = "Renamed Commission"
    commission.save()
    response = client.get("/commission/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.headers["ETag"] != etag


def test_signed_in_staff_bypass_the_cache(staff_client, commission, django_assert_max_num_queries):
    staff_client.get("/commission/")
    with django_assert_max_num_queries(20) as captured:
        staff_client.get("/commission/")
    assert len(captured) > 0


def test_hit_is_served_before_sessions_with_every_security_header(client, make_release, django_assert_num_queries):
    url = make_release().get_absolute_url()  # its JSON-LD carries the nonce
    first = client.get(url)
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.status_code == 200
    # Served by FetchPublicPageMiddleware: SessionMiddleware and AuthenticationMiddleware never ran.
    assert not hasattr(response.wsgi_request, "session") and not hasattr(response.wsgi_request, "user")
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    body = response.content.decode()
    assert page_cache.NONCE_PLACEHOLDER not in body
    nonce = body.split('nonce="')[1].split('"')[0]
    assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]
    assert nonce not in first.content.decode()  # a fresh one, not the first response's
    assert response.headers["ETag"] == first.headers["ETag"]
    assert response.headers["Cache-Control"] == "max-age=0, must-revalidate"
    assert response.headers["Content-Length"] == str(len(response.content))
    with django_assert_num_queries(0):
        not_modified = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert not_modified.status_code == 304
    assert not hasattr(not_modified.wsgi_request, "session")


def test_a_miss_asks_the_cache_for_the_page_once(client, commission, monkeypatch):
    spy = mock.Mock(wraps=page_cache.cache)
    monkeypatch.setattr(page_cache, "cache", spy)
    client.get("/commission/")  # the middleware looks up, the view's decorator renders and stores
    assert spy.get_many.call_count == 1
    assert spy.set.call_count >= 1


def test_unknown_host_gets_400_not_the_cached_page(client, commission):
    assert client.get("/commission/").status_code == 200
    assert client.get("/commission/", headers={"Host": "attacker.example"}).status_code == 400


def test_a_pending_message_bypasses_the_cache(client, commission):
    client.get("/commission/")
    client.cookies["messages"] = "pending"
    response = client.get("/commission/")
    assert response.status_code == 200
    assert hasattr(response.wsgi_request, "session")  # went down the whole stack to the view


def test_cached_page_gets_a_fresh_nonce_matching_its_header(rf, settings, db):
    from django.middleware.csp import ContentSecurityPolicyMiddleware
    from django.template import engines

    template = engines["django"].from_string('<script nonce="{{ csp_nonce }}" type="application/ld+json">{}</script>')

    @page_cache.public_page
    def view(request):
        from django.http import HttpResponse

        return HttpResponse(template.render({"csp_nonce": request._csp_nonce}, request))

    middleware = ContentSecurityPolicyMiddleware(view)
    bodies, headers = [], []
    for _ in range(2):
        response = middleware(rf.get("/nonce-test/"))
        bodies.append(response.content.decode())
        headers.append(response.headers["Content-Security-Policy"])
    for body, header in zip(bodies, headers, strict=True):
        nonce = body.split('nonce="')[1].split('"')[0]
        assert f"'nonce-{nonce}'" in header
    assert bodies[0] != bodies[1]


def test_page_is_cached_only_until_the_next_registered_boundary(monkeypatch):
    now = timezone.now()
    monkeypatch.setattr(page_cache, "_time_boundaries", [lambda at: at + datetime.timedelta(seconds=42)])
    assert page_cache._seconds_to_next_boundary(1, now) == 43
    monkeypatch.setattr(page_cache, "_time_boundaries", [lambda at: None])
    assert page_cache._seconds_to_next_boundary(2, now) == 600


def test_page_cache_off_renders_every_time(client, settings, commission, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(reverse("commission:home"))
    with django_assert_num_queries(2):  # releases, events (the commission is kept per content version)
        client.get(reverse("commission:home"))


def test_a_cached_list_shows_a_scheduled_release_once_its_time_comes(client, make_release):
    instant = timezone.now() + datetime.timedelta(minutes=5)
    make_release(title="Goes live shortly", slug="goes-live", publish_at=instant)
    assert "Goes live shortly" not in client.get("/press/").content.decode()  # cached, until the instant
    with time_machine.travel(instant + datetime.timedelta(seconds=1.1), tick=False):
        assert "Goes live shortly" in client.get("/press/").content.decode()


@pytest.mark.parametrize("edit", ["release", "quote", "topic", "person", "event", "slot", "display zone"])
def test_every_kind_of_edit_refreshes_the_pages_showing_it(client, make_release, make_topic, make_person,
                                                            make_event, edit):
    speaker = make_person(short_name="Speaker Before")
    topic = make_topic("Topic Before")
    release = make_release(title="Release Before", topics=[topic], quotes=[(speaker, "Quote Before")])
    event = make_event(title="Event Before")
    event.related_releases.add(release)
    pages = [release.get_absolute_url(), event.get_absolute_url()]
    before = [client.get(url).content.decode() for url in pages]

    if edit == "release":
        release.title = "Release After"
        release.save()
    elif edit == "quote":
        quote = release.quotes.get()
        quote.text = "Quote After"
        quote.save()
    elif edit == "topic":
        topic.name = "Topic After"
        topic.save()
    elif edit == "person":
        speaker.short_name = "Speaker After"
        speaker.save()
    elif edit == "event":
        event.title = "Event After"
        event.save()
    elif edit == "slot":
        slot = event.slots.get()
        slot.start_time = datetime.time(9, 0)
        slot.save()
    else:
        zone = event.display_zones.get(label="ALMT")
        zone.place = "Almaty After"
        zone.save()

    after = [client.get(url).content.decode() for url in pages]
    assert after != before
    expected = {"release": "Release After", "quote": "Quote After", "topic": "Topic After",
                "person": "Speaker After", "event": "Event After", "slot": "9:00am",
                "display zone": "Almaty After"}[edit]
    assert any(expected in page for page in after)


def test_calendar_file_keeps_its_headers_when_cached(client, make_event):
    event = make_event()
    url = reverse("events:event_calendar", args=[event.slug])
    first = client.get(url)
    second = client.get(url)
    assert second.headers["Content-Type"] == first.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert second.headers.get("Content-Disposition") == first.headers.get("Content-Disposition")


def test_a_lost_version_does_not_bring_back_an_older_page(client, commission):
    client.get("/commission/")
    commission.name = "Renamed Commission"
    commission.save()
    assert "Renamed Commission" in client.get("/commission/").content.decode()
    page_cache.cache.delete(page_cache.VERSION_KEY)  # evicted, or Redis restarted without its data

    assert "Renamed Commission" in client.get("/commission/").content.decode()


def test_opening_a_preview_link_leaves_the_public_pages_cached(client, make_release, admin_user,
                                                              django_assert_num_queries):
    from press.services import create_preview_link

    make_release(title="Public release")
    draft = make_release(title="Draft release", status="draft", publish_at=None)
    link = create_preview_link(release=draft, created_by=admin_user)
    client.get("/press/")
    assert client.get(link.get_absolute_url()).status_code == 200  # logs its use

    with django_assert_num_queries(0):
        assert "Public release" in client.get("/press/").content.decode()


def test_page_expires_at_a_boundary_that_passes_while_it_renders(rf, monkeypatch, db):
    from django.http import HttpResponse

    start = timezone.now()
    clock = iter([start, start + datetime.timedelta(seconds=10)])  # the render takes ten seconds
    monkeypatch.setattr(page_cache.timezone, "now", lambda: next(clock))
    boundary = start + datetime.timedelta(seconds=5)  # a release goes public during the render
    monkeypatch.setattr(page_cache, "_time_boundaries", [lambda now: boundary if now < boundary else None])
    stored = {}
    monkeypatch.setattr(page_cache.cache, "set", lambda key, value, timeout=None: stored.update({key: timeout}))

    page_cache.public_page(lambda request: HttpResponse("page"))(rf.get("/render-test/"))

    page_timeouts = [timeout for key, timeout in stored.items() if "boundary" not in key]
    assert page_timeouts == [6]  # until just after the boundary, not for PAGE_CACHE_SECONDS


def test_a_many_to_many_change_bumps_the_version_once(make_release, make_topic):
    release, topic = make_release(), make_topic()
    before = page_cache.content_version()
    release.topics.add(topic)  # pre_add and post_add
    assert page_cache.content_version() == before + 1


def test_a_page_asks_the_cache_for_the_commission_once(client, commission, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 0  # rendered every time: the view and the template both want it
    spy = mock.Mock(wraps=page_cache.cache)
    monkeypatch.setattr(page_cache, "cache", spy)
    client.get("/commission/")
    asked = [call for call in spy.get.call_args_list if str(call.args[0]).endswith(":commission")]
    assert len(asked) == 1
