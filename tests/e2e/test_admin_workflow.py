"""The whole newsroom workflow in a browser at 1280px, counting what the press officer does: write a release with
two quotes, preview it, share a preview link, schedule it, publish it and link a press conference to it (the
README's figure). The other admin pages: test_admin_ux.py."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event
from events.seed import SAMPLE_SLUG
from press.models import PressRelease

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1280, "height": 900}


@pytest.fixture
def officer_page(officer_page):
    """The press officer's browser (tests/e2e/conftest.py), at 1280px."""
    officer_page.set_viewport_size(WIDE)
    return officer_page


SPEAKERS = [("Macdonald", "Lord Ken Macdonald of River Glaven Kt KC", "The evidence was consistent."),
            ("Buckland", "Sir Robert Buckland KC MP", "Governments must answer these questions.")]
TITLE = "Commission publishes its interim findings"


class Officer:
    """The press officer's hands: every click, typed box and choice counts as one action."""

    def __init__(self, page):
        self.page, self.actions = page, 0

    def click(self, locator):
        self.actions += 1
        locator.click()

    def fill(self, locator, text):
        self.actions += 1
        locator.fill(text)


def test_writing_previewing_sharing_scheduling_and_publishing_a_release_counts_its_actions(
    officer_page, live_server
):
    page = officer_page
    me = Officer(page)
    page.goto(f"{live_server.url}/admin/")

    # Write: title, standfirst, body; two quotes added in the browser, numbered for the officer, placed in the
    # body with the buttons under it.
    me.click(page.locator("a.addlink[href$='/press/pressrelease/add/']").first)
    me.fill(page.get_by_label("Title:", exact=True), TITLE)
    me.fill(page.get_by_label("Standfirst:", exact=True), "The commission's first findings.")
    body = page.get_by_label("Body:", exact=True)
    me.fill(body, "The commission heard from forty witnesses.")
    for number, (typed, speaker, text) in enumerate(SPEAKERS):
        me.click(page.get_by_role("button", name="Add another Quote"))
        assert page.locator(f"#id_quotes-{number}-order").input_value() == str(number + 1)
        me.click(page.locator(f"#id_quotes-{number}-speaker + .select2 .select2-selection"))
        me.fill(page.locator(".select2-container--open .select2-search__field"), typed)
        me.click(page.get_by_role("option", name=speaker))
        me.fill(page.locator(f"#id_quotes-{number}-text"), text)
    for number in (1, 2):
        me.click(page.get_by_role("button", name=f"Insert [quote {number}] at the cursor"))
    assert body.input_value() == "The commission heard from forty witnesses.\n\n[quote 1]\n\n[quote 2]\n"

    # Preview, then back to the form.
    me.click(page.get_by_role("button", name="Save and preview", exact=True).last)
    expect(page.locator("blockquote")).to_have_count(2)
    me.click(page.get_by_role("link", name="Back to editing"))

    # Share: the address is at the top of the page, focused, with a copy button.
    me.click(page.get_by_role("button", name="Share a preview link", exact=True).last)
    address = page.locator(".messagelist input.preview-address")
    expect(address).to_be_visible()
    assert page.evaluate("document.activeElement.closest('.messagelist') !== null")
    me.click(page.locator(".messagelist").get_by_role("button", name="Copy address"))
    assert page.request.get(address.input_value()).status == 200

    # Schedule half an hour ahead, then publish at once.
    me.click(page.get_by_role("button", name="Schedule for…", exact=True).last)
    when = timezone.localtime(timezone.now() + datetime.timedelta(minutes=30))
    me.fill(page.get_by_label("Date:", exact=True), f"{when:%Y-%m-%d}")
    me.fill(page.get_by_label("Time:", exact=True), f"{when:%H:%M}")
    me.click(page.get_by_role("button", name="Continue"))
    me.click(page.get_by_role("button", name="Confirm schedule"))
    expect(page.locator(".messagelist")).to_contain_text("is scheduled: it goes public")
    me.click(page.get_by_role("button", name="Publish now", exact=True).last)
    me.click(page.get_by_role("button", name="Confirm: publish now"))
    expect(page.locator(".messagelist")).to_contain_text("is public since")

    # Link the press conference to it.
    me.click(page.locator("#nav-sidebar a[href$='/events/event/']"))
    me.click(page.get_by_role("link", name="SAMPLE – Press conference for trying registration"))
    me.click(page.locator("#id_related_releases_from option", has_text=TITLE))
    me.click(page.locator("#id_related_releases_add"))
    me.click(page.get_by_role("button", name="Save", exact=True))
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    release = PressRelease.objects.get(title=TITLE)
    assert PressRelease.objects.published().filter(pk=release.pk).exists()
    assert list(release.quotes.values_list("order", flat=True)) == [1, 2]
    assert list(Event.objects.get(slug=SAMPLE_SLUG).related_releases.all()) == [release]
    assert me.actions == 32  # the README's figure
