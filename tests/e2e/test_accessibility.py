"""axe-core finds no WCAG 2.2 AA violation on the public pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


@pytest.fixture
def seeded(db):
    call_command("load_seed", verbosity=0)


PAGES = ["/", "/commission/", "/commission/people/lord-macdonald/", "/no-such-page/"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_public_page_has_no_axe_violations(page, live_server, seeded, path, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server.url + path)
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [320, 1280])
def test_public_page_has_no_horizontal_scroll(page, live_server, seeded, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path in PAGES:
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow == 0, path
