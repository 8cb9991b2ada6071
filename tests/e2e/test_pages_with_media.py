"""The richest public pages in a real browser: the seed release with library images, a PDF and its quotes; the
press conference it announces after it took place, with the same media, a speaker, its recording, statement and
transcript; the speaker's page. No WCAG 2.2 A/AA violation in light or dark mode and nothing sideways at 320 px;
the release complete without JavaScript, with nothing from another host, and printed from the browser as a clean
A4 page with the text a journalist files from and nothing to click.

The pages are the module's shared site (tests/e2e/conftest.py) with the media and materials added once."""

import re

import pytest

from events.models import Event
from events.seed import EVENT_SLUG
from press.models import PressRelease
from press.seed import SLUG
from tests.e2e.axe import assert_accessible
from tests.factories import add_after_the_event_materials, attach_sample_media

# The pages are read from the module's shared site; the mark only has pytest-django create the test database.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def site(shared_site, django_db_blocker):
    with django_db_blocker.unblock():
        event = add_after_the_event_materials(Event.objects.get(slug=EVENT_SLUG))
        speaker = attach_sample_media(PressRelease.objects.get(slug=SLUG), event)
    return {**shared_site, "speaker": shared_site["home"].removesuffix("/") + speaker.get_absolute_url()}


@pytest.mark.parametrize("name", ["release", "event", "speaker"])
def test_page_has_no_wcag_violation_in_either_scheme_and_never_scrolls_sideways(shared_page, site, name):
    shared_page.goto(site[name])
    sections = {"release": ["Media", "Notes to editors"], "event": ["Media", "After the press conference", "Speakers"],
                "speaker": ["Quoted in press releases", "Speaking at press conferences"]}[name]
    for heading in sections:
        assert shared_page.get_by_role("heading", name=heading, exact=True).is_visible(), heading
    if name != "speaker":
        assert shared_page.locator("main img").count() >= 2  # the library's images

    assert_accessible(shared_page, name)
    shared_page.set_viewport_size({"width": 320, "height": 800})
    overflow = shared_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways at 320px"


def test_release_page_works_without_javascript_and_requests_only_its_own_host(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    hosts = []
    page.on("request", lambda request: hosts.append(request.url.split("/")[2]))

    page.goto(site["release"])

    assert page.locator("h1").count() == 1
    assert page.locator("blockquote").count() == 2
    assert page.locator("main img").count() >= 2
    assert set(hosts) == {site["host"]}
    context.close()


HIDDEN = {
    "skip link": ".skip-link", "site header and navigation": ".site-header", "footer": ".site-footer",
    "media downloads": ".media", "version history link": ".release__updated",
    "PDF download link": ".release__download", "people and topics": ".release__filing",
}
SHOWN = {
    "dateline": ".release__dateline", "title": "h1.release__title", "standfirst": ".release__standfirst",
    "body": ".release__body", "first quote": "blockquote >> nth=0", "second quote": "blockquote >> nth=1",
    "notes to editors": ".release__notes", "media contacts": ".release__contacts",
}


def test_release_prints_its_text_on_a4_without_chrome(page, site):
    page.goto(site["release"])
    page.emulate_media(media="print")

    pdf = page.pdf(format="A4", prefer_css_page_size=True)

    assert {name: page.locator(selector).is_hidden() for name, selector in HIDDEN.items()} == dict.fromkeys(
        HIDDEN, True)
    assert {name: page.locator(selector).is_visible() for name, selector in SHOWN.items()} == dict.fromkeys(
        SHOWN, True)
    assert page.locator("main button:visible, main .button:visible").count() == 0
    # An external link prints its address after its text; a link within the site does not.
    after = "a => getComputedStyle(a, '::after').content"
    assert page.locator(".release__notes a[href^='http']").first.evaluate(after) == '" (https://www.inquirycommission.com)"'
    assert page.locator(".release__body a[href^='/']").first.evaluate(after) == "none"
    assert pdf.startswith(b"%PDF-")
    # A4 is 210 x 297 mm, 595 x 842 points to the nearest point.
    sizes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)\s*\]", pdf))
    assert {(round(float(w)), round(float(h))) for w, h in sizes} == {(595, 842)}
    assert 3 <= len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 4
