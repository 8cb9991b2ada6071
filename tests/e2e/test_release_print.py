"""A release printed from the browser: a clean A4 page with the text a journalist files from and nothing to
click. A module of its own: the test attaches media to the seed release, which the read-only modules share."""

import re

import pytest

from events.models import Event
from events.seed import SAMPLE_SLUG
from press.models import PressRelease
from press.seed import SLUG
from tests.factories import attach_sample_media

pytestmark = pytest.mark.django_db

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


def test_release_prints_its_text_on_a4_without_chrome(page, seeded_site, tmp_path):
    attach_sample_media(PressRelease.objects.get(slug=SLUG), Event.objects.get(slug=SAMPLE_SLUG))
    page.goto(seeded_site["release"])
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
