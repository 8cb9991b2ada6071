"""The press officer's admin in a browser at 1280px: lists that fit, forms that say what is wrong, and no
axe-core violation on the pages used most."""

import pytest

from events.models import Event
from events.seed import SAMPLE_SLUG

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1280, "height": 900}


@pytest.fixture
def officer_page(officer_page):
    """The press officer's browser (tests/e2e/conftest.py), at 1280px."""
    officer_page.set_viewport_size(WIDE)
    return officer_page


@pytest.fixture
def registrants(seeded_site, make_registration):
    event = Event.objects.get(slug=SAMPLE_SLUG)
    for n, status in enumerate(["confirmed", "confirmed", "waitlisted", "pending", "cancelled"]):
        make_registration(event, status=status, name=f"Aigerim Nurlanovna Bekova {n}",
                          organisation="Kazakhstan Broadcasting Corporation, Almaty bureau")
    return event


def overflow(page) -> int:
    """How far the list's table runs past the visible part of its box, in pixels (0: it fits)."""
    return page.evaluate("""() => {
        const table = document.querySelector('#result_list');
        const box = document.querySelector('#changelist .results') || table.parentElement;
        return Math.max(0, Math.ceil(table.getBoundingClientRect().right - box.getBoundingClientRect().right),
                        Math.ceil(table.getBoundingClientRect().right - document.documentElement.clientWidth));
    }""")


@pytest.mark.parametrize(("path", "columns"), [
    ("/admin/events/registration/", ["Name", "Organisation or outlet", "Attendance", "Status", "Checked in"]),
    ("/admin/press/previewlink/", ["Press release", "State", "Expires", "Opened"]),
    ("/admin/events/event/", ["Title", "When", "State", "Places taken"]),
])
def test_list_fits_a_1280px_screen_with_its_key_columns(officer_page, live_server, registrants, path, columns):
    officer_page.goto(live_server.url + path)

    headers = [h.strip() for h in officer_page.locator("#result_list thead th").all_text_contents()]
    assert [c for c in columns if c not in headers] == []
    officer_page.screenshot(path=f"/tmp/list{path.replace('/', '_')}.png")
    assert overflow(officer_page) == 0


def test_accreditation_list_fits_a_1280px_screen(officer_page, live_server):
    from django.utils import timezone as tz

    from press.models import Accreditation
    for n in range(3):
        Accreditation.objects.create(
            name=f"Aigerim Bekova-Nurlanovna {n}", email=f"a{n}@example.org", outlet="Kazakh Television and Radio",
            role="photographer", country="Kazakhstan", languages="Kazakh, Russian, English", press_card=f"PC-{n}",
            consented_at=tz.now(), status="awaiting",
        )
    officer_page.goto(live_server.url + "/admin/press/accreditation/")

    headers = [h.strip() for h in officer_page.locator("#result_list thead th").all_text_contents()]
    assert [c for c in ["Name", "Outlet", "Role", "Country", "Status", "Requested at"] if c not in headers] == []
    assert overflow(officer_page) == 0
    assert_no_violations(officer_page)


# axe-core on the pages press officers use most, after adding rows in the browser -------------------------------

from axe_playwright_python.sync_playwright import Axe  # noqa: E402

from press.models import PressRelease  # noqa: E402
from press.seed import SLUG as RELEASE_SLUG  # noqa: E402

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
        "resultTypes": ["violations"]}


# Not a WCAG rule in axe-core, but a column without a heading is one a screen reader cannot name.
HEADERS = {"runOnly": {"type": "rule", "values": ["empty-table-header"]}, "resultTypes": ["violations"]}


def assert_no_violations(page):
    for options in (WCAG, HEADERS):
        results = Axe().run(page, options=options)
        assert results.violations_count == 0, results.generate_report()


def add_rows(page, group, count):
    for _ in range(count):
        page.locator(f"#{group}-group .add-row a").click()


@pytest.mark.parametrize("which", ["add", "change"])
def test_release_form_with_two_quotes_added_in_the_browser_has_no_violation(officer_page, live_server, which):
    release = PressRelease.objects.get(slug=RELEASE_SLUG)
    path = "add/" if which == "add" else f"{release.pk}/change/"
    officer_page.goto(f"{live_server.url}/admin/press/pressrelease/{path}")
    before = officer_page.locator("#quotes-group .inline-related:not(.empty-form)").count()

    add_rows(officer_page, "quotes", 2)

    numbers = officer_page.locator("#quotes-group .inline-related:not(.empty-form) input[name$='-order']")
    values = [int(v) for v in numbers.evaluate_all("inputs => inputs.map(i => i.value)")]
    assert values[before:] == [max(values[:before], default=0) + 1, max(values[:before], default=0) + 2]
    assert_no_violations(officer_page)


@pytest.mark.parametrize("which", ["add", "change"])
def test_event_form_with_a_slot_and_a_zone_added_in_the_browser_has_no_violation(officer_page, live_server, which):
    event = Event.objects.get(slug=SAMPLE_SLUG)
    path = "add/" if which == "add" else f"{event.pk}/change/"
    officer_page.goto(f"{live_server.url}/admin/events/event/{path}")

    add_rows(officer_page, "slots", 1)
    add_rows(officer_page, "display_zones", 1)

    assert_no_violations(officer_page)


def test_event_times_typed_in_the_events_zone_are_shown_in_every_display_zone_before_saving(officer_page,
                                                                                          live_server):
    event = Event.objects.get(slug=SAMPLE_SLUG)
    officer_page.goto(f"{live_server.url}/admin/events/event/{event.pk}/change/")

    officer_page.fill('[name="registration_closes_at_0"]', "2031-01-17")
    officer_page.fill('[name="registration_closes_at_1"]', "18:00:00")
    officer_page.locator('[name="registration_closes_at_1"]').blur()

    preview = officer_page.locator('[name="registration_closes_at_0"]').locator(
        "xpath=ancestor::p[contains(@class, 'datetime')]/following-sibling::div[contains(@class, 'event-time-preview')]")
    preview.locator("li").first.wait_for()
    # 18:00 in the sample press conference's own zone (London, GMT in January), in its display zones and UTC.
    assert preview.locator("li").all_inner_texts() == [
        "6:00pm GMT – London, UK", "11:00pm ALMT – Almaty, Kazakhstan", "6:00pm UTC"]


def test_other_admin_pages_have_no_violation(officer_page, live_server, registrants):
    release = PressRelease.objects.get(slug="draft-for-review")
    pages = [
        "/admin/",
        f"/admin/press/pressrelease/{release.pk}/schedule/",
        "/admin/events/registration/",
        f"/admin/events/event/{registrants.pk}/check-in/",
        "/admin/press/previewlink/",
    ]
    for path in pages:
        officer_page.goto(live_server.url + path)
        assert officer_page.locator("h1").count() == 1, path
        assert_no_violations(officer_page)


# The whole newsroom workflow, counting what the officer does ---------------------------------------------------

import datetime  # noqa: E402

from django.utils import timezone  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

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
