"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server."""

import io
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.test import Client, override_settings
from django.test.testcases import LiveServerThread
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from events.seed import SAMPLE_SLUG
from press import services, tokens
from press.models import PressRelease
from press.permissions import PRESS_OFFICER_GROUP
from press.seed import SLUG
from tests import factories
from tests.prerequisites import skip_or_fail
from tests.press.versions import correct_release

# pytest-playwright keeps an event loop running in the main thread; the ORM calls made
# by fixtures alongside it are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")



class _OneRequestAtATime(ThreadedWSGIServer):
    """The live server, answering one request at a time (each from its first byte read until the response is
    closed) while keeping a thread per connection. With SQLite in memory every request thread uses the test
    database's one connection: two requests at once (a page and the time preview the event admin asks for as
    it opens) could meet in it and fail with "bad parameter or other API misuse". A real server has a
    connection per thread; PostgreSQL runs keep Django's server as it is."""

    def set_app(self, application):
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            lock.acquire()
            try:
                return _ReleasedOnClose(application(environ, start_response), lock)
            except BaseException:
                lock.release()
                raise

        super().set_app(one_at_a_time)


class _ReleasedOnClose:
    def __init__(self, response, lock):
        self.response, self.lock = response, lock

    def __iter__(self):
        return iter(self.response)

    def close(self):
        try:
            if hasattr(self.response, "close"):
                self.response.close()  # request_finished: what runs after the response, under the lock too
        finally:
            self.lock.release()


if django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    LiveServerThread.server_class = _OneRequestAtATime

# Debian's old headless shell, the build Playwright itself runs headless: the same Blink as the full browser
# with none of its window machinery, it costs about a fifth less CPU a page. The full browser does if it is
# the only one installed.
CHROMIUM = shutil.which("chromium-headless-shell") or shutil.which("chromium") or "/usr/bin/chromium-headless-shell"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

def pytest_runtest_setup(item):
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"browser tests need Chromium at {CHROMIUM}", "apt-get install -y chromium-headless-shell")


@pytest.fixture(scope="session", autouse=True)
def no_database_sessions_left(django_db_setup, django_db_blocker):
    """A live server answers each browser connection in a thread that keeps its database connection while the
    browser keeps the socket alive; on PostgreSQL such a session, still open when the run ends, stops the test
    database from being dropped. Torn down after the browsers and servers, before the database."""
    yield
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@pytest.fixture(scope="session")
def base_url():
    # Replaces pytest-base-url's fixture, which pytest 9 deprecates; tests use the live server's full URLs.
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
        ],
    }

@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        page = next((value for value in item.funcargs.values() if isinstance(value, Page)), None)
        if page is not None:
            ARTIFACTS.mkdir(exist_ok=True)
            stem = ARTIFACTS / item.name.replace("/", "_")
            try:
                page.screenshot(path=f"{stem}.png", full_page=True)
                Path(f"{stem}.html").write_text(page.content())
            except Exception as error:  # the page may be gone; the report matters more
                report.sections.append(("artefacts", f"could not save: {error}"))
    return report


PAGES = {
    "home": "/",
    "release list": "/press/",
    "release archive, a month": "/press/?year=2023&month=1&topic=zhanbolat-mamay",
    "release": f"/press/{SLUG}/",
    "topic": "/press/topics/zhanbolat-mamay/",
    "search with hits": "/press/search/?q=Mamay",
    "search without hits": "/press/search/?q=zeppelin",
    "empty search": "/press/search/",
    "event list": "/events/",
    "event": "/events/press-conference-2023-01-20/",
    "sample event": f"/events/{SAMPLE_SLUG}/",
    "sample registration form": f"/events/{SAMPLE_SLUG}/register/",
    "accreditation form": "/press/accreditation/",
    "email alerts form": "/press/alerts/",
    "commission": "/commission/",
    "person": "/commission/people/lord-macdonald/",
    "privacy": "/privacy/",
    "not found": "/press/no-such-release/",
    # The interface in Russian and Kazakh (longer words in the header and the language switcher).
    "home in Russian": "/ru/",
    "release in Russian": f"/ru/press/{SLUG}/",
    "sample event in Kazakh": f"/kk/events/{SAMPLE_SLUG}/",
    "sample registration form in Kazakh": f"/kk/events/{SAMPLE_SLUG}/register/",
    "email alerts form in Russian": "/ru/press/alerts/",
    # The seed release is corrected once (seeded_site): its versions and what changed.
    "release history": f"/press/{SLUG}/history/",
    "release version": f"/press/{SLUG}/history/1/",
    "release changes": f"/press/{SLUG}/history/2/changes/",
}
# The registration form showing errors, and the check-email, confirmation, confirmed and cancelled pages,
# need a submitted form or a token from an email: test_registration_flow.py runs axe on each of them.


