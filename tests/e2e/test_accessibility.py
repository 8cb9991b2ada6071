"""axe-core finds no WCAG 2.2 A/AA violation on the public pages, in light and dark mode,
and no page scrolls sideways on a 320 px phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from events.models import Event
from events.seed import SAMPLE_SLUG
from press.models import PressRelease
from press.seed import SLUG
from tests.e2e.conftest import PAGES
from tests.factories import attach_sample_media

# The pages are read from the module's shared site; the mark only has pytest-django create the test database.
pytestmark = pytest.mark.django_db

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
        "resultTypes": ["violations"]}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", [*PAGES, "preview"])
def test_public_page_has_no_wcag_violation(page, shared_site, name, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(shared_site[name])

    results = Axe().run(page, options=WCAG)

    assert results.violations_count == 0, results.generate_report()


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


@pytest.mark.parametrize("width", [320, 1280])
def test_no_page_scrolls_sideways(page, shared_site, width):
    page.set_viewport_size({"width": width, "height": 900})
    wide = []
    for name in PAGES:
        page.goto(shared_site[name])
        if page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") > 0:
            wide.append(name)
    assert wide == []
