"""The email-alert pages (press/views.py): subscribe, confirm by email, manage without an account, one-click
unsubscribe (RFC 8058), and the subscriptions admin."""

import datetime
import json
import re

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.utils import timezone

from press import alert_emails, tasks, tokens
from press.models import AlertSubscription
from tests.emails import link_in
from tests.factories import ALERTS_FORM, ALERTS_URL, make_staff_user
from tests.htmltools import tags, text_of

pytestmark = pytest.mark.django_db

S = AlertSubscription.Status


@pytest.fixture
def post_form(post_as_browser):
    """POST the form as a browser would, running what happens after commit (the email)."""

    def post(path=ALERTS_URL, **changes):
        return post_as_browser(path, {**ALERTS_FORM, **changes})

    return post


def alerts_link(message, kind: str) -> str:
    return link_in(message, rf"(?:/ru|/kk)?/press/alerts/{kind}/[^/\s]+/")


def personal_token(subscription) -> str:
    return tokens.make_alert_manage_token(subscription)


# Subscribing

def test_the_form_offers_every_release_public_topics_and_press_conferences(client, public_and_draft_only_topics):
    public, draft_only = public_and_draft_only_topics

    response = client.get(ALERTS_URL)

    assert response.status_code == 200
    page = response.text
    for name in ("email", "scope", "topics", "conferences", "website"):
        assert f'name="{name}"' in page
    assert public.name in page
    assert draft_only.name not in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]  # works without JavaScript


def test_subscribe_then_confirm_by_email(post_form, client, mailoutbox):
    response = post_form()

    assert response.status_code == 302
    assert response["Location"] == "/press/alerts/sent/"
    subscription = AlertSubscription.objects.get()
    assert (subscription.email, subscription.status, subscription.all_releases, subscription.language) == (
        "ann@example.org", S.UNCONFIRMED, True, "en-gb")
    assert [m.to for m in mailoutbox] == [["ann@example.org"]]
    assert mailoutbox[0].subject == "Confirm your subscription to press office alerts"
    link = alerts_link(mailoutbox[0], "confirm")

    page = client.get(link)  # a mail scanner opening the link confirms nobody
    assert page.status_code == 200
    assert "Confirm my subscription" in page.text
    assert AlertSubscription.objects.get().status == S.UNCONFIRMED

    done = client.post(link)
    assert done.status_code == 200
    assert "You are subscribed" in done.text
    subscription.refresh_from_db()
    assert subscription.status == S.CONFIRMED and subscription.confirmed_at is not None
    assert client.post(link).status_code == 410  # the link works once
    # The subscriber's own page is linked at once, as from every alert.
    [manage] = [a["href"] for a in tags(done.content, "a", within="main") if "/press/alerts/manage/" in a["href"]]
    own_page = text_of(client.get(manage).content)
    assert "Your email alerts" in own_page and "ann@example.org" in own_page


@pytest.mark.django_db(transaction=True)
def test_the_confirmation_page_opens_outside_a_transaction(client, make_subscription):
    """As in production (no ATOMIC_REQUESTS): on PostgreSQL a row lock outside a transaction would be an error."""
    subscription = make_subscription(status=S.UNCONFIRMED, confirmed_at=None)

    response = client.get(f"/press/alerts/confirm/{tokens.make_alert_confirm_token(subscription)}/")

    assert response.status_code == 200
    assert "Confirm my subscription" in response.text


def test_subscribing_to_chosen_topics_and_press_conferences(post_form, make_topic, make_release):
    topic = make_topic()
    make_release(topics=[topic])

    assert post_form(scope="topics", topics=[topic.pk], conferences="on").status_code == 302

    subscription = AlertSubscription.objects.get()
    assert (subscription.all_releases, subscription.conferences) == (False, True)
    assert list(subscription.topics.all()) == [topic]


def test_the_language_of_the_page_is_recorded_and_the_email_written_in_it(post_form, mailoutbox):
    response = post_form(path="/ru/press/alerts/")

    assert response["Location"] == "/ru/press/alerts/sent/"
    assert AlertSubscription.objects.get().language == "ru"
    assert mailoutbox[0].subject == "Подтвердите подписку на рассылку пресс-службы"
    assert alerts_link(mailoutbox[0], "confirm").startswith("/ru/press/alerts/confirm/")


