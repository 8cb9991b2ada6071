"""The public pages in a real browser: axe-core finds no WCAG 2.2 A/AA violation, phones do not scroll sideways,
and the page works without JavaScript.

Uses the system Chromium (/usr/bin/chromium) through Playwright; skipped with a reason when it is missing.
"""

import io
import os
import re
import shutil

import pytest
from django.core.management import call_command

from press import services
from press.models import PressRelease
from press.seed import SLUG

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # pytest-playwright keeps an event loop running

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"needs Chromium at {CHROMIUM}"),
]
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
        "resultTypes": ["violations"]}


@pytest.fixture(scope="session")
def base_url():
    # Replaces pytest-base-url's fixture, which pytest deprecates (an error under filterwarnings); pages use full URLs.
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run"]}


@pytest.fixture
def seeded_site(django_db_setup, live_server, settings):
    # django_db_setup first: the live server shares an in-memory SQLite test database only if it exists
    # when the server starts; otherwise each request thread opens (and leaks) a connection of its own.
    settings.SITE_URL = live_server.url
    call_command("load_seed", verbosity=0, stdout=io.StringIO())
    draft = PressRelease.objects.create(
        title="Draft for the commissioners", slug="draft-for-review", body="Draft text.\n\n[quote 1]",
        commission=PressRelease.objects.get(slug=SLUG).commission,
    )
    draft.quotes.create(speaker=PressRelease.objects.get(slug=SLUG).quotes.first().speaker, text="A draft quote.")
    link = services.create_preview_link(release=draft)
    return {
        "release": f"{live_server.url}/press/{SLUG}/",
        "list": f"{live_server.url}/press/",
        "topic": f"{live_server.url}/press/topics/zhanbolat-mamay/",
        "search": f"{live_server.url}/press/search/?q=Mamay",
        "empty search": f"{live_server.url}/press/search/",
        "home": f"{live_server.url}/",
        "preview": f"{live_server.url}{link.get_absolute_url()}",
        "not found": f"{live_server.url}/press/no-such-release/",
    }


def _axe(page):
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, options=WCAG)


@pytest.mark.parametrize("name", ["release", "list", "topic", "search", "empty search", "home", "preview", "not found"])
def test_public_page_has_no_wcag_violation(page, seeded_site, name):
    page.goto(seeded_site[name])

    results = _axe(page)

    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("name", ["release", "list", "search"])
def test_page_fits_a_phone_without_sideways_scrolling(page, seeded_site, name):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(seeded_site[name])

    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert _axe(page).violations_count == 0


def test_release_page_works_without_javascript_and_requests_only_its_own_host(browser, seeded_site, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    hosts = []
    page.on("request", lambda request: hosts.append(request.url.split("/")[2]))

    page.goto(seeded_site["release"])

    assert page.locator("h1").count() == 1
    assert page.locator("blockquote").count() == 2
    assert set(hosts) == {live_server.url.split("/")[2]}
    context.close()


def test_release_prints_on_a4(page, seeded_site):
    page.goto(seeded_site["release"])
    page.emulate_media(media="print")

    pdf = page.pdf(format="A4", prefer_css_page_size=True)

    assert (page.locator(".site-header").is_hidden(), page.locator(".site-footer").is_hidden()) == (True, True)
    assert page.locator("article.release").is_visible()
    # Every external link in the text prints its address after it.
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.release__notes a[href^=\"http\"]'), '::after').content"
    ) == '" (https://www.inquirycommission.com)"'
    assert pdf.startswith(b"%PDF-")
    assert 3 <= len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 5
