"""axe-core finds no WCAG 2.2 A/AA violation on pages with library media, quotes and speakers, in light and
dark mode. A module of its own: the test changes the site, which the read-only pages' module shares."""

import pytest

from events.models import Event
from events.seed import SAMPLE_SLUG
from press.models import PressRelease
from press.seed import SLUG
from tests.e2e.axe import assert_accessible
from tests.factories import attach_sample_media

pytestmark = pytest.mark.django_db


def test_pages_with_media_quotes_and_speakers_have_no_wcag_violation(page, seeded_site):
    seed = PressRelease.objects.get(slug=SLUG)
    speaker = attach_sample_media(seed, Event.objects.get(slug=SAMPLE_SLUG))
    pages = {"release": seeded_site["release"], "sample event": seeded_site["sample event"],
             "person": seeded_site["home"].rstrip("/") + speaker.get_absolute_url()}
    for name, url in pages.items():
        page.goto(url)
        assert_accessible(page, name)  # one page load, both schemes (the site is seeded once for both)
