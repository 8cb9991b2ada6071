"""Public pages are cached, invalidated by edits and by scheduled instants, and answer 304s."""

import datetime
import hashlib
import os
import socket
import subprocess
import sys
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from unittest import mock

import pytest
import redis
import time_machine
from django.conf import settings
from django.http import HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware, get_nonce
from django.template import engines
from django.urls import reverse
from django.utils import timezone

from commission.models import Membership
from commission.web import cache as page_cache
from commission.web import versions
from commission.web.checks import check_shared_cache
from press.services import create_preview_link

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
    page_key = "public-pages:" + hashlib.sha256(b"/commission/").hexdigest()
    assert [call.args[0] for call in spy.get.call_args_list].count(page_key) == 1
    assert page_key in [call.args[0] for call in spy.set.call_args_list]


def test_unknown_host_gets_400_not_the_cached_page(client, commission):
    assert client.get("/commission/").status_code == 200
    assert client.get("/commission/", headers={"Host": "attacker.example"}).status_code == 400


def test_a_pending_message_bypasses_the_cache(client, commission):
    client.get("/commission/")
    client.cookies["messages"] = "pending"
    response = client.get("/commission/")
    assert response.status_code == 200
    assert hasattr(response.wsgi_request, "session")  # went down the whole stack to the view


def _stored_under(address: str) -> bool:
    return page_cache.cache.get("public-pages:" + hashlib.sha256(address.encode()).hexdigest()) is not None


def test_a_parameter_the_page_does_not_read_is_redirected_away_and_never_stored(client, commission, admin_user):
    etag = client.get("/commission/").headers["ETag"]
    campaign = "/commission/?utm_source=newsletter&fbclid=IwAR0x"

    response = client.get(campaign, headers={"If-None-Match": etag})

    assert response.status_code == 301
    assert response.headers["Location"] == "/commission/"
    assert response.headers["Cache-Control"] == "max-age=86400"  # a browser keeps it a day, not for ever
    assert not _stored_under(campaign)
    assert _stored_under("/commission/")
    assert client.get("/commission/", headers={"If-None-Match": etag}).status_code == 304
    # Requests that never get the shared page are answered as they came.
    assert client.post(campaign).status_code == 200
    client.force_login(admin_user)
    assert client.get(campaign).status_code == 200
    assert not _stored_under(campaign)


def test_the_parameters_a_page_reads_are_kept_as_sent(client, make_release):
    make_release()

    response = client.get("/press/?utm_source=x&year=2023&page=&year=2024&gclid=1&month=")

    assert response.status_code == 301
    assert response.headers["Location"] == "/press/?year=2023&page=&year=2024&month="


@pytest.mark.parametrize(("address", "clean"), [
    ("/ru/commission/?utm_campaign=spring", "/ru/commission/"),
    ("/kk/?gclid=abc", "/kk/"),
    ("/press/feed/rss/?utm_source=feedly", "/press/feed/rss/"),
    ("/ru/press/feed/atom/?x=1", "/ru/press/feed/atom/"),
    ("/events/feed/?ref=home", "/events/feed/"),
    ("/events/calendar.ics?x=1&", "/events/calendar.ics"),
])
def test_every_kind_of_public_page_drops_parameters_it_does_not_read(client, commission, address, clean):
    for response in (client.get(address), client.head(address)):
        assert (response.status_code, response.headers["Location"]) == (301, clean)
    assert not _stored_under(address)


def test_cached_page_gets_a_fresh_nonce_matching_its_header(rf, settings, db):
    template = engines["django"].from_string('<script nonce="{{ csp_nonce }}" type="application/ld+json">{}</script>')

    @page_cache.public_page
    def view(request):
        return HttpResponse(template.render({"csp_nonce": get_nonce(request)}, request))

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


