"""axe-core finds no WCAG 2.2 A/AA violation on the public pages, in light and dark mode,
and no page scrolls sideways on a 320 px phone."""

import pytest

from tests.e2e.conftest import PAGES, LoadedAxe

# The pages are read from the module's shared site; the mark only has pytest-django create the test database.
pytestmark = pytest.mark.django_db

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
        "resultTypes": ["violations"]}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", [*PAGES, "preview", "alerts manage", "alerts unsubscribe"])
def test_public_page_has_no_wcag_violation(shared_page, shared_site, name, scheme):
    shared_page.emulate_media(color_scheme=scheme)
    shared_page.goto(shared_site[name])

    results = LoadedAxe().run(shared_page, options=WCAG)

    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [320, 1280])
def test_no_page_scrolls_sideways(shared_page, shared_site, width):
    shared_page.set_viewport_size({"width": width, "height": 900})
    wide = []
    for name in PAGES:
        shared_page.goto(shared_site[name])
        if shared_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") > 0:
            wide.append(name)
    assert wide == []
