"""axe-core finds no WCAG 2.2 A/AA violation on the page a press officer sees before a save that emails the
registrants (the other admin pages: test_admin_ux.py)."""

import pytest

from events.models import Event
from events.seed import SAMPLE_SLUG
from tests.e2e.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_page_before_a_save_that_emails_registrants_has_no_wcag_violation(officer_page, live_server,
                                                                              make_registration):
    event = Event.objects.get(slug=SAMPLE_SLUG)  # upcoming: a change to one that has ended emails nobody
    Event.objects.filter(pk=event.pk).update(status_note="")
    make_registration(event, status="confirmed")
    officer_page.goto(f"{live_server.url}/admin/events/event/{event.pk}/change/")
    officer_page.select_option("#id_event_status", "postponed")
    # The page asks the server for its time previews as it opens and as fields change: let those answer
    # before the save, as a person's click would (on SQLite the live server's threads share one connection).
    officer_page.wait_for_load_state("networkidle")
    with officer_page.expect_navigation():
        officer_page.click("input[name=_save]")
    assert officer_page.locator("h1").inner_text() == "Save and email the registrants?"

    assert_accessible(officer_page)  # one page, both schemes