@pytest.mark.parametrize(("prefix", "heading"), [("/ru", "Рассылка по электронной почте"),
                                                 ("/kk", "Электрондық поштаға хабарламалар")])
def test_the_form_is_in_russian_and_kazakh(client, prefix, heading):
    response = client.get(f"{prefix}/press/alerts/")

    assert response.status_code == 200
    page = response.text
    assert f'lang="{prefix[1:]}"' in page
    assert f"<h1>{heading}</h1>" in page
    assert f'action="{prefix}/press/alerts/"' in page


def test_the_privacy_notice_says_what_alerts_keep_and_links_from_the_form(client):
    notice = client.get("/privacy/").text

    assert '<h2 id="alerts">Email alerts</h2>' in notice
    assert "not confirmed within 48 hours is deleted" in notice
    assert 'href="/privacy/#alerts"' in client.get(ALERTS_URL).text


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"email": ""}, "email", "Enter your email address."),
    ({"email": "not an address"}, "email", "Enter an email address like name@example.org."),
    ({"email": "a" * 250 + "@example.org"}, "email", "Keep this under 254 characters"),
    ({"scope": ""}, "scope", "Choose which press releases you want."),
    ({"scope": "everything-and-more"}, "scope", "Choose which press releases you want."),
    ({"scope": "topics"}, "topics", "Choose at least one topic, or choose every press release."),
])
def test_bad_input_is_named_next_to_its_field_and_in_the_summary(client, make_topic, make_release, changes, field,
                                                                  message):
    make_release(topics=[make_topic()])  # a public topic, so the topics are offered
    response = client.post(ALERTS_URL, {**ALERTS_FORM, **changes})

    assert response.status_code == 422
    page = response.text
    assert 'class="error-summary"' in page
    assert f'id="id_{field}_error"' in page
    assert page.count(message) == 2  # in the summary and next to the field
    assert "<title>Error:" in page
    assert not AlertSubscription.objects.exists()


def test_a_topic_that_is_not_public_is_refused(client, make_topic):
    response = client.post(ALERTS_URL, {**ALERTS_FORM, "scope": "topics", "topics": [make_topic().pk]})

    assert response.status_code == 422
    assert "Choose among the topics shown." in response.text


def test_a_confirmed_address_keeps_its_choice_and_is_sent_its_personal_link(post_form, make_subscription,
                                                                          mailoutbox):
    subscription = make_subscription(email="ann@example.org", conferences=True)

    assert post_form(conferences=None).status_code == 302

    subscription.refresh_from_db()
    assert (subscription.status, subscription.conferences) == (S.CONFIRMED, True)
    assert mailoutbox[0].subject == "You are already subscribed to press office alerts"
    assert alerts_link(mailoutbox[0], "manage")


def test_sending_again_before_confirming_keeps_one_subscription(post_form, mailoutbox):
    post_form()
    post_form(conferences="on")

    assert AlertSubscription.objects.get().conferences is True
    assert len(mailoutbox) == 2


# Managing without an account

def test_the_manage_page_changes_topics(client, make_subscription, make_topic, make_release):
    first, second = make_topic(), make_topic()
    make_release(topics=[first, second])
    subscription = make_subscription(topics=[first])
    page = f"/press/alerts/manage/{personal_token(subscription)}/"

    shown = client.get(page)
    assert shown.status_code == 200
    assert shown["X-Robots-Tag"] == "noindex, nofollow"
    assert shown["Referrer-Policy"] == "same-origin"  # not no-referrer: its forms would post "Origin: null"
    boxes = dict(re.findall(r'<input type="checkbox" name="topics" value="(\d+)"[^>]*?( checked)?>', shown.text))
    assert boxes == {str(first.pk): " checked", str(second.pk): ""}

    saved = client.post(page, {"scope": "topics", "topics": [second.pk], "conferences": "on"})

    assert saved.status_code == 200
    assert "Your choice is saved." in saved.text
    subscription.refresh_from_db()
    assert list(subscription.topics.all()) == [second]
    assert (subscription.all_releases, subscription.conferences) == (False, True)


def test_the_manage_page_refuses_a_bad_choice(client, make_subscription):
    subscription = make_subscription()

    response = client.post(f"/press/alerts/manage/{personal_token(subscription)}/", {"scope": "topics"})

    assert response.status_code == 422
    assert "Choose at least one topic" in response.text
    assert AlertSubscription.objects.get().all_releases is True


