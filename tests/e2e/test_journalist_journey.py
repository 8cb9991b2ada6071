"""A journalist's whole visit, as issue 7 tells it: from the home page to the seed release and its quotes,
on to the (past) press conference it announces, then to an upcoming one to register, confirm from the
email and cancel from the confirmation email."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import Registration
from events.seed import EVENT_SLUG, EVENT_TITLE, SAMPLE_SLUG
from press.seed import SLUG, TITLE
from tests.e2e.walks import last_link, wait_for_mail

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLE_TITLE = "SAMPLE – Press conference for trying registration"


def test_journalist_reads_the_release_then_registers_confirms_and_cancels(page, seeded_site, live_server):
    base = live_server.url

    # The home page lists the seed release; its title is the link.
    page.goto(seeded_site["home"])
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page).to_have_url(f"{base}/press/{SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    # Two quotes, each a blockquote with its speaker named in the caption.
    expect(page.get_by_role("blockquote")).to_have_count(2)
    expect(page.locator("figure.quote figcaption cite")).to_have_text(["Lord Macdonald", "Tayab Ali"])

    # The body (at its start and again at its end, as in the original release) and the "Related press
    # conference" aside all lead to the press conference of 20 January 2023.
    event_path = f"/events/{EVENT_SLUG}/"
    related = page.get_by_role("complementary", name="Related press conference")
    expect(related.get_by_role("link", name=EVENT_TITLE, exact=True)).to_have_attribute("href", event_path)
    in_body = page.locator(".release__body").get_by_role("link", name="the press conference page")
    expect(in_body).to_have_count(2)
    assert {link.get_attribute("href") for link in in_body.all()} == {event_path}
    in_body.first.click()
    expect(page).to_have_url(base + event_path)
    expect(page.get_by_role("heading", level=1)).to_have_text(EVENT_TITLE)
    expect(page.locator(".event__header .event-ended")).to_contain_text(
        "This press conference took place on Friday 20 January 2023, ")
    expect(page.get_by_text("This press conference has ended.")).to_be_visible()

    # Back to the list through the main navigation, and on to the upcoming sample press conference.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Press conferences").click()
    expect(page).to_have_url(f"{base}/events/")
    page.get_by_role("link", name=SAMPLE_TITLE, exact=True).click()
    expect(page).to_have_url(f"{base}/events/{SAMPLE_SLUG}/")
    page.get_by_role("link", name="Register to attend").click()
    expect(page).to_have_url(f"{base}/events/{SAMPLE_SLUG}/register/")

    page.get_by_label("Full name").fill("Ann Reporter")
    page.get_by_label("Email address").fill("ann@example.org")
    page.get_by_label("Organisation or outlet").fill("The Paper")
    page.get_by_role("group", name="Role").get_by_label("Journalist").check()
    page.get_by_role("group", name="How will you attend?").get_by_label("In person").check()
    page.get_by_label("I agree that the press office keeps these details").check()
    page.get_by_role("button", name="Register", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.get_by_role("status")).to_contain_text("We are sending an email to ann@example.org.")
    wait_for_mail(lambda: len(mail.outbox) == 1)
    assert [message.to for message in mail.outbox] == [["ann@example.org"]]
    registration = Registration.objects.get()
    assert (registration.event.slug, registration.status) == (SAMPLE_SLUG, Registration.Status.PENDING)

    # The link in the email opens a page with a button: opening the link alone confirms nothing.
    page.goto(base + last_link("confirm"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your registration")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING
    page.get_by_role("button", name="Confirm my registration").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your registration")
    expect(page.get_by_role("status")).to_contain_text("Your seat is confirmed.")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    manage_link = last_link("registration")
    assert mail.outbox[-1].subject == f"Your place is confirmed: {SAMPLE_TITLE}"

    # The confirmation email's own link leads to the registration, where it can be cancelled.
    page.goto(base + manage_link)
    expect(page).to_have_url(re.compile(rf"/events/{SAMPLE_SLUG}/registration/[^/]+/$"))
    page.get_by_role("button", name="Cancel my registration").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Registration cancelled")
    expect(page.get_by_role("status")).to_contain_text("Your registration is cancelled.")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
