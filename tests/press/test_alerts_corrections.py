"""Correction notices (press/alerts.py ``schedule_correction_notices``, the dispatch in press/tasks.py, the email
in press/alert_emails.py): a correction to a live release goes to those its alert was sent to, and only them,
once per correction, in their language; an update or a minor edit sends nothing."""

import datetime
import logging

import pytest
import time_machine
from django.core import mail

from press import alerts, services, tasks
from press.models import AlertDelivery, Revision
from tests.factories import make_release_version
from tests.press.versions import CORRECTION_NOTE, correct_release

pytestmark = pytest.mark.django_db

D = AlertDelivery.Status
DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
LOCMEM_MAIL = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def recipients(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


@pytest.fixture
def release(make_release):
    return make_release(title="Commission calls witnesses", slug="commission-calls-witnesses",
                        body="Over 227 people were held. over 227 people")


@pytest.fixture
def alerted(release, make_subscription):
    """A subscriber who was sent the release's alert, in ``language``."""

    def make(email, *, language="en-gb", status=D.SENT, **fields):
        subscription = make_subscription(email=email, language=language, **fields)
        AlertDelivery.objects.create(release=release, subscription=subscription, status=status)
        return subscription

    return make


@pytest.fixture
def correct(release, press_officer, django_capture_on_commit_callbacks):
    """The press officer corrects the live release (a new public version with a correction note), and what
    happens after commit runs: the notices, with the immediate backend."""

    def run() -> Revision:
        with django_capture_on_commit_callbacks(execute=True):
            return correct_release(release, by=press_officer)

    return run


def test_a_correction_is_sent_to_those_sent_the_alert_and_only_them(release, alerted, make_subscription,
                                                                   make_release, correct, mailoutbox):
    alerted("sent@example.org")
    for status in (D.QUEUED, D.SENDING, D.RETRYING, D.FAILED, D.SKIPPED):
        alerted(f"{status}@example.org", status=status)
    left = alerted("left@example.org")
    alerts.unsubscribe(subscription_id=left.pk, nonce=left.manage_nonce)  # since the alert
    make_subscription(email="never-sent@example.org")  # subscribed to every release, never sent this one
    other = make_subscription(email="other-release@example.org")
    AlertDelivery.objects.create(release=make_release(), subscription=other, status=D.SENT)

    correction = correct()

    assert recipients(mailoutbox) == ["sent@example.org"]
    assert AlertDelivery.objects.filter(correction=correction).values_list("subscription__email", "status").get() \
        == ("sent@example.org", D.SENT)


def test_the_notice_gives_the_note_the_release_and_its_history_with_the_alerts_personal_links(
        release, alerted, correct, mailoutbox, settings):
    settings.DEFAULT_FROM_EMAIL = "Press office <press@example.org>"
    alerted("sent@example.org")

    with time_machine.travel(datetime.datetime(2027, 3, 4, 9, 0, tzinfo=datetime.UTC), tick=False):
        correct()

    [message] = mailoutbox
    assert message.subject == "Correction: Commission calls witnesses"
    html = message.alternatives[0][0]
    for part in (message.body, html):
        assert "A press release you were sent by email has been corrected." in part
        assert "Thursday 4 March 2027, 9:00am UTC" in part
        assert CORRECTION_NOTE in part
        assert "http://127.0.0.1:8000/press/commission-calls-witnesses/" in part
        assert "http://127.0.0.1:8000/press/commission-calls-witnesses/history/" in part
        assert "/press/alerts/manage/" in part and "/press/alerts/unsubscribe/" in part
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/press/alerts/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert '<div style="max-width:600px;margin:0 auto;">' in html  # the alerts' page (emails/_press_office.html)


def test_each_correction_is_sent_once_however_often_it_is_dispatched(release, alerted, correct, press_officer,
                                                                      mailoutbox, django_capture_on_commit_callbacks):
    alerted("a@example.org")
    alerted("b@example.org")

    first = correct()
    tasks.dispatch_correction_notices.call(correction_id=first.pk)  # a second worker, a retried task
    tasks.dispatch_correction_notices.call(correction_id=first.pk, first=False)
    assert recipients(mailoutbox) == ["a@example.org", "b@example.org"]

    release.title = "Commission calls two witnesses"
    release.save()
    with django_capture_on_commit_callbacks(execute=True):
        second = services.record_edit(release=release, by=press_officer, was_public=True, kind="correction",
                                      note="The title named the wrong number of witnesses.")
    tasks.dispatch_correction_notices.call(correction_id=second.pk)

    assert recipients(mailoutbox) == ["a@example.org", "a@example.org", "b@example.org", "b@example.org"]
    assert [message.subject for message in mailoutbox[2:]] == ["Correction: Commission calls two witnesses"] * 2
    assert AlertDelivery.objects.filter(correction__release=release, status=D.SENT).count() == 4


def test_the_notice_is_in_the_subscribers_language_with_the_version_in_it_where_ready(release, alerted, correct,
                                                                                      client, mailoutbox):
    make_release_version(release, "ru", title="Комиссия вызывает свидетелей", slug="komissiya-vyzyvaet")
    make_release_version(release, "kk", title="Not ready yet", slug="not-ready", ready=False)
    alerted("ru@example.org", language="ru")
    alerted("kk@example.org", language="kk")

    correct()

    by_address = {message.to[0]: message for message in mailoutbox}
    russian = by_address["ru@example.org"]
    assert russian.subject == "Исправление: Комиссия вызывает свидетелей"
    assert "В пресс-релиз, который вы получили по электронной почте, внесено исправление." in russian.body
    assert "http://127.0.0.1:8000/ru/press/komissiya-vyzyvaet/history/" in russian.body
    assert "/ru/press/alerts/unsubscribe/" in russian.extra_headers["List-Unsubscribe"]
    html = russian.alternatives[0][0]
    assert 'lang="ru"' in html
    assert f'<span lang="en-gb">{CORRECTION_NOTE}</span>' in html  # the note is the English text's
    assert client.get("/ru/press/komissiya-vyzyvaet/history/").status_code == 200
    kazakh = by_address["kk@example.org"]
    assert kazakh.subject == "Түзету: Commission calls witnesses"  # no ready version: the English
    assert "http://127.0.0.1:8000/kk/press/commission-calls-witnesses/history/" in kazakh.body
    assert "Not ready yet" not in kazakh.body


@pytest.mark.parametrize("kind, note", [("update", "The hearing date is now set."), ("minor", "")])
def test_an_update_or_a_minor_edit_sends_nothing(release, alerted, press_officer, kind, note, mailoutbox,
                                                 django_capture_on_commit_callbacks):
    alerted("sent@example.org")
    services.save_release(release=release, by=press_officer, was_public=True)
    release.body = "At least 227 people were held."
    release.save()

    with django_capture_on_commit_callbacks(execute=True):
        version = services.record_edit(release=release, by=press_officer, was_public=True, kind=kind, note=note)

    assert version.kind == kind
    assert mailoutbox == []
    assert not AlertDelivery.objects.filter(correction__isnull=False).exists()


def test_restoring_an_earlier_version_as_a_correction_sends_its_notice(release, alerted, press_officer, mailoutbox,
                                                                      django_capture_on_commit_callbacks):
    alerted("sent@example.org")
    services.save_release(release=release, by=press_officer, was_public=True)  # version 1: the text as it stood
    first = release.revisions.get()
    release.body = "A wrong body."
    release.save()
    services.record_edit(release=release, by=press_officer, was_public=True, kind="minor")

    with django_capture_on_commit_callbacks(execute=True):
        services.restore_revision(release=release, revision=first, by=press_officer, kind="correction",
                                  note="The text is back as first published.")

    [message] = mailoutbox
    assert "The text is back as first published." in message.body


def test_a_correction_to_a_release_returned_to_draft_before_its_dispatch_sends_nothing(release, alerted,
                                                                                        press_officer, mailoutbox):
    alerted("sent@example.org")
    correction = correct_release(release, by=press_officer)  # its dispatch waits for the commit
    services.unpublish_release(release=release, by=press_officer)

    assert tasks.dispatch_correction_notices.call(correction_id=correction.pk) == "skipped: release not public now"
    assert mailoutbox == []


def test_a_correction_held_back_while_its_release_was_a_draft_goes_when_it_is_published_again(
        release, alerted, press_officer, mailoutbox, django_capture_on_commit_callbacks):
    alerted("sent@example.org")
    correction = correct_release(release, by=press_officer)
    services.unpublish_release(release=release, by=press_officer)
    tasks.dispatch_correction_notices.call(correction_id=correction.pk)  # skipped: the release was off the site

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_release(release=release, by=press_officer)

    assert recipients(mailoutbox) == ["sent@example.org"]
    assert mailoutbox[0].subject.startswith("Correction: ")
    with django_capture_on_commit_callbacks(execute=True):  # published once more: nobody gets it twice
        services.unpublish_release(release=release, by=press_officer)
        services.publish_release(release=release, by=press_officer)
    assert len(mailoutbox) == 1


def test_a_failed_notice_is_retried_later_and_never_doubled(settings, release, alerted, press_officer,
                                                           failing_mail, caplog):
    settings.TASKS = DUMMY_TASKS
    subscription = alerted("sent@example.org")
    correction = correct_release(release, by=press_officer)

    with caplog.at_level(logging.WARNING, logger="commission.web.after_response"):
        assert tasks.dispatch_correction_notices.call(correction_id=correction.pk) == "sent 0"

    delivery = AlertDelivery.objects.get(correction=correction)
    assert (delivery.status, delivery.attempts) == (D.RETRYING, 1)
    (retry,) = tasks.send_alert.get_backend().results
    assert retry.kwargs == {"delivery_id": delivery.pk, "attempt": 2}
    settings.MAILERS = LOCMEM_MAIL  # the mail server is back
    assert tasks.send_alert.call(delivery_id=delivery.pk, attempt=2) == "sent"
    assert tasks.send_alert.call(delivery_id=delivery.pk, attempt=2) == "skipped: not waiting for a retry"
    tasks.dispatch_correction_notices.call(correction_id=correction.pk)

    assert [message.to for message in mail.outbox] == [[subscription.email]]
    assert mail.outbox[0].subject == "Correction: Commission calls witnesses"


def test_the_release_admin_page_counts_the_correction_notices_beside_the_alerts(officer_client, release, alerted,
                                                                               correct, failing_mail):
    alerted("a@example.org")
    alerted("b@example.org")
    alerted("c@example.org", status=D.FAILED)

    correct()  # the immediate backend cannot retry: both notices fail

    page = officer_client.get(f"/admin/press/pressrelease/{release.pk}/change/").content.decode()
    assert "Email alerts" in page and "0 queued, 2 sent, 1 failed" in page
    assert "Correction notices" in page and "0 queued, 0 sent, 2 failed" in page
