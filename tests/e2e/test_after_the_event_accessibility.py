"""axe-core finds no WCAG 2.2 A/AA violation on a press conference that took place, with its recording,
statement, transcript and photos, in light and dark mode, and it does not scroll sideways at 320 px. A module
of its own: the test changes the site, which the read-only pages' module shares."""

import pytest

from events.models import Event
from press.models import PressRelease
from press.seed import SLUG
from tests.e2e.axe import assert_accessible
from tests.factories import add_after_the_event_materials, attach_sample_media

pytestmark = pytest.mark.django_db


def test_press_conference_after_it_took_place_has_no_wcag_violation(page, seeded_site):
    event = add_after_the_event_materials(Event.objects.get(slug="press-conference-2023-01-20"))
    attach_sample_media(PressRelease.objects.get(slug=SLUG), event)
    page.goto(seeded_site["event"])

    assert page.get_by_role("heading", name="After the press conference").is_visible()
    assert_accessible(page)  # one page load, both schemes (the site is seeded once for both)

    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
