"""axe-core finds no WCAG 2.2 A/AA violation on pages with library media, quotes and speakers, in light and
dark mode. A module of its own: the test changes the site, which the read-only pages' module shares."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from events.models import Event
from events.seed import SAMPLE_SLUG
from press.models import PressRelease
from press.seed import SLUG
from tests.e2e.test_accessibility import WCAG
from tests.factories import attach_sample_media

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_with_media_quotes_and_speakers_have_no_wcag_violation(page, seeded_site, scheme):
    seed = PressRelease.objects.get(slug=SLUG)
    speaker = attach_sample_media(seed, Event.objects.get(slug=SAMPLE_SLUG))
    page.emulate_media(color_scheme=scheme)
    violations = {}
    for name in ("release", "sample event"):
        page.goto(seeded_site[name])
        violations[name] = Axe().run(page, options=WCAG)
    page.goto(seeded_site["home"].rstrip("/") + speaker.get_absolute_url())
    violations["person"] = Axe().run(page, options=WCAG)

    assert {name: r.violations_count for name, r in violations.items()} == {"release": 0, "sample event": 0,
                                                                            "person": 0}, [
        r.generate_report() for r in violations.values() if r.violations_count]