@pytest.mark.parametrize(
    ("edit", "field", "value", "expected"),
    [
        pytest.param("release", "title", "Release After", "Release After", id="release"),
        pytest.param("quote", "text", "Quote After", "Quote After", id="quote"),
        pytest.param("topic", "name", "Topic After", "Topic After", id="topic"),
        pytest.param("person", "short_name", "Speaker After", "Speaker After", id="person"),
        pytest.param("event", "title", "Event After", "Event After", id="event"),
        pytest.param("slot", "start_time", datetime.time(9, 0), "9:00am", id="slot"),
        pytest.param("display zone", "place", "Almaty After", "Almaty After", id="display zone"),
    ],
)
def test_every_kind_of_edit_refreshes_the_pages_showing_it(client, make_release, make_topic, make_person,
                                                            make_event, edit, field, value, expected):
    speaker = make_person(short_name="Speaker Before")
    topic = make_topic("Topic Before")
    release = make_release(title="Release Before", topics=[topic], quotes=[(speaker, "Quote Before")])
    event = make_event(title="Event Before")
    event.related_releases.add(release)
    pages = [release.get_absolute_url(), event.get_absolute_url()]
    before = [client.get(url).content.decode() for url in pages]

    edited = {"release": lambda: release, "quote": release.quotes.get, "topic": lambda: topic,
              "person": lambda: speaker, "event": lambda: event, "slot": event.slots.get,
              "display zone": lambda: event.display_zones.get(label="ALMT")}[edit]()
    setattr(edited, field, value)
    edited.save()

    after = [client.get(url).content.decode() for url in pages]
    assert after != before
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
    make_release(title="Public release")
    draft = make_release(title="Draft release", status="draft", publish_at=None)
    link = create_preview_link(release=draft, created_by=admin_user)
    client.get("/press/")
    assert client.get(link.get_absolute_url()).status_code == 200  # logs its use

    with django_assert_num_queries(0):
        assert "Public release" in client.get("/press/").content.decode()


def test_page_expires_at_a_boundary_that_passes_while_it_renders(rf, monkeypatch, db):
    start = timezone.now()
    boundary = start + datetime.timedelta(seconds=5)  # a release goes public during the render
    monkeypatch.setattr(page_cache, "_time_boundaries", [lambda now: boundary if now < boundary else None])
    stored = {}
    monkeypatch.setattr(page_cache.cache, "set", lambda key, value, timeout=None: stored.update({key: timeout}))

    with time_machine.travel(start, tick=False) as clock:
        def ten_second_render(request):
            clock.shift(datetime.timedelta(seconds=10))
            return HttpResponse("page")

        page_cache.public_page(ten_second_render)(rf.get("/render-test/"))

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


# The cache every process shares, and the content version each process checks without a round trip -----------

ROOT = Path(__file__).resolve().parents[2]
FILES = "django.core.cache.backends.filebased.FileBasedCache"


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_cache(settings):
    """The page cache in Redis (a database of its own, keys of this test's own), as CACHE_URL=redis:// gives."""
    if not _redis_up():
        if os.environ.get("CI"):
            pytest.fail("needs Redis at 127.0.0.1:6379: apt-get install redis-server")
        pytest.skip("needs Redis at 127.0.0.1:6379: apt-get install redis-server")
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/14", "KEY_PREFIX": prefix}}
    yield
    client = redis.Redis(host="127.0.0.1", port=6379, db=14)  # only this test's keys: others may share the database
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def file_cache(settings, tmp_path):
    settings.CACHES = {"default": {"BACKEND": FILES, "LOCATION": str(tmp_path / "cache")}}
    return tmp_path / "cache"


def test_without_cache_url_every_process_shares_files_beside_manage_py():
    env = {key: value for key, value in os.environ.items() if key != "CACHE_URL"}
    env["DEBUG"] = "1"  # as `make run` starts the site
    printed = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c",
         "from django.conf import settings; c = settings.CACHES['default']; print(c['BACKEND'], c['LOCATION'])"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout.split()
    assert printed == [FILES, str(ROOT / ".cache")]


def test_deploy_check_accepts_the_default_files_and_refuses_memory_of_each_process(settings, file_cache):
    assert check_shared_cache(None) == []
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [error.id for error in check_shared_cache(None)] == ["commission.E004"]


def test_an_edit_in_one_process_is_seen_by_another_with_the_default_files(file_cache):
    this_process, other_process = versions.FileVersion(str(file_cache)), versions.FileVersion(str(file_cache))
    before = other_process.current()
    this_process.bump()
    assert other_process.current() == this_process.current() == before + 1


def test_a_lost_version_file_takes_the_pages_with_it(file_cache):
    keeper = versions.FileVersion(str(file_cache))
    keeper.current()
    page_cache.cache.set("public-pages:some-page", "rendered before")
    keeper.path.unlink()
    keeper.current()
    assert page_cache.cache.get("public-pages:some-page") is None


