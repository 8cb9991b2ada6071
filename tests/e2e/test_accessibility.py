"""axe-core finds no WCAG 2.2 A/AA violation on the public pages, in light and dark mode,
and no page scrolls sideways on a 320 px phone, nor there with its text at 200%."""

import pytest

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import PAGES, VIEWPORT

# The pages are read from the module's shared site; the mark only has pytest-django create the test database.
pytestmark = pytest.mark.django_db

# Each page is opened once and checked in both schemes (and, for the pages in PAGES, at both widths): opening it
# again for each check took as long as the check.
WIDTHS = [320, 1280]


@pytest.mark.parametrize("name", [*PAGES, "preview", "alerts manage", "alerts unsubscribe"])
def test_public_page_has_no_wcag_violation_in_either_scheme_and_never_scrolls_sideways(shared_page, shared_site,
                                                                                        name):
    if name in PAGES:  # opened on a phone, as a phone would, then widened
        shared_page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    shared_page.goto(shared_site[name])

    if name in PAGES:
        # On the phone, also with its text enlarged to 200% (WCAG 1.4.4), as a reader's text size setting does.
        for width, text_size in [(WIDTHS[0], "200%"), *((width, "") for width in WIDTHS)]:
            shared_page.set_viewport_size({"width": width, "height": 900})
            shared_page.evaluate("size => { document.documentElement.style.fontSize = size; }", text_size)
            overflow = shared_page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{name} scrolls sideways at {width}px" + (f" with text at {text_size}" * bool(text_size))
        shared_page.set_viewport_size(VIEWPORT)
    assert_accessible(shared_page, name)


@pytest.mark.parametrize("name", ["accreditation form", "sample registration form", "email alerts form"])
def test_every_line_a_visitor_types_in_has_the_forms_border_and_width(shared_page, shared_site, name):
    """Text, email and phone boxes alike (a phone box once kept the browser's narrow default); the trap for bots,
    hidden from people, aside."""
    shared_page.goto(shared_site[name])
    boxes = shared_page.locator(".field input:not([type=checkbox]):not([type=radio]):not([type=hidden])"
                                ":not([aria-hidden=true] *)")
    assert boxes.count() > 0
    looks = boxes.evaluate_all("""boxes => boxes.map(box => {
        const style = getComputedStyle(box);
        return [box.name, style.borderTopWidth, Math.round(box.getBoundingClientRect().width)];
    })""")
    assert {(border, width) for _name, border, width in looks} == {("2px", looks[0][2])}, looks
