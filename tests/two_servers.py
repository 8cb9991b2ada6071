"""Two app-server processes on one database behave as one site, with each cache the project accepts.

The tests and what they share; tests/test_two_servers_files.py runs them with the default cache (no CACHE_URL:
files every process on the machine shares) and tests/test_two_servers_redis.py with Redis, each module in a
pytest-xdist worker of its own (``--dist loadfile``).

A module starts two gunicorn servers (one worker each, so requests alternate between two processes) on
127.0.0.1 sharing a SQLite file. Pages, feeds and calendar files are warmed in both; then content changes in
the admin (through one server) or by a management command (a process of its own), and 50 requests alternating
between the servers, from the first one after the change, must all get the new page.

Without gunicorn or Redis these tests are skipped, saying what to install; with CI=true they fail instead.
"""

import contextlib
import http.cookiejar
import importlib.util
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from django.db import connection

from events.seed import SAMPLE_SLUG
from press.seed import SLUG as RELEASE_SLUG
from tests.forkserver import run_manage
from tests.htmltools import form_fields
from tests.prerequisites import skip_or_fail

ROOT = Path(__file__).resolve().parent.parent
REDIS = ("127.0.0.1", 6379)
REQUESTS = 50
RELEASE_TITLE = "Senior British Parliamentarians"  # the seed release's title starts so
ADMIN_PASSWORD = "two-servers-admin-password"  # noqa: S105 — a throwaway site in a temporary folder


def _redis_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


def _require(cache: str) -> None:
    """Skip (fail in CI) when this machine lacks what running the servers with ``cache`` needs."""
    if importlib.util.find_spec("gunicorn") is None:
        skip_or_fail("gunicorn is not installed", "pip install '.[dev]'")
    if cache == "redis" and not _redis_up():
        skip_or_fail("needs Redis at 127.0.0.1:6379", "apt-get install -y redis-server && redis-server --daemonize yes")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _get(port: int, path: str) -> str:
    status, body = _fetch(port, path)
    assert status == 200, (path, status)
    return body


def serve(cache: str, tmp_path_factory, django_db_blocker):
    """A site in a temporary folder (the seed, its sample press conference and a superuser) served by two
    gunicorn servers with ``cache`` ("default" or "redis"); yields (ports, env, manage), then stops them.
    The module's ``site`` fixture asks for pytest-django's ``django_db_setup`` first (see _copy_migrated)."""
    _require(cache)
    tmp_path = _memory_folder(f"two-servers-{cache}") or tmp_path_factory.mktemp(f"two-servers-{cache}")
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL"}}
    env.update({
        "DEBUG": "0",
        "SECRET_KEY": "two-servers-test-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        # Apart from any other run sharing the cache (the default folder, or this Redis database).
        "CACHE_KEY_PREFIX": f"two-servers-{uuid.uuid4().hex}",
        "PAGE_CACHE_SECONDS": "600",
        "REGISTRATION_RATE": "2/h",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "EMAIL_URL": "locmem://",
        "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
    })
    if cache == "redis":
        env["CACHE_URL"] = "redis://127.0.0.1:6379/15"
    manage = [sys.executable, str(ROOT / "manage.py")]
    # The servers boot (import Django and the site) while the database is made: neither touches it before the
    # first request, sent once it is ready.
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen([sys.executable, "-m", "gunicorn", "commission.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}",
                          "--log-level", "warning"], cwd=ROOT, env=env, start_new_session=True)
        for port in ports
    ]
    try:
        migrate = "" if _copy_migrated(tmp_path / "shared.sqlite3", django_db_blocker) else (
            "call_command('migrate', verbosity=0); ")
        # (migrate,) load_seed --sample and createsuperuser, in one process rather than three.
        run_manage(["shell", "--no-imports", "-c",
                    f"from django.core.management import call_command; {migrate}"
                    "call_command('load_seed', sample=True, verbosity=0); "
                    "call_command('createsuperuser', interactive=False, username='editor', email='e@example.org', "
                    "verbosity=0)"],
                   env=env, check=True, timeout=120)
        for port in ports:
            _wait_until_serving(port)
        yield ports, env, manage
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGKILL)  # the master and its worker: nothing is left to finish
        for server in servers:
            server.wait(timeout=10)
        if tmp_path.parent == SHM:
            shutil.rmtree(tmp_path, ignore_errors=True)


