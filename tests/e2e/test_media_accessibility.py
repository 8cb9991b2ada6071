"""axe-core finds no WCAG 2.2 A/AA violation on pages with library media, quotes and speakers, in light and
dark mode. A module of its own: the test changes the site, which the read-only pages' module shares."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from events.models import Event
from events.seed import SAMPLE_SLUG
from press.models import PressRelease
from press.seed import SLUG
from tests.e2e.conftest import use_scheme
from tests.e2e.test_accessibility import WCAG
from tests.factories import attach_sample_media

pytestmark = pytest.mark.django_db


def test_pages_with_media_quotes_and_speakers_have_no_wcag_violation(page, seeded_site):
    seed = PressRelease.objects.get(slug=SLUG)
    speaker = attach_sample_media(seed, Event.objects.get(slug=SAMPLE_SLUG))
    violations = {}
    pages = {"release": seeded_site["release"], "sample event": seeded_site["sample event"],
             "person": seeded_site["home"].rstrip("/") + speaker.get_absolute_url()}
    for name, url in pages.items():
        page.goto(url)
        for scheme in ("light", "dark"):  # one page load, both schemes (the site is seeded once for both)
            use_scheme(page, scheme)
            violations[name, scheme] = Axe().run(page, options=WCAG)

    assert {key: r.violations_count for key, r in violations.items()} == {
        (name, scheme): 0 for name in pages for scheme in ("light", "dark")}, [
        r.generate_report() for r in violations.values() if r.violations_count]
