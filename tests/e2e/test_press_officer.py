"""A press officer's day in a real browser at 1280px: write a release with two quotes, preview it, share a
preview link, schedule it, publish it and link a press conference to it, counting the officer's actions (the
README's figure); then set up a press conference in Almaty and read its London time before saving.

The officer is a member of the "Press officer" group only (staff, not a superuser), so this also checks
that the group's permissions are enough for the whole newsroom workflow. The newsroom's buttons are in the
form, at its top and its bottom; the officer presses the ones at the bottom, under what they typed.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commission.web.times import format_time
from events.models import Event
from events.seed import SAMPLE_SLUG
from press.models import PressRelease
from press.seed import SLUG

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1280, "height": 900}
PASSWORD = "officer-test-password-7"
# A word no seed text uses, so search finds this release and nothing else.
WORD = "Heliotrope"
TITLE = f"Commission publishes its {WORD} interim findings"
# (what the officer types in the speaker box, the person it offers, the quote)
QUOTES = [
    ("Macdonald", "Lord Ken Macdonald of River Glaven Kt KC", "The evidence we heard was consistent and troubling."),
    ("Buckland", "Sir Robert Buckland KC MP", "Governments must answer the questions this report asks."),
]


@pytest.fixture
def officer(press_officer):
    assert (press_officer.is_staff, press_officer.is_superuser) == (True, False)
    press_officer.set_password(PASSWORD)
    press_officer.save()
    return press_officer


def log_in(page, base):
    page.goto(f"{base}/admin/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Releases, press conferences and registrations")).to_be_visible()


def press(page, button):
    """Press one of the newsroom's buttons under the form."""
    page.get_by_role("button", name=button, exact=True).last.click()


class Officer:
    """The press officer's hands: every click, typed box and choice counts as one action (the README's figure)."""

    def __init__(self, page):
        self.page, self.actions = page, 0

    def click(self, locator):
        self.actions += 1
        locator.click()

    def fill(self, locator, text):
        self.actions += 1
        locator.fill(text)

    def press(self, button):
        self.click(self.page.get_by_role("button", name=button, exact=True).last)