def seed(site_url, officer):
    """The seed content, the upcoming sample press conference (the one a journalist can register for), and a
    draft with a preview link; returns each page's address on the server at ``site_url``."""
    call_command("load_seed", sample=True, verbosity=0, stdout=io.StringIO())
    seed = PressRelease.objects.get(slug=SLUG)
    draft = PressRelease.objects.create(
        title="Draft for the commissioners", slug="draft-for-review", body="Draft text.\n\n[quote 1]",
        commission=seed.commission,
    )
    draft.quotes.create(speaker=seed.quotes.first().speaker, text="A draft quote.")
    link = services.create_preview_link(release=draft, created_by=officer)
    correct_release(seed, by=officer)
    subscription = factories.make_subscription(email="subscriber@example.org")
    personal = tokens.make_alert_manage_token(subscription)
    return {**{name: site_url + path for name, path in PAGES.items()}, "preview": site_url + link.get_absolute_url(),
            # An email-alert subscriber's own pages, reached by the personal link in every alert.
            "alerts manage": f"{site_url}/press/alerts/manage/{personal}/",
            "alerts unsubscribe": f"{site_url}/press/alerts/unsubscribe/{personal}/"}


@pytest.fixture
def seeded_site(django_db_setup, live_server, settings, press_officer):
    """The seeded site for a test that changes it (emptied after the test)."""
    # django_db_setup first: the live server shares an in-memory SQLite test database only if it exists
    # when the server starts; otherwise each request thread opens (and leaks) a connection of its own.
    settings.SITE_URL = live_server.url
    return seed(live_server.url, press_officer)


def _wait_for_request_threads(timeout: float = 5) -> None:
    """Let the live server's request threads finish before it stops: a thread still closing its database
    connection after the server has stopped sharing the in-memory SQLite one fails, in a thread of its own."""
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(max(0, deadline - time.monotonic()))


@pytest.fixture(scope="module")
def shared_site(django_db_setup, django_db_blocker):
    """The seeded site, seeded and served once for a module whose tests only read it; emptied after the module.
    Also holds the press officer who can preview and sign in (``"officer"``).

    pytest-django's live_server empties the database after every test that uses it, so the module has a
    server of its own (the same class, on a free port) and data committed once."""
    with django_db_blocker.unblock():
        server = LiveServer("localhost:0")
        try:
            with override_settings(SITE_URL=server.url):
                officer = factories.make_staff_user("officer")
                officer.groups.add(Group.objects.get(name=PRESS_OFFICER_GROUP))
                yield {**seed(server.url, officer), "host": server.url.split("/")[2], "officer": officer}
        finally:
            _wait_for_request_threads()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


# One browser tab for all the tests of a module that read the shared site: a new browser context per test
# (a new renderer process, every style sheet and script fetched again) took longer than most of the checks.

VIEWPORT = {"width": 1280, "height": 720}  # pytest-playwright's default for a new context


def _tab(browser, browser_context_args, cookies=()):
    context = browser.new_context(**browser_context_args)
    context.add_cookies(list(cookies))
    return context, context.new_page()


def _fresh(page: Page) -> Page:
    """The module's tab as a test's own would start: default size, light scheme."""
    page.set_viewport_size(VIEWPORT)
    page.emulate_media(color_scheme="light")
    return page


@pytest.fixture(scope="module")
def _shared_tab(browser, browser_context_args, shared_site):
    context, page = _tab(browser, browser_context_args)
    yield page
    context.close()  # before shared_site stops its server


@pytest.fixture
def shared_page(_shared_tab):
    """A tab on the shared site, kept for the module (no session: what the public sees)."""
    return _fresh(_shared_tab)


@pytest.fixture(scope="module")
def _shared_officer_tab(browser, browser_context_args, shared_site, django_db_blocker):
    with django_db_blocker.unblock():
        client = Client()
        client.force_login(shared_site["officer"])
    session = {"name": django_settings.SESSION_COOKIE_NAME,
               "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
               "url": shared_site["home"]}
    context, page = _tab(browser, browser_context_args, [session])
    yield page
    context.close()


@pytest.fixture
def shared_officer_page(_shared_officer_tab):
    """A tab on the shared site holding a press officer's session, kept for the module (the login form
    itself is checked separately)."""
    return _fresh(_shared_officer_tab)


@pytest.fixture
def officer_page(page, seeded_site, live_server, press_officer):
    """The browser holds a press officer's session (the login form itself is checked separately)."""
    client = Client()
    client.force_login(press_officer)
    page.context.add_cookies([{
        "name": django_settings.SESSION_COOKIE_NAME,
        "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])
    return page
