"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server."""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from events.seed import SAMPLE_SLUG
from press import services
from press.models import PressRelease
from press.seed import SLUG
from tests.prerequisites import skip_or_fail

# pytest-playwright keeps an event loop running in the main thread; the ORM calls made
# by fixtures alongside it are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

def pytest_runtest_setup(item):
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"browser tests need Chromium at {CHROMIUM}", "apt-get install -y chromium")


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
        page = item.funcargs.get("page")
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
    "release": f"/press/{SLUG}/",
    "topic": "/press/topics/zhanbolat-mamay/",
    "search with hits": "/press/search/?q=Mamay",
    "search without hits": "/press/search/?q=zeppelin",
    "empty search": "/press/search/",
    "event list": "/events/",
    "event": "/events/press-conference-2023-01-20/",
    "sample event": f"/events/{SAMPLE_SLUG}/",
    "sample registration form": f"/events/{SAMPLE_SLUG}/register/",
    "commission": "/commission/",
    "person": "/commission/people/lord-macdonald/",
    "privacy": "/privacy/",
    "not found": "/press/no-such-release/",
}
# The registration form showing errors, and the check-email, confirmation, confirmed and cancelled pages,
# need a submitted form or a token from an email: test_registration_flow.py runs axe on each of them.


@pytest.fixture
def seeded_site(django_db_setup, live_server, settings, press_officer):
    # django_db_setup first: the live server shares an in-memory SQLite test database only if it exists
    # when the server starts; otherwise each request thread opens (and leaks) a connection of its own.
    settings.SITE_URL = live_server.url
    # sample=True adds the upcoming sample press conference, the one a journalist can register for.
    call_command("load_seed", sample=True, verbosity=0, stdout=io.StringIO())
    seed = PressRelease.objects.get(slug=SLUG)
    draft = PressRelease.objects.create(
        title="Draft for the commissioners", slug="draft-for-review", body="Draft text.\n\n[quote 1]",
        commission=seed.commission,
    )
    draft.quotes.create(speaker=seed.quotes.first().speaker, text="A draft quote.")
    link = services.create_preview_link(release=draft, created_by=press_officer)
    return {**{name: live_server.url + path for name, path in PAGES.items()},
            "preview": live_server.url + link.get_absolute_url()}
