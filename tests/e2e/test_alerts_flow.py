"""In a real browser with JavaScript off: subscribe to email alerts, fix an error, confirm from the email,
change topics and unsubscribe from the personal link. With JavaScript on (axe-core runs in the page): no WCAG
violation on the pages behind the form (the others are in test_accessibility.py)."""

import pytest
from playwright.sync_api import expect

from press import tokens
from press.models import AlertSubscription
from tests.e2e.axe import assert_accessible
from tests.e2e.walks import last_link, press

pytestmark = pytest.mark.django_db(transaction=True)


def test_subscribe_confirm_manage_and_unsubscribe_without_javascript(browser, live_server, settings, make_release,
                                                                     make_topic):
    settings.SITE_URL = live_server.url
    detentions, hearings = make_topic(name="Detentions"), make_topic(name="Hearings")
    make_release(topics=[detentions, hearings])
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    page.goto(f"{live_server.url}/press/alerts/")
    page.fill("#id_email", "ann@example.org")
    page.check("input[name=scope][value=topics]")
    press(page, "Subscribe")
    assert page.locator(".error-summary a").first.inner_text() == (
        "Choose at least one topic, or choose every press release.")

    page.check("label:has-text('Detentions')")
    press(page, "Subscribe")
    assert page.locator("h1").inner_text() == "Check your email"

    page.goto(live_server.url + last_link("confirm", under="/press/alerts"))
    press(page, "Confirm my subscription")
    assert page.locator("h1").inner_text() == "You are subscribed"
    subscription = AlertSubscription.objects.get()
    assert [topic.name for topic in subscription.topics.all()] == ["Detentions"]

    manage = mail_link_for(subscription)
    page.goto(live_server.url + manage)
    page.uncheck("label:has-text('Detentions')")
    page.check("label:has-text('Hearings')")
    press(page, "Save my choice")
    assert "Your choice is saved." in page.locator(".registration-result").inner_text()
    assert [topic.name for topic in subscription.topics.all()] == ["Hearings"]

    press(page, "Unsubscribe")
    assert page.locator("h1").inner_text() == "You are unsubscribed"
    subscription.refresh_from_db()
    assert subscription.status == AlertSubscription.Status.UNSUBSCRIBED
    context.close()


def mail_link_for(subscription) -> str:
    return f"/press/alerts/manage/{tokens.make_alert_manage_token(subscription)}/"


def test_the_pages_behind_the_form_have_no_wcag_violation(page, live_server, settings, make_release, make_topic):
    settings.SITE_URL = live_server.url
    make_release(topics=[make_topic(name="Detentions")])

    page.goto(f"{live_server.url}/press/alerts/")
    page.check("input[name=scope][value=topics]")
    press(page, "Subscribe")
    # Chromium moves the focus to an autofocus element at its next rendering step, which can come after "load".
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)

    page.fill("#id_email", "ann@example.org")
    page.check("input[name=scope][value=all]")
    press(page, "Subscribe")
    assert_accessible(page)

    page.goto(live_server.url + last_link("confirm", under="/press/alerts"))
    assert_accessible(page)
    press(page, "Confirm my subscription")
    assert_accessible(page)
