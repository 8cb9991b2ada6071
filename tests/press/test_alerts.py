"""Email alerts (press/alerts.py, the dispatch in press/tasks.py, press/alert_emails.py): who gets a release's
alert, exactly once, at its instant and never before, whatever runs twice; headers; language; admin counts."""

import datetime
import io
import logging
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from events.models import Event
from press import alerts, services, tasks
from press.models import AlertDelivery, AlertSubscription, PressRelease
from tests.events.adminforms import ADD_URL, change_data, event_data
from tests.factories import make_event_version, make_release_version
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

D = AlertDelivery.Status
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
LOCMEM_MAIL = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def recipients(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


@pytest.fixture
def draft(make_release):
    return make_release(title="Commission calls witnesses", status=PressRelease.Status.DRAFT, publish_at=None,
                        dateline_place="Almaty")


def _by_a_press_officer(name, service):
    """A fixture ``name``: ``service`` (press/services.py) done to a release by a press officer, running what
    happens after commit (the alerts)."""

    @pytest.fixture(name=name)
    def fixture(press_officer, django_capture_on_commit_callbacks):
        def run(release, **fields):
            with django_capture_on_commit_callbacks(execute=True):
                service(release=release, by=press_officer, **fields)

        return run

    return fixture


# "Publish now", scheduling (``publish_at``) and unpublishing.
publish, schedule, unpublish = (_by_a_press_officer(name, service) for name, service in [
    ("publish", services.publish_release), ("schedule", services.schedule_release),
    ("unpublish", services.unpublish_release)])


def dispatch(release) -> str:
    return tasks.dispatch_release_alerts.call(release_id=release.pk)


# Who gets an alert

def test_publish_now_sends_one_alert_to_each_matching_confirmed_subscriber(draft, publish, make_subscription,
                                                                           make_topic, mailoutbox):
    chosen, other = make_topic(), make_topic()
    draft.topics.set([chosen])
    make_subscription(email="everything@example.org")
    make_subscription(email="chosen@example.org", topics=[chosen])
    make_subscription(email="other@example.org", topics=[other])
    make_subscription(email="unconfirmed@example.org", status=AlertSubscription.Status.UNCONFIRMED,
                      confirmed_at=None)
    make_subscription(email="left@example.org", status=AlertSubscription.Status.UNSUBSCRIBED)

    publish(draft)

    assert recipients(mailoutbox) == ["chosen@example.org", "everything@example.org"]
    assert {message.subject for message in mailoutbox} == {"Press release: Commission calls witnesses"}
    assert AlertDelivery.objects.filter(release=draft, status=D.SENT).count() == 2


def test_a_subscriber_who_confirms_after_the_release_went_public_is_not_sent_it(make_release, make_subscription,
                                                                                mailoutbox):
    release = make_release()  # public an hour ago
    make_subscription(confirmed_at=timezone.now())

    assert dispatch(release) == "sent 0"
    assert mailoutbox == []


def test_the_alert_has_title_standfirst_dateline_link_and_media_contacts(draft, publish, make_subscription,
                                                                         commission, mailoutbox):
    commission.media_contacts.create(name="Press desk", email="desk@example.org", phone="+7 727 000 00 00")
    draft.commission = commission
    draft.save()
    make_subscription(confirmed_at=LONG_AGO)

    with time_machine.travel(datetime.datetime(2026, 3, 5, 9, 0, tzinfo=datetime.UTC), tick=False):
        publish(draft)

    message = mailoutbox[0]
    html = message.alternatives[0][0]
    for part in (message.body, html):
        assert "Commission calls witnesses" in part
        assert draft.standfirst in part
        assert "ALMATY, Thursday 5 March 2026" in part
        assert f"http://127.0.0.1:8000/press/{draft.slug}/" in part
        assert "Press desk" in part and "desk@example.org" in part
        assert "/press/alerts/manage/" in part
        assert "/press/alerts/unsubscribe/" in part
    # Read on a phone at the phone's width, its lines at most 600px on a wide screen (emails/_press_office.html).
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<div style="max-width:600px;margin:0 auto;">' in html


def test_every_alert_carries_one_click_list_unsubscribe_headers(draft, publish, make_subscription, mailoutbox,
                                                                 settings):
    settings.DEFAULT_FROM_EMAIL = "Press office <press@example.org>"
    make_subscription()

    publish(draft)

    headers = mailoutbox[0].extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https, mailto = re.fullmatch(r"<([^>]+)>, <([^>]+)>", headers["List-Unsubscribe"]).groups()
    assert re.fullmatch(r"http://127\.0\.0\.1:8000/press/alerts/unsubscribe/[^/]+/", https)
    assert mailto.startswith("mailto:press@example.org?subject=unsubscribe%20")
    message = mailoutbox[0].message()
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_alert_is_written_in_the_subscribers_language(draft, publish, make_subscription, mailoutbox):
    make_subscription(language="ru", confirmed_at=LONG_AGO)

    with time_machine.travel(datetime.datetime(2026, 3, 5, 9, 0, tzinfo=datetime.UTC), tick=False):
        publish(draft)

    message = mailoutbox[0]
    assert message.subject == "Пресс-релиз: Commission calls witnesses"
    assert "Читать пресс-релиз" in message.body
    assert "четверг, 5 марта 2026" in message.body
    assert f"http://127.0.0.1:8000/ru/press/{draft.slug}/" in message.body
    assert "/ru/press/alerts/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert 'lang="ru"' in message.alternatives[0][0]


def test_the_alert_names_the_commission_and_its_contacts_in_the_subscribers_language(draft, publish, commission,
                                                                                   make_subscription, mailoutbox):
    commission.name_ru = "Комиссия по расследованию"
    commission.save()
    commission.media_contacts.create(name="Press desk", name_ru="Пресс-служба", email="desk@example.org")
    draft.commission = commission
    draft.save()
    make_subscription(language="ru", confirmed_at=LONG_AGO)

    publish(draft)

    text, html = mailoutbox[0].body, mailoutbox[0].alternatives[0][0]
    for body in (text, html):
        assert "Комиссия по расследованию" in body and "Пресс-служба" in body
        assert commission.name not in body and "Press desk" not in body


def test_the_alert_gives_a_ready_version_in_the_subscribers_language_and_english_to_the_others(
        draft, publish, make_subscription, mailoutbox):
    make_release_version(draft, "ru", title="Комиссия вызывает свидетелей", slug="komissiya-vyzyvaet",
                         standfirst="Русский лид.", dateline_place="Алматы")
    make_release_version(draft, "kk", title="Not ready yet", slug="not-ready", ready=False)
    make_subscription(email="ru@example.org", language="ru", confirmed_at=LONG_AGO)
    make_subscription(email="en@example.org", confirmed_at=LONG_AGO)
    make_subscription(email="kk@example.org", language="kk", confirmed_at=LONG_AGO)

    publish(draft)

    by_address = {message.to[0]: message for message in mailoutbox}
    russian = by_address["ru@example.org"]
    assert russian.subject == "Пресс-релиз: Комиссия вызывает свидетелей"
    assert "Русский лид." in russian.body
    assert "АЛМАТЫ, " in russian.body and "ALMATY" not in russian.body  # the dateline's place in Russian
    assert "http://127.0.0.1:8000/ru/press/komissiya-vyzyvaet/" in russian.body
    # The Russian words went to the Russian subscriber only; a version not ready goes to nobody.
    assert by_address["en@example.org"].subject == "Press release: Commission calls witnesses"
    assert "Commission calls witnesses" in by_address["kk@example.org"].subject
    assert "Not ready yet" not in by_address["kk@example.org"].body


def test_an_announcement_gives_the_press_conferences_ready_version(make_event, make_subscription, mailoutbox):
    event = make_event(title="Almaty briefing")
    make_event_version(event, "ru", title="Брифинг в Алматы", places=["Алматы, Казахстан", "Лондон"])
    make_subscription(email="ru@example.org", language="ru", conferences=True, confirmed_at=LONG_AGO)
    make_subscription(email="en@example.org", conferences=True, confirmed_at=LONG_AGO)

    tasks.dispatch_event_alerts.call(event_id=event.pk)

    by_address = {message.to[0]: message for message in mailoutbox}
    assert "Брифинг в Алматы" in by_address["ru@example.org"].body
    assert "Алматы, Казахстан" in by_address["ru@example.org"].body
    english = by_address["en@example.org"].body
    assert "Almaty briefing" in english
    assert "Алматы" not in english


def test_an_announcement_says_where_to_go_with_the_street_and_how_to_attend_online(make_event, make_subscription,
                                                                                     mailoutbox):
    event = make_event(title="Almaty briefing", attendance="mixed", venue_name="Hotel Kazakhstan",
                       venue_address="Dostyk Avenue 52", in_person_capacity=10)
    make_subscription(email="en@example.org", conferences=True, confirmed_at=LONG_AGO)

    tasks.dispatch_event_alerts.call(event_id=event.pk)

    [message] = mailoutbox
    where = "Where: Hotel Kazakhstan, Dostyk Avenue 52, Almaty, Kazakhstan / Online (Zoom)"
    assert where in message.body and where in message.alternatives[0].content
    assert event.join_url not in message.body


# At the instant, never before, never twice

def test_a_scheduled_release_alerts_nobody_before_its_instant_and_everybody_once_after(draft, schedule,
                                                                                      make_subscription, mailoutbox):
    make_subscription(email="a@example.org")
    make_subscription(email="b@example.org")
    instant = timezone.now() + datetime.timedelta(hours=2)

    schedule(draft, publish_at=instant)  # the immediate backend dispatches at once: too early, nothing
    assert mailoutbox == []
    assert dispatch(draft) == "skipped: not public now"
    with time_machine.travel(instant - datetime.timedelta(seconds=1)):
        assert dispatch(draft) == "skipped: not public now"
    assert mailoutbox == []

    with time_machine.travel(instant + datetime.timedelta(seconds=1)):
        dispatch(draft)
        dispatch(draft)  # a second worker, a retried task: nothing more

    assert recipients(mailoutbox) == ["a@example.org", "b@example.org"]


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_sends_a_scheduled_release_at_its_instant(settings, draft, press_officer,
                                                                     make_subscription, mailoutbox):
    settings.TASKS = DATABASE_TASKS
    make_subscription(email="a@example.org")
    instant = timezone.now() + datetime.timedelta(hours=2)

    services.schedule_release(release=draft, publish_at=instant, by=press_officer)  # commits: the task is queued
    queued = DBTaskResult.objects.get()
    assert queued.run_after == instant
    run_worker()
    assert mailoutbox == []

    with time_machine.travel(instant + datetime.timedelta(seconds=5)):
        run_worker()

    assert recipients(mailoutbox) == ["a@example.org"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_publish_return_to_draft_publish_again_sends_once(draft, publish, unpublish, make_subscription, mailoutbox):
    make_subscription(email="first@example.org")

    with time_machine.travel(timezone.now(), tick=False) as clock:
        publish(draft)
        clock.shift(datetime.timedelta(minutes=5))
        unpublish(draft)
        make_subscription(email="meanwhile@example.org", confirmed_at=timezone.now())  # after it first went public
        clock.shift(datetime.timedelta(minutes=5))
        publish(draft)

    assert recipients(mailoutbox) == ["first@example.org"]


def test_a_release_returned_to_draft_before_it_went_public_reaches_those_who_subscribed_before_it_does(
        draft, schedule, unpublish, publish, make_subscription, mailoutbox):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        schedule(draft, publish_at=timezone.now() + datetime.timedelta(hours=1))
        unpublish(draft)  # it never went public
        clock.shift(datetime.timedelta(hours=2))
        make_subscription(email="since@example.org", confirmed_at=timezone.now())
        clock.shift(datetime.timedelta(minutes=5))
        publish(draft)

    assert recipients(mailoutbox) == ["since@example.org"]


def test_a_release_returned_to_draft_before_its_instant_sends_nothing(draft, schedule, unpublish, make_subscription,
                                                                      mailoutbox):
    make_subscription()
    instant = timezone.now() + datetime.timedelta(hours=1)
    schedule(draft, publish_at=instant)
    unpublish(draft)

    with time_machine.travel(instant + datetime.timedelta(minutes=1)):
        assert dispatch(draft) == "skipped: not public now"

    assert mailoutbox == []
    assert not AlertDelivery.objects.exists()


def test_a_rescheduled_release_is_not_sent_at_its_old_instant(draft, schedule, make_subscription, mailoutbox):
    make_subscription()
    first, later = (timezone.now() + datetime.timedelta(hours=hours) for hours in (1, 3))
    schedule(draft, publish_at=first)
    schedule(draft, publish_at=later)

    with time_machine.travel(first + datetime.timedelta(minutes=1)):
        assert dispatch(draft) == "skipped: not public now"  # the task queued for the old instant
    with time_machine.travel(later + datetime.timedelta(minutes=1)):
        dispatch(draft)
        dispatch(draft)

    assert len(mailoutbox) == 1


def test_editing_a_live_release_sends_nothing_more(draft, publish, make_subscription, press_officer, mailoutbox,
                                                   django_capture_on_commit_callbacks):
    make_subscription()
    publish(draft)
    draft.title = "A corrected title"

    with django_capture_on_commit_callbacks(execute=True):
        services.save_release(release=draft, by=press_officer, was_public=True)

    assert len(mailoutbox) == 1


def test_a_subscriber_who_leaves_before_their_turn_is_skipped(make_release, make_subscription, mailoutbox):
    release = make_release()
    subscription = make_subscription(confirmed_at=release.publish_at - datetime.timedelta(minutes=1))
    AlertDelivery.objects.create(release=release, subscription=subscription)
    alerts.unsubscribe(subscription_id=subscription.pk, nonce=subscription.manage_nonce)

    dispatch(release)

    assert mailoutbox == []
    assert AlertDelivery.objects.get().status == D.SKIPPED


# Batches, failures and retries

def test_batches_wait_for_the_rate_where_the_backend_can_defer(settings, make_release, make_subscription,
                                                               mailoutbox):
    settings.TASKS = DUMMY_TASKS
    settings.ALERTS_BATCH_SIZE, settings.ALERTS_PER_MINUTE = 2, 4
    release = make_release()
    for _ in range(5):
        make_subscription(confirmed_at=release.publish_at - datetime.timedelta(minutes=1))

    assert dispatch(release) == "sent 2, more queued"

    assert len(mailoutbox) == 2
    (queued,) = tasks.dispatch_release_alerts.get_backend().results
    assert queued.args == [] and queued.kwargs == {"release_id": release.pk, "first": False}
    assert queued.task.run_after - timezone.now() == pytest.approx(datetime.timedelta(seconds=30),
                                                                   abs=datetime.timedelta(seconds=2))
    assert tasks.dispatch_release_alerts.call(release_id=release.pk, first=False) == "sent 2, more queued"
    assert tasks.dispatch_release_alerts.call(release_id=release.pk, first=False) == "sent 1"
    assert len(mailoutbox) == 5
    assert len({address for message in mailoutbox for address in message.to}) == 5


def test_without_a_backend_that_defers_every_batch_goes_at_once(settings, make_release, make_subscription,
                                                                mailoutbox):
    settings.ALERTS_BATCH_SIZE = 2
    release = make_release()
    for _ in range(5):
        make_subscription(confirmed_at=release.publish_at - datetime.timedelta(minutes=1))

    assert dispatch(release) == "sent 5"
    assert len(mailoutbox) == 5


def test_a_failed_send_is_retried_later_and_never_doubled(settings, make_release, make_subscription, failing_mail,
                                                           caplog):
    settings.TASKS = DUMMY_TASKS
    release = make_release()
    subscription = make_subscription(confirmed_at=release.publish_at - datetime.timedelta(minutes=1))

    with caplog.at_level(logging.WARNING, logger="commission.web.after_response"):
        assert dispatch(release) == "sent 0"

    delivery = AlertDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (D.RETRYING, 1)
    assert "SMTPServerDisconnected" in delivery.error
    (retry,) = tasks.send_alert.get_backend().results
    assert retry.kwargs == {"delivery_id": delivery.pk, "attempt": 2}
    assert "retrying in 0:01:00" in caplog.text

    settings.MAILERS = LOCMEM_MAIL  # the mail server is back
    assert dispatch(release) == "sent 0"  # another dispatch leaves a row waiting for its retry alone
    assert tasks.send_alert.call(delivery_id=delivery.pk, attempt=2) == "sent"
    assert tasks.send_alert.call(delivery_id=delivery.pk, attempt=2) == "skipped: not waiting for a retry"
    dispatch(release)

    assert [message.to for message in mail.outbox] == [[subscription.email]]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == (D.SENT, 2, "")


def test_after_the_last_attempt_the_alert_is_marked_failed(settings, make_release, make_subscription, failing_mail,
                                                           caplog):
    settings.TASKS = DUMMY_TASKS
    release = make_release()
    subscription = make_subscription(confirmed_at=release.publish_at - datetime.timedelta(minutes=1))
    AlertDelivery.objects.create(release=release, subscription=subscription, status=D.RETRYING, attempts=4)

    with caplog.at_level(logging.ERROR, logger="commission.web.after_response"):
        assert tasks.send_alert.call(delivery_id=AlertDelivery.objects.get().pk, attempt=5) == "failed"

    assert AlertDelivery.objects.get().status == D.FAILED
    assert "given up after 5 attempts" in caplog.text
    assert tasks.send_alert.get_backend().results == []


def test_with_the_immediate_backend_a_failed_send_is_marked_failed_and_logged(make_release, make_subscription,
                                                                              failing_mail, caplog):
    release = make_release()
    make_subscription(confirmed_at=release.publish_at - datetime.timedelta(minutes=1))

    with caplog.at_level(logging.ERROR, logger="commission.web.after_response"):
        dispatch(release)

    assert AlertDelivery.objects.get().status == D.FAILED
    assert "cannot retry" in caplog.text


# The release's admin page

def test_the_release_admin_page_counts_alerts_queued_sent_and_failed(officer_client, make_release,
                                                                     make_subscription):
    release = make_release()
    for status in (D.SENT, D.SENT, D.FAILED, D.QUEUED):
        AlertDelivery.objects.create(release=release, subscription=make_subscription(), status=status)

    page = officer_client.get(f"/admin/press/pressrelease/{release.pk}/change/").content.decode()

    assert "Email alerts" in page
    assert "1 queued, 2 sent, 1 failed" in page


# Press-conference announcements

def test_publishing_a_press_conference_announces_it_once_to_those_who_asked(staff_client, commission,
                                                                           make_subscription, mailoutbox,
                                                                           django_capture_on_commit_callbacks):
    make_subscription(email="conferences@example.org", conferences=True)
    make_subscription(email="releases-only@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(ADD_URL, event_data(commission, status="published"))
    assert response.status_code == 302
    event = Event.objects.get(slug="almaty-briefing")
    with django_capture_on_commit_callbacks(execute=True):  # an edit of the public press conference
        staff_client.post(f"/admin/events/event/{event.pk}/change/", change_data(event, summary="New summary."))
    tasks.dispatch_event_alerts.call(event_id=event.pk)  # a second worker

    assert recipients(mailoutbox) == ["conferences@example.org"]
    message = mailoutbox[0]
    assert message.subject == "Press conference: Press conference in Almaty"
    assert "3:30pm ALMT – Almaty, Kazakhstan" in message.body and "Friday 18 January 2030" in message.body
    assert f"http://127.0.0.1:8000/events/{event.slug}/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_scheduled_press_conference_is_announced_at_its_instant_not_before(make_event, make_subscription,
                                                                             mailoutbox,
                                                                             django_capture_on_commit_callbacks):
    make_subscription(conferences=True, language="kk")
    instant = timezone.now() + datetime.timedelta(hours=3)
    event = make_event(publish_at=instant)

    with django_capture_on_commit_callbacks(execute=True):
        alerts.schedule_announcement(event=event)
    assert mailoutbox == []
    with time_machine.travel(instant + datetime.timedelta(seconds=1)):
        tasks.dispatch_event_alerts.call(event_id=event.pk)
        tasks.dispatch_event_alerts.call(event_id=event.pk)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == f"Баспасөз конференциясы: {event.title}"
    assert AlertDelivery.objects.get().event == event


# Privacy

def test_the_daily_command_deletes_subscriptions_never_confirmed_once_their_link_expired(make_subscription):
    now = timezone.now()
    lapsed = make_subscription(status=AlertSubscription.Status.UNCONFIRMED, confirmed_at=None,
                               created_at=now - datetime.timedelta(hours=49))
    waiting = make_subscription(status=AlertSubscription.Status.UNCONFIRMED, confirmed_at=None,
                                created_at=now - datetime.timedelta(hours=47))
    confirmed = make_subscription(created_at=now - datetime.timedelta(days=400))
    left = make_subscription(status=AlertSubscription.Status.UNSUBSCRIBED, created_at=now - datetime.timedelta(days=9))
    out = io.StringIO()

    call_command("purge_registrations", stdout=out)

    assert set(AlertSubscription.objects.values_list("pk", flat=True)) == {waiting.pk, confirmed.pk, left.pk}
    assert lapsed.pk not in set(AlertSubscription.objects.values_list("pk", flat=True))
    assert "Deleted 1 email-alert subscription(s) never confirmed." in out.getvalue()


def test_an_unsubscribed_address_cannot_have_its_choice_changed_behind_its_back(make_subscription):
    subscription = make_subscription(status=AlertSubscription.Status.UNSUBSCRIBED)

    with pytest.raises(alerts.AlertLinkNotValid):
        alerts.update_subscription(subscription=subscription, all_releases=True, conferences=True)

    subscription.refresh_from_db()
    assert subscription.conferences is False


def test_changing_the_language_writes_the_next_alerts_in_it(make_release, make_subscription, mailoutbox):
    subscription = make_subscription(language="en-gb", confirmed_at=LONG_AGO)

    alerts.update_subscription(subscription=subscription, all_releases=True, conferences=False, language="ru")
    dispatch(make_release(title="Commission calls witnesses"))

    assert AlertSubscription.objects.get().language == "ru"
    assert [message.subject for message in mailoutbox] == ["Пресс-релиз: Commission calls witnesses"]


def test_a_language_the_site_does_not_have_is_refused_and_nothing_changes(make_subscription):
    subscription = make_subscription(language="kk")

    with pytest.raises(ValueError, match="'de'"):
        alerts.update_subscription(subscription=subscription, all_releases=True, conferences=True, language="de")

    subscription.refresh_from_db()
    assert (subscription.language, subscription.conferences) == ("kk", False)