def language_radios(response) -> list[tuple[str, str, str, str]]:
    """Each language radio of the manage page: value, " checked" or "", its label's lang and text."""
    return re.findall(r'<input type="radio" name="language" value="([^"]+)" id="id_language_\d"[^>]*?( checked)?>'
                      r' <label for="id_language_\d"><span lang="([^"]+)">([^<]+)</span></label>', response.text)


def test_the_manage_page_offers_each_language_in_itself_with_the_stored_one_chosen(client, make_subscription):
    subscription = make_subscription(language="ru")

    response = client.get(f"/press/alerts/manage/{personal_token(subscription)}/")

    assert response.status_code == 200
    assert '<legend class="field__label">Language of the alerts</legend>' in response.text
    assert language_radios(response) == [("en-gb", "", "en-gb", "English"), ("ru", " checked", "ru", "Русский"),
                                         ("kk", "", "kk", "Қазақша")]


def test_changing_the_language_on_the_manage_page_writes_the_next_alert_in_it(client, make_subscription,
                                                                             make_release, mailoutbox):
    subscription = make_subscription(language="en-gb", confirmed_at=timezone.now() - datetime.timedelta(days=1))

    saved = client.post(f"/ru/press/alerts/manage/{personal_token(subscription)}/",
                        {"scope": "all", "language": "kk"})

    assert saved.status_code == 200
    assert "Ваш выбор сохранён." in saved.text  # the page's language, not the alerts'
    assert '<legend class="field__label">Язык рассылки</legend>' in saved.text
    assert [value for value, checked, *_label in language_radios(saved) if checked] == ["kk"]
    subscription.refresh_from_db()
    assert subscription.language == "kk"

    release = make_release(title="Commission calls witnesses")
    tasks.dispatch_release_alerts.call(release_id=release.pk)

    [message] = mailoutbox
    assert message.subject == "Баспасөз релизі: Commission calls witnesses"
    assert alerts_link(message, "manage").startswith("/kk/press/alerts/manage/")


def test_a_tampered_language_is_named_next_to_its_field_and_the_other_choices_are_kept(client, make_subscription,
                                                                                       make_topic, make_release):
    topic = make_topic()
    make_release(topics=[topic])
    subscription = make_subscription(language="ru")

    response = client.post(f"/press/alerts/manage/{personal_token(subscription)}/",
                           {"scope": "topics", "topics": [topic.pk], "conferences": "on", "language": "de"})

    assert response.status_code == 422
    page = response.text
    assert '<li><a href="#id_language_0">Choose one of the languages shown.</a></li>' in page
    assert ('<p class="field__error" id="id_language_error"><span class="visually-hidden">Error:</span> '
            'Choose one of the languages shown.</p>') in page
    assert 'value="topics" id="id_scope_1" required checked>' in page
    assert rf'name="topics" value="{topic.pk}" id="id_topics_0" checked>' in page
    assert 'name="conferences" id="id_conferences" checked>' in page
    subscription.refresh_from_db()
    assert (subscription.language, subscription.all_releases, subscription.conferences) == ("ru", True, False)


def test_a_manage_form_sent_without_a_language_keeps_the_stored_one(client, make_subscription):
    """As a page opened before the question was asked sends it."""
    subscription = make_subscription(language="kk")

    response = client.post(f"/press/alerts/manage/{personal_token(subscription)}/", {"scope": "all",
                                                                                    "conferences": "on"})

    assert response.status_code == 200
    subscription.refresh_from_db()
    assert (subscription.language, subscription.conferences) == ("kk", True)


@pytest.mark.parametrize("kind", ["manage", "unsubscribe"])
def test_a_tampered_personal_link_is_refused(client, make_subscription, kind):
    subscription, victim = make_subscription(), make_subscription()
    token = personal_token(subscription)
    # The victim's id and nonce under this token's signature: only the signature stands in the way.
    other = {"s": victim.pk, "n": victim.manage_nonce}
    forged = ":".join([signing.b64_encode(json.dumps(other, separators=(",", ":")).encode()).decode(),
                       *token.split(":")[1:]])

    for bad in (token[:-4] + "abcd", forged, "nonsense"):
        assert client.get(f"/press/alerts/{kind}/{bad}/").status_code == 400
        assert client.post(f"/press/alerts/{kind}/{bad}/").status_code == 400
    assert set(AlertSubscription.objects.values_list("status", flat=True)) == {S.CONFIRMED}