def test_pages_are_refreshed_by_edits_with_the_default_files(client, commission, file_cache):
    client.get("/commission/")
    commission.name = "Renamed Commission"
    commission.save()
    assert "Renamed Commission" in client.get("/commission/").content.decode()


def test_an_edit_in_one_process_is_seen_by_another_through_redis_at_once(redis_cache):
    this_process, other_process = versions.for_cache(settings.CACHES["default"]), versions.for_cache(
        settings.CACHES["default"])
    before = other_process.current()
    assert other_process.current() == before  # its own copy, trusted while no message came
    this_process.bump()
    assert other_process.current() == this_process.current() == before + 1


def test_a_lost_subscription_reads_the_version_from_redis(redis_cache, monkeypatch):
    this_process, other_process = versions.for_cache(settings.CACHES["default"]), versions.for_cache(
        settings.CACHES["default"])
    other_process.current()

    def broken(**kwargs):
        raise redis.ConnectionError("connection reset")

    monkeypatch.setattr(other_process._pubsub, "get_message", broken)
    this_process.bump()
    assert other_process.current() == this_process.current()
    this_process.bump()  # and again while it waits before subscribing anew
    assert other_process.current() == this_process.current()


def test_a_subscription_cut_by_redis_never_hides_a_change(redis_cache):
    this_process, other_process = versions.for_cache(settings.CACHES["default"]), versions.for_cache(
        settings.CACHES["default"])
    other_process.current()
    admin = redis.Redis(host="127.0.0.1", port=6379)
    cut = [client["id"] for client in admin.client_list() if client["name"] == other_process.subscriber_name]
    assert len(cut) == 1
    admin.client_kill_filter(_id=cut[0])

    this_process.bump()  # published while nobody listens

    assert other_process.current() == this_process.current()


def test_pages_are_refreshed_by_edits_through_redis(client, commission, redis_cache):
    client.get("/commission/")
    commission.name = "Renamed Commission"
    commission.save()
    assert "Renamed Commission" in client.get("/commission/").content.decode()


def test_many_requests_at_once_render_a_page_once(rf, monkeypatch):
    monkeypatch.setattr(page_cache, "_time_boundaries", [])
    monkeypatch.setattr(page_cache, "RENDER_WAIT_SECONDS", 60)
    requests = 8
    attempts, renders = [], []
    everyone_asked = threading.Event()
    keeper = versions.keeper()
    take = keeper.lock

    def counting_lock(name, seconds):
        attempts.append(name)
        if len(attempts) >= requests:
            everyone_asked.set()
        return take(name, seconds)

    monkeypatch.setattr(keeper, "lock", counting_lock)

    @page_cache.public_page
    def view(request):
        renders.append(1)
        everyone_asked.wait(timeout=30)  # the page renders while all the others ask for it
        return HttpResponse("the page")

    with ThreadPoolExecutor(requests) as pool:
        responses = list(pool.map(lambda _: view(rf.get("/render-once/")), range(requests)))

    assert len(renders) == 1
    assert [response.content for response in responses] == [b"the page"] * requests


def test_a_lock_left_by_a_dead_process_delays_a_render_but_never_stops_it(rf, monkeypatch):
    monkeypatch.setattr(page_cache, "_time_boundaries", [])
    monkeypatch.setattr(page_cache, "RENDER_WAIT_SECONDS", 0)
    request = rf.get("/left-locked/")
    key, version, _entry = page_cache._lookup(rf.get("/left-locked/"))
    versions.keeper().lock(f"{key}:{version}:rendering", 60)

    response = page_cache.public_page(lambda request: HttpResponse("rendered anyway"))(request)

    assert response.content == b"rendered anyway"


def test_deploy_check_refuses_the_database_cache_whose_counts_two_processes_can_lose(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache"}}
    settings.PAGE_CACHE_SECONDS, settings.REGISTRATION_RATE = 600, "10/h"
    [error] = check_shared_cache(None)
    assert error.id == "commission.E005"
    assert error.msg.startswith("CACHE_URL gives the database cache, but the page cache (PAGE_CACHE_SECONDS=600) and "
                                "the rate limit REGISTRATION_RATE=10/h use it: it adds one to a number by reading it")
    settings.PAGE_CACHE_SECONDS = 0
    settings.REGISTRATION_RATE = "0"
    assert check_shared_cache(None) == []