def test_press_officer_writes_shares_schedules_and_publishes_a_release_and_sets_up_a_press_conference(
    page, seeded_site, live_server, officer, settings
):
    # The newsroom's own zone, so schedules read in a zone other than UTC (as in .env.example).
    settings.TIME_ZONE = "Europe/London"
    base = live_server.url
    page.set_viewport_size(WIDE)
    log_in(page, base)
    me = Officer(page)  # counting from the admin's front page

    # Write: title, standfirst, body; two quotes added in the browser, numbered for the officer, placed in the
    # body with the buttons under it.
    me.click(page.locator("a.addlink[href$='/press/pressrelease/add/']").first)
    me.fill(page.get_by_label("Title:", exact=True), TITLE)
    me.fill(page.get_by_label("Standfirst:", exact=True), f"The {WORD} findings are the commission's first.")
    body = page.get_by_label("Body:", exact=True)
    me.fill(body, "The commission heard from forty witnesses.")
    for number, (typed, speaker, text) in enumerate(QUOTES):
        me.click(page.get_by_role("button", name="Add another Quote"))
        assert page.locator(f"#id_quotes-{number}-order").input_value() == str(number + 1)
        me.click(page.locator(f"#id_quotes-{number}-speaker + .select2 .select2-selection"))
        me.fill(page.locator(".select2-container--open .select2-search__field"), typed)
        me.click(page.get_by_role("option", name=speaker))
        expect(page.locator(f"#id_quotes-{number}-speaker")).to_contain_text(speaker)
        me.fill(page.locator(f"#id_quotes-{number}-text"), text)
    for number in (1, 2):
        me.click(page.get_by_role("button", name=f"Insert [quote {number}] at the cursor"))
    assert body.input_value() == "The commission heard from forty witnesses.\n\n[quote 1]\n\n[quote 2]\n"

    # Save and preview: the page as the public will see it, under a banner.
    me.press("Save and preview")
    expect(page.get_by_role("region", name="Preview")).to_contain_text("This is a draft: the public cannot see it.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    quotes = page.locator("blockquote")
    expect(quotes).to_have_count(2)
    assert [text.strip() for text in quotes.all_inner_texts()] == [text for _typed, _speaker, text in QUOTES]
    release = PressRelease.objects.get(title=TITLE)
    assert release.status == PressRelease.Status.DRAFT
    me.click(page.get_by_role("link", name="Back to editing"))

    # Share: the address is at the top of the page, focused, with a copy button.
    me.press("Share a preview link")
    address = page.locator(".messagelist input.preview-address")
    expect(address).to_be_visible()
    assert page.evaluate("document.activeElement.closest('.messagelist') !== null")
    me.click(page.locator(".messagelist").get_by_role("button", name="Copy address"))
    assert page.request.get(address.input_value()).status == 200

    # Schedule: the form is saved first; the confirmation names the time in the site's zone and in UTC
    # before anything changes.
    me.press("Schedule for…")
    expect(page.locator(".messagelist")).to_contain_text(f"Your changes to “{TITLE}” are saved.")
    when = timezone.localtime(timezone.now() + datetime.timedelta(minutes=30), ZoneInfo("Europe/London"))
    me.fill(page.get_by_label("Date:", exact=True), f"{when:%Y-%m-%d}")
    me.fill(page.get_by_label("Time:", exact=True), f"{when:%H:%M}")
    me.click(page.get_by_role("button", name="Continue"))
    confirmation = page.locator("#content-main p").first
    utc = when.astimezone(datetime.UTC)
    expect(confirmation).to_contain_text(f"{format_time(when)} {when.tzname()} (Europe/London) · {format_time(utc)} UTC")
    release.refresh_from_db()
    assert release.status == PressRelease.Status.DRAFT
    me.click(page.get_by_role("button", name="Confirm schedule"))
    expect(page.locator(".messagelist")).to_contain_text("is scheduled: it goes public")
    release.refresh_from_db()
    assert (PressRelease.objects.scheduled().filter(pk=release.pk).exists(), release.publish_at) == (
        True, when.replace(second=0, microsecond=0)
    )
    assert WORD not in page.request.get(f"{base}/press/").text()

    # Publish now: the page says what will happen and waits for a confirmation; then public at once.
    me.press("Publish now")
    expect(page.locator("#content-main")).to_contain_text("This release will be public at once")
    expect(page.locator("#content-main")).to_contain_text("publishing now brings it forward")
    assert PressRelease.objects.scheduled().filter(pk=release.pk).exists()
    me.click(page.get_by_role("button", name="Confirm: publish now"))
    expect(page.locator(".messagelist")).to_contain_text("is public since")
    assert PressRelease.objects.published().filter(pk=release.pk).exists()

    # Link the press conference to it.
    me.click(page.locator("#nav-sidebar a[href$='/events/event/']"))
    me.click(page.get_by_role("link", name="SAMPLE – Press conference for trying registration"))
    me.click(page.locator("#id_related_releases_from option", has_text=TITLE))
    me.click(page.locator("#id_related_releases_add"))
    me.click(page.get_by_role("button", name="Save", exact=True).last)
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert list(release.quotes.values_list("order", flat=True)) == [1, 2]
    assert list(Event.objects.get(slug=SAMPLE_SLUG).related_releases.all()) == [release]
    assert me.actions == 32  # the README's figure

    # Public everywhere the public looks: the list, the feed, search.
    page.goto(f"{base}/press/")
    page.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(f"{base}{release.get_absolute_url()}")
    expect(page.locator("blockquote")).to_have_count(2)

    feed = feedparser.parse(page.request.get(f"{base}/press/feed/rss/").body())
    assert feed.entries[0].title == TITLE
    assert feed.entries[0].link.endswith(release.get_absolute_url())

    page.goto(f"{base}/press/search/?q={WORD.lower()}")
    results = page.locator("main").get_by_role("link", name=re.compile(WORD))
    expect(results).to_have_count(1)
    expect(results).to_have_text(TITLE)

    # A press conference in Almaty: the London line appears as soon as the slot is typed, before saving.
    page.goto(f"{base}/admin/events/event/add/")
    page.get_by_label("Title:", exact=True).fill("Press conference on the interim findings")
    page.get_by_label("Summary:", exact=True).fill("The commissioners present the interim findings.")
    place = page.get_by_role("group", name="Place and time zone")
    place.get_by_label("Time zone:", exact=True).fill("Asia/Almaty")
    place.get_by_label("City:", exact=True).fill("Almaty")
    place.get_by_label("Country:", exact=True).fill("Kazakhstan")
    page.locator("#id_in_person_capacity").fill("40")
    page.locator("#id_display_zones-0-label").fill("ALMT")
    page.locator("#id_display_zones-0-place").fill("Almaty, Kazakhstan")
    page.locator("#id_display_zones-0-timezone").fill("Asia/Almaty")
    page.locator("#id_display_zones-1-place").fill("London, UK")
    page.locator("#id_display_zones-1-timezone").fill("Europe/London")
    page.locator("#id_slots-0-start_date").fill("20/01/2027")
    page.locator("#id_slots-0-start_time").fill("15:30")
    page.locator("#id_slots-0-end_time").fill("16:30")
    page.keyboard.press("Tab")

    preview = page.locator("#slots-0 .slot-preview li")
    expect(preview).to_have_text(["3:30pm ALMT – Almaty, Kazakhstan", "10:30am GMT – London, UK", "10:30am UTC"])
    assert Event.objects.filter(title__startswith="Press conference on the interim").count() == 0

    page.get_by_role("button", name="Save", exact=True).last.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    event = Event.objects.get(title="Press conference on the interim findings")
    slot = event.slots.get()
    assert (slot.timezone, slot.start_utc) == (
        "Asia/Almaty", datetime.datetime(2027, 1, 20, 10, 30, tzinfo=datetime.UTC))


def test_publish_now_publishes_the_title_typed_without_saving_first(officer_page, live_server):
    page, base = officer_page, live_server.url  # signed in with a session (the first test signs in by the form)
    draft = PressRelease.objects.get(slug="draft-for-review")
    typed = "Commission sets out its Heliotrope timetable"

    page.goto(f"{base}/admin/press/pressrelease/{draft.pk}/change/")
    page.get_by_label("Title:", exact=True).fill(typed)
    press(page, "Publish now")

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Publish “{typed}” now?")
    expect(page.locator(".messagelist")).to_contain_text(f"Your changes to “{typed}” are saved.")
    draft.refresh_from_db()
    assert (draft.title, draft.status) == (typed, PressRelease.Status.DRAFT)

    page.get_by_role("button", name="Confirm: publish now").click()
    expect(page.locator(".messagelist")).to_contain_text(f"“{typed}” is public since")

    draft.refresh_from_db()
    page.goto(f"{base}{draft.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(typed)


def test_cancelling_publish_now_keeps_the_typing_saved_and_the_release_a_draft(officer_page, live_server):
    page, base = officer_page, live_server.url  # signed in with a session (the first test signs in by the form)
    draft = PressRelease.objects.get(slug="draft-for-review")

    page.goto(f"{base}/admin/press/pressrelease/{draft.pk}/change/")
    page.get_by_label("Standfirst:", exact=True).fill("A standfirst typed just before pressing Publish now.")
    press(page, "Publish now")
    page.get_by_role("link", name="Cancel").click()

    expect(page.get_by_label("Standfirst:", exact=True)).to_have_value(
        "A standfirst typed just before pressing Publish now."
    )
    draft.refresh_from_db()
    assert draft.status == PressRelease.Status.DRAFT
    assert page.request.get(f"{base}/press/{SLUG}/").ok  # the public site still answers, without the draft
    assert page.request.get(f"{base}{draft.get_absolute_url()}").status == 404

    # Typing again, then following a link off the form: the browser asks first; staying keeps the typing.
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_label("Standfirst:", exact=True).fill("Typed, not saved.")
    page.get_by_role("link", name="Home").first.click()
    expect(page.get_by_label("Standfirst:", exact=True)).to_have_value("Typed, not saved.")
    assert asked == ["beforeunload"]
