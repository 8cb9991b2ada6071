"""An embargo in a real browser: a press officer sets a release's embargo in Almaty time and sends it to the
journalists on one beat; a journalist opens the personal link from the email and reads the release under its
"Embargoed until …" banner, a page with no WCAG 2.2 A/AA violation in light or dark mode."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from press.models import PressRelease, PreviewLinkUse
from tests.e2e.axe import assert_accessible
from tests.e2e.test_registration_flow import wait_for_mail
from tests.factories import make_journalist, make_topic

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Commission finds the airship contracts were never tendered"


def submit(page, name: str) -> None:
    """Press the submit button labelled ``name`` (the newsroom's are at the form's top and bottom: the bottom one)."""
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).last.click()


def test_officer_sends_an_embargoed_release_and_the_journalist_reads_it_under_the_banner(
        officer_page, live_server, settings):
    settings.DISPLAY_ZONES = [("Asia/Almaty", "ALMT", "Almaty"), ("Europe/London", "", "London")]
    page, base = officer_page, live_server.url
    courts = make_topic("Airship courts", slug="airship-courts")
    ann = make_journalist(name="Ann Reporter", email="ann@example.org", beats=[courts])
    make_journalist(name="Other Beat", email="other@example.org")
    release = PressRelease.objects.create(title=TITLE, slug="airship-contracts", body="The contracts were secret.",
                                          standfirst="Airship standfirst.")
    day = timezone.now().date() + datetime.timedelta(days=7)

    # The embargo's end, typed in Almaty time; confirmed in every display zone first.
    page.goto(f"{base}/admin/press/pressrelease/{release.pk}/change/")
    submit(page, "Embargo until…")
    assert_accessible(page)
    page.get_by_label("Time zone").select_option("Asia/Almaty")
    page.get_by_label("Date:").fill(day.isoformat())
    page.get_by_label("Time:").fill("06:01")
    submit(page, "Continue")
    expect(page.locator("#content-main")).to_contain_text("6:01am ALMT")
    expect(page.locator("#content-main")).to_contain_text("– London")
    submit(page, "Confirm embargo")
    expect(page.locator(".messagelist")).to_contain_text("under embargo until 6:01am ALMT")

    # Sent to the journalists on one beat: the count first, then the send.
    submit(page, "Send to journalists under embargo…")
    assert_accessible(page)
    page.get_by_label("Airship courts").check()
    submit(page, "Continue")
    expect(page.locator("#content-main")).to_contain_text("1 journalist will receive it")
    assert_accessible(page)
    submit(page, "Send it to them")
    expect(page.locator(".messagelist")).to_contain_text("is being sent under embargo to 1 journalist.")
    expect(page.locator("#embargo-copies")).to_contain_text("Ann Reporter (Daily Planet)")

    wait_for_mail(lambda: len(mail.outbox) == 1)
    assert mail.outbox[0].to == [ann.email]
    link = re.search(r"https?://[^/\s]+(/press/preview/[^/\s]+/)", mail.outbox[0].body).group(1)

    # The journalist, without an account, opens it (a browser of their own, closed before the server stops).
    context = page.context.browser.new_context()
    try:
        journalist = context.new_page()
        journalist.goto(base + link)
        expect(journalist.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(journalist.get_by_role("region", name="Embargo")).to_contain_text("Embargoed until 6:01am ALMT")
        expect(journalist.locator(".release-facts__status")).to_contain_text("Embargoed until 6:01am ALMT")
        assert_accessible(journalist)
        journalist.reload()  # opened again: each opening is logged
        expect(journalist.get_by_role("heading", level=1)).to_have_text(TITLE)
    finally:
        context.close()
    assert PreviewLinkUse.objects.filter(link__accreditation=ann).count() == 2

    # The officer sees the openings on the release's page.
    page.goto(f"{base}/admin/press/pressrelease/{release.pk}/change/")
    assert page.locator("#embargo-copies ol.openings li").count() == 2
    assert_accessible(page)