def test_links_from_before_leaving_stop_working_once_subscribed_again(client, post_form, make_subscription):
    subscription = make_subscription(email="ann@example.org", status=S.UNSUBSCRIBED)
    old = personal_token(subscription)

    post_form()

    assert client.get(f"/press/alerts/manage/{old}/").status_code == 400


# One-click unsubscribe (RFC 8058)

def test_one_click_post_unsubscribes_without_csrf_token_or_cookies(make_subscription):
    subscription = make_subscription()
    browserless = Client(enforce_csrf_checks=True)

    response = browserless.post(f"/press/alerts/unsubscribe/{personal_token(subscription)}/",
                                "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert "You are unsubscribed" in response.text
    subscription.refresh_from_db()
    assert (subscription.status, subscription.unsubscribed_at is not None) == (S.UNSUBSCRIBED, True)
    assert browserless.post(f"/press/alerts/unsubscribe/{personal_token(subscription)}/").status_code == 200


def test_opening_the_unsubscribe_link_only_shows_a_button(client, make_subscription):
    subscription = make_subscription()

    response = client.get(f"/press/alerts/unsubscribe/{personal_token(subscription)}/")

    assert response.status_code == 200
    assert '<button type="submit" class="button">Unsubscribe</button>' in response.text
    assert AlertSubscription.objects.get().status == S.CONFIRMED


def test_the_link_in_an_alert_unsubscribes(make_release, make_subscription, mailoutbox, client):
    release = make_release()
    subscription = make_subscription(confirmed_at=release.publish_at - datetime.timedelta(minutes=1))
    tasks.dispatch_release_alerts.call(release_id=release.pk)
    url = re.match(r"<http://127\.0\.0\.1:8000([^>]+)>", mailoutbox[0].extra_headers["List-Unsubscribe"]).group(1)

    assert client.post(url).status_code == 200

    subscription.refresh_from_db()
    assert subscription.status == S.UNSUBSCRIBED


def test_the_already_subscribed_email_carries_the_manage_link(make_subscription):
    subscription = make_subscription()

    # The clock stands still: a signed link holds the second it was made in, and the email's and the test's
    # were one second apart when that second ended between them.
    with time_machine.travel(timezone.now(), tick=False):
        message = alert_emails.build_subscription_message(alert_emails.ALREADY_SUBSCRIBED, subscription)
        expected = personal_token(subscription)

    assert f"/press/alerts/manage/{expected}/" in message.body


# The subscriptions admin

def test_the_subscriptions_admin_lists_filters_and_searches(officer_client, make_subscription, make_topic):
    topic = make_topic(name="Detentions")
    make_subscription(email="ann@example.org", topics=[topic], language="ru")
    make_subscription(email="bob@example.org", status=S.UNCONFIRMED, confirmed_at=None)

    listing = officer_client.get("/admin/press/alertsubscription/").text
    assert "ann@example.org" in listing and "bob@example.org" in listing
    confirmed = officer_client.get("/admin/press/alertsubscription/?status__exact=confirmed").text
    assert "ann@example.org" in confirmed and "bob@example.org" not in confirmed
    by_topic = officer_client.get(f"/admin/press/alertsubscription/?topics__id__exact={topic.pk}").text
    assert "ann@example.org" in by_topic and "bob@example.org" not in by_topic
    by_language = officer_client.get("/admin/press/alertsubscription/?language__exact=en-gb").text
    assert "bob@example.org" in by_language and "ann@example.org" not in by_language
    found = officer_client.get("/admin/press/alertsubscription/?q=bob").text
    assert "bob@example.org" in found and "ann@example.org" not in found


def test_staff_without_the_permission_see_no_subscriptions(client, make_subscription):
    make_subscription(email="ann@example.org")
    client.force_login(make_staff_user("writer", ["press.view_pressrelease"]))

    assert client.get("/admin/press/alertsubscription/").status_code == 403
    assert "alertsubscription" not in client.get("/admin/").text


@pytest.mark.parametrize(("prefix"), ["", "/ru"])
def test_the_release_list_links_to_the_alerts_form_in_its_language(client, prefix):
    assert f'<a href="{prefix}/press/alerts/">' in client.get(f"{prefix}/press/").text