SHM = Path("/dev/shm")
EMPTY_TABLES = ["auth_user", "commission_commission", "press_pressrelease", "events_event"]


def _copy_migrated(path: Path, django_db_blocker) -> bool:
    """Copy this worker's test database, which pytest-django has migrated already, to ``path``, if it is SQLite
    in memory (never a database of the site's own: a run of only these modules sets up none) and holds no
    content: the schema and rows (content types, permissions, the press officer group) that ``migrate`` would
    make, without migrating a second time. False, with nothing at ``path``, otherwise."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        return False
    with django_db_blocker.unblock():
        connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(path)) as copy:
            connection.connection.backup(copy)
            tables = {name for (name,) in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if {"django_migrations", *EMPTY_TABLES} <= tables and all(
                    copy.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0  # noqa: S608 — fixed names
                    for table in EMPTY_TABLES):
                return True
    path.unlink()
    return False


def _memory_folder(name: str) -> Path | None:
    """A new folder in memory (Linux's /dev/shm), if there is one: SQLite waits for the disk at each commit,
    and migrating a new database commits once per migration. None elsewhere."""
    if SHM.is_dir() and os.access(SHM, os.W_OK):
        return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=SHM))
    return None


def _wait_until_serving(port: int, timeout: float = 30) -> None:
    """Poll the port until its server answers (the master binds it before its worker is ready)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            _fetch(port, "/")
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _query(site, sql: str, *params):
    """One value read straight from the site's SQLite file: reads need no Django process (writes do, for the
    signals that refresh the caches)."""
    _ports, env, _manage = site
    path = env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute(sql, params).fetchone()[0]


def _manage(site, *args: str) -> str:
    """A management command in a process of its own (tests/forkserver.py), beside the servers."""
    _ports, env, _manage = site
    return run_manage(list(args), env=env, check=True).stdout


def _shell(site, code: str) -> str:
    return _manage(site, "shell", "--no-imports", "-c", code).strip()


def _warm(site, paths) -> None:
    """Every path served (and so kept) by both servers' processes: rendered, then served from the cache."""
    ports, _env, _manage = site
    for port in ports:
        for path in paths:
            for _ in range(2):
                _fetch(port, path)


def _stale_responses(site, checks: dict) -> list[str]:
    """50 requests, alternating servers and paths, from the first one after the change: those whose
    answer fails its path's check (the old page)."""
    ports, _env, _manage = site
    plan = [(ports[n % 2], list(checks)[(n // 2) % len(checks)]) for n in range(REQUESTS)]
    stale = []
    for n, (port, path) in enumerate(plan):
        status, body = _fetch(port, path)
        if not checks[path](status, body):
            stale.append(f"request {n + 1}: {path} on port {port} answered {status}, the old page")
    return stale


RELEASE_PAGE = f"/press/{RELEASE_SLUG}/"
RELEASE_PATHS = [RELEASE_PAGE, "/press/", "/press/feed/rss/", "/"]


def _release_public(public: bool) -> dict:
    """Each release path's check: the seed release is shown (``public``) or gone everywhere."""
    def page(status, body):
        return status == (200 if public else 404)

    def listing(status, body):
        return status == 200 and (RELEASE_TITLE in body) == public

    return {RELEASE_PAGE: page, "/press/": listing, "/press/feed/rss/": listing, "/": listing}


class _Admin:
    """A signed-in press officer's browser against one server."""

    def __init__(self, port: int):
        self.port = port
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.post("/admin/login/?next=/admin/", {"username": "editor", "password": ADMIN_PASSWORD},
                  fetch_first=True)

    def form(self, path: str) -> dict[str, list[str]]:
        """The admin form at ``path`` as a browser would send it unchanged (its buttons left out)."""
        return form_fields(self.opener.open(f"http://127.0.0.1:{self.port}{path}", timeout=10).read())

    def post(self, path: str, data: dict, *, fetch_first: bool = False) -> int:
        url = f"http://127.0.0.1:{self.port}{path}"
        if fetch_first:
            self.opener.open(url, timeout=10).read()
        token = next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        with self.opener.open(request, timeout=30) as response:  # follows the redirect after a change
            self.last_page = response.read().decode()
            return response.status


def _release_pk(site) -> str:
    return str(_query(site, "SELECT id FROM press_pressrelease WHERE slug = ?", RELEASE_SLUG))


def test_return_to_draft_and_publish_in_the_admin_show_on_both_servers_at_once(site):
    (first, second), _env, _manage = site
    pk = _release_pk(site)
    admin = _Admin(first)
    _warm(site, RELEASE_PATHS)

    admin.post("/admin/press/pressrelease/", {"action": "return_to_draft", "_selected_action": pk, "post": "yes",
                                              "index": "0", "select_across": "0"}, fetch_first=True)
    assert _stale_responses(site, _release_public(False)) == []

    _warm(site, RELEASE_PATHS)
    admin.post(f"/admin/press/pressrelease/{pk}/publish/", {"_confirm": "Confirm: publish now"}, fetch_first=True)
    assert _stale_responses(site, _release_public(True)) == []


def test_return_to_draft_and_publish_by_a_management_command_show_on_both_servers_at_once(site):
    service = ("from django.contrib.auth.models import User; from press import services; "
               "from press.models import PressRelease; "
               f"release = PressRelease.objects.get(slug={RELEASE_SLUG!r}); "
               "services.{verb}(release=release, by=User.objects.get(username='editor'))")
    _warm(site, RELEASE_PATHS)
    _shell(site, service.format(verb="unpublish_release"))
    assert _stale_responses(site, _release_public(False)) == []

    _warm(site, RELEASE_PATHS)
    _shell(site, service.format(verb="publish_release"))
    assert _stale_responses(site, _release_public(True)) == []


EVENT_PAGE = f"/events/{SAMPLE_SLUG}/"
EVENT_PATHS = [EVENT_PAGE, f"/events/{SAMPLE_SLUG}/calendar.ics", "/events/calendar.ics"]


def _london_line(site) -> str:
    """The London line of the sample press conference's times on its page ("Monday 14 December 2026, …")."""
    return re.search(r"<li[^>]*>([^<]*GMT[^<]*)</li>", _get(site[0][0], EVENT_PAGE)).group(1)


def _event_moved(old_line: str, old_dtstart: str) -> dict:
    """Each event path's check: the page no longer says ``old_line``, the calendar files ``old_dtstart``."""
    def page(status, body):
        return status == 200 and "GMT" in body and old_line not in body

    def calendar(status, body):
        return status == 200 and "DTSTART" in body and old_dtstart not in body.replace("\r\n ", "")

    return {EVENT_PAGE: page, f"/events/{SAMPLE_SLUG}/calendar.ics": calendar, "/events/calendar.ics": calendar}


def _dtstart(site) -> str:
    """The sample press conference's first DTSTART line, as its calendar file writes it."""
    body = _get(site[0][0], f"/events/{SAMPLE_SLUG}/calendar.ics").replace("\r\n ", "")
    event = body[body.index("BEGIN:VEVENT"):]  # not the time zone's rules, which have DTSTARTs too
    return re.search(r"^DTSTART[^\r\n]*", event, re.MULTILINE).group(0)


def _first_start_utc(site) -> str:
    return _query(site, "SELECT MIN(slot.start_utc) FROM events_slot slot JOIN events_event event "
                        "ON slot.event_id = event.id WHERE event.slug = ?", SAMPLE_SLUG)


def test_moving_a_press_conference_in_the_admin_shows_on_both_servers_at_once(site):
    (first, second), _env, _manage = site
    pk = _query(site, "SELECT id FROM events_event WHERE slug = ?", SAMPLE_SLUG)
    admin = _Admin(second)
    _warm(site, EVENT_PATHS)
    before_utc, before_line, before_dtstart = _first_start_utc(site), _london_line(site), _dtstart(site)
    change = f"/admin/events/event/{pk}/change/"
    form = admin.form(change)
    first_slot = min((name for name in form if re.fullmatch(r"slots-\d+-start_time", name)),
                     key=lambda name: int(name.split("-")[1]))
    hour, minute = form[first_slot][0].split(":")[:2]
    form[first_slot] = [f"{int(hour) + 1:02d}:{minute}"]
    end = first_slot.replace("start_time", "end_time")
    end_hour, end_minute = form[end][0].split(":")[:2]
    form[end] = [f"{int(end_hour) + 1:02d}:{end_minute}"]

    admin.post(change, {**form, "_save": "Save", "_notify_confirmed": "1"})

    errors = re.findall(r'class="errorlist[^>]*>(.*?)</ul>', admin.last_page, re.S)
    assert _first_start_utc(site) != before_utc, errors  # saved
    assert _stale_responses(site, _event_moved(before_line, before_dtstart)) == []


def test_moving_a_press_conference_by_a_management_command_shows_on_both_servers_at_once(site):
    # An edit through the service, as the admin does it: the slot one hour later, the change recorded.
    _warm(site, EVENT_PATHS)
    before_utc, before_line, before_dtstart = _first_start_utc(site), _london_line(site), _dtstart(site)
    _shell(site, "import datetime; from events import services; from events.models import Event; "
                 f"event = Event.objects.get(slug={SAMPLE_SLUG!r}); before = services.capture_state(event); "
                 "slot = event.slots.order_by('start_utc').first(); "
                 "slot.start_time = (datetime.datetime.combine(slot.start_date, slot.start_time) "
                 "+ datetime.timedelta(hours=1)).time(); "
                 "slot.end_time = (datetime.datetime.combine(slot.end_date, slot.end_time) "
                 "+ datetime.timedelta(hours=1)).time(); slot.save(); "
                 "services.record_changes_since(before=before, event=event)")
    moved_utc = _first_start_utc(site)
    assert moved_utc != before_utc
    # Each check fails on the old page: the calendar's DTSTART and the London time both moved by an hour.
    assert _stale_responses(site, _event_moved(before_line, before_dtstart)) == []


def test_check_timezones_fix_shows_on_both_servers_at_once(site):
    right_line = _london_line(site)
    # The stored instant is an hour off, as after a tzdata update; the pages (refreshed) say so.
    _shell(site, "import datetime; from django.db.models import F; from commission.web.cache import "
                 "bump_content_version; from events.models import Slot; "
                 f"Slot.objects.filter(event__slug={SAMPLE_SLUG!r}).update("
                 "start_utc=F('start_utc') + datetime.timedelta(hours=1), "
                 "end_utc=F('end_utc') + datetime.timedelta(hours=1)); bump_content_version()")
    _warm(site, EVENT_PATHS)
    assert _london_line(site) != right_line

    _manage(site, "check_timezones", "--fix")

    assert _stale_responses(site, {EVENT_PAGE: lambda status, body: status == 200 and right_line in body}) == []


def test_a_page_cached_by_one_process_is_served_by_the_other(site):
    (first, second), _env, _manage = site
    assert "Rushanara Ali MP" in _get(first, "/commission/")
    # Change the database behind the cache's back (no signal): the other process still serves the cached page.
    _shell(site, "from commission.models import Person; "
                 "Person.objects.filter(slug='rushanara-ali').update(full_name='Changed without a signal')")
    assert "Changed without a signal" not in _get(second, "/commission/")


def test_an_edit_by_a_shell_command_refreshes_pages_served_by_both(site):
    (first, second), _env, _manage = site
    _warm(site, ["/commission/"])
    _shell(site, "from commission.models import Person; p = Person.objects.get(slug='rushanara-ali'); "
                 "p.full_name = 'Rushanara Ali MP (edited)'; p.save()")
    assert "Rushanara Ali MP (edited)" in _get(first, "/commission/")
    assert "Rushanara Ali MP (edited)" in _get(second, "/commission/")


def _post_registration_form(port: int, opener, email: str) -> int:
    """Fetch the form (for its CSRF token, its cookie and a way of attending it offers) and send it filled in
    for ``email``: a valid submission, which the rate limit counts; return the status code."""
    url = f"http://127.0.0.1:{port}/events/{SAMPLE_SLUG}/register/"
    page = opener.open(url, timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    attendance = re.search(r'name="attendance" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "name": "Ann Reporter", "email": email,
                                   "organisation": "The Paper", "role": "journalist", "attendance": attendance,
                                   "consent": "on"}).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": url})
    try:
        return opener.open(request, timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


def test_rate_limit_counts_requests_across_both_processes(site):
    (first, second), _env, _manage = site
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    # REGISTRATION_RATE=2/h per address: two attempts through the first process, the third through the other.
    statuses = [_post_registration_form(first, opener, "a@example.org"),
                _post_registration_form(first, opener, "b@example.org"),
                _post_registration_form(second, opener, "c@example.org")]
    assert 429 not in statuses[:2]
    assert statuses[2] == 429
