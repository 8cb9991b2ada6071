"""axe-core in the browser tests: one set of rules, loaded into a page once, and one check for both colour schemes."""

from pathlib import Path

from axe_playwright_python.base import AXE_FILE_PATH
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

# WCAG 2.2 A and AA; only the violations are sent back (the passes, one example node each, are never read).
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
        "resultTypes": ["violations"]}
# The dark scheme changes colours and nothing else (static/css/site.css and the admin's styles only set colour
# properties under prefers-color-scheme: dark), so there the rules that read colours are the ones that can find
# what the light scheme did not: contrast, and links told from their text by colour alone.
COLOUR_RULES = {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
                "resultTypes": ["violations"]}
SCHEMES = ("light", "dark")

_SCRIPT = Path(AXE_FILE_PATH).read_text()


class _Axe(Axe):
    """Sends axe-core (550 kB) to a page only if the page has not loaded it yet, not at every run."""

    def __init__(self):
        super().__init__(axe_script="void 0")

    def run(self, page, context=None, options=None):
        if page.evaluate("typeof axe") == "undefined":
            page.evaluate(_SCRIPT)
        return super().run(page, context=context, options=options)


def use_scheme(page: Page, scheme: str) -> None:
    """Show the open page in ``scheme`` ("light" or "dark") as it looks when opened in it: the CSS transitions the
    switch starts (the admin's colours have some) end at once, so axe-core reads the final colours, not ones on
    the way. Checking both schemes on one page load this way halves the pages a test opens."""
    page.emulate_media(color_scheme=scheme)
    page.evaluate("document.getAnimations().filter(a => a instanceof CSSTransition).forEach(a => a.finish())")


def assert_accessible(page: Page, where: str = "", *, schemes=SCHEMES, options=WCAG) -> None:
    """axe-core finds no violation on the open page: the rules of ``options`` (WCAG 2.2 A/AA) in the light scheme,
    then the colour rules in the dark one, if ``schemes`` has it. The page is left in the light scheme."""
    for scheme in schemes:
        use_scheme(page, scheme)
        results = _Axe().run(page, options=options if scheme == "light" else COLOUR_RULES)
        assert results.violations_count == 0, f"{where} ({scheme}): {results.generate_report()}"
    if schemes != ("light",):
        use_scheme(page, "light")
