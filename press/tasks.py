"""Accreditation emails, sent through Django's tasks framework: a thin wrapper around press/emails.py, as
registrants' emails are around events/emails.py.

``press/accreditation.py`` queues ``send_accreditation_email`` once its transaction has committed. The task
reads the request as it is when it runs and skips an email that no longer fits it (``emails.DUE_WHEN``): a
"you are accredited" for a request revoked meanwhile is never sent. A failed send is retried where the
backend can (``commission.web.after_response.retry_later``), else logged; the request is kept either way,
and sending the form again resends the email.
"""

import datetime

from django.conf import settings
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from commission.web.after_response import queue_task, retry_later, send_or_retry, will_retry
from events.models import Event
from press import alert_emails, emails
from press.models import Accreditation, AlertDelivery, AlertSubscription, PressRelease, PreviewLink, Revision


def queue_accreditation_email(*, kind: str, accreditation_id: int) -> None:
    queue_task(send_accreditation_email, kind=kind, accreditation_id=accreditation_id)


@task()
def send_accreditation_email(*, kind: str, accreditation_id: int, attempt: int = 1) -> str:
    """Send one applicant one email. Returns what happened (``sent`` or why it was skipped)."""
    accreditation = Accreditation.objects.not_erased().filter(pk=accreditation_id).first()
    if accreditation is None:
        return "skipped: request gone or erased"
    if accreditation.status not in emails.DUE_WHEN[kind]:
        return f"skipped: request is {accreditation.status} now"
    return send_or_retry(lambda: emails.build_message(kind, accreditation), send_accreditation_email,
                         attempt=attempt, what=f"Accreditation email {kind} to request {accreditation_id}",
                         keep="the request is kept; sending the form again resends it",
                         kind=kind, accreditation_id=accreditation_id)


def queue_embargo_email(*, link_id: int) -> None:
    queue_task(send_embargo_email, link_id=link_id)


@task()
def send_embargo_email(*, link_id: int, attempt: int = 1) -> str:
    """Send one journalist their personal link to an embargoed release. Skipped when the copy was withdrawn,
    the journalist is no longer accredited, or the release is public already (or a draft again)."""
    link = (PreviewLink.objects.embargo_copies().opening().select_related("release", "accreditation")
            .filter(pk=link_id).first())
    if link is None:
        return "skipped: copy gone, withdrawn or expired, or its journalist no longer accredited"
    if not PressRelease.objects.scheduled().filter(pk=link.release_id).exists():
        return "skipped: release no longer under embargo"
    return send_or_retry(lambda: emails.build_embargo_message(link), send_embargo_email,
                         attempt=attempt, what=f"Embargoed copy {link_id}",
                         keep="the copy is kept; withdraw it and send again, or send the link by hand",
                         link_id=link_id)


# Email alerts (press/alerts.py). The subscriber's own emails work as the accreditation ones do. Alerts about
# a release or a press conference are dispatched at its instant: the task re-reads it and does nothing unless
# it is public then, writes one ledger row per subscriber due (AlertDelivery; the unique constraint makes a
# second dispatch add nothing), then sends the rows still queued, each claimed by a conditional UPDATE first,
# so two workers or two dispatches never send one twice. A crash between the claim and the send leaves the
# row "being sent": never sent twice is the promise, the admin shows what is stuck. A correction to a release
# is re-issued the same way, to those its alert was sent to: one ledger row per subscriber and correction.

def queue_alert_subscription_email(*, kind: str, subscription_id: int) -> None:
    queue_task(send_alert_subscription_email, kind=kind, subscription_id=subscription_id)


@task()
def send_alert_subscription_email(*, kind: str, subscription_id: int, attempt: int = 1) -> str:
    """Send a subscriber the confirmation or "already subscribed" email, if it still fits their state."""
    subscription = AlertSubscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return "skipped: subscription gone"
    if subscription.status not in alert_emails.DUE_WHEN[kind]:
        return f"skipped: subscription is {subscription.status} now"
    return send_or_retry(lambda: alert_emails.build_subscription_message(kind, subscription),
                         send_alert_subscription_email, attempt=attempt,
                         what=f"Alert subscription email {kind} to subscription {subscription_id}",
                         keep="the subscription is kept; sending the form again resends it",
                         kind=kind, subscription_id=subscription_id)


def queue_release_alerts(*, release_id: int, at: datetime.datetime) -> None:
    queue_task(dispatch_release_alerts, run_after=at, release_id=release_id)


def queue_event_alerts(*, event_id: int, at: datetime.datetime) -> None:
    queue_task(dispatch_event_alerts, run_after=at, event_id=event_id)


def queue_correction_notices(*, correction_id: int, at: datetime.datetime | None = None) -> None:
    queue_task(dispatch_correction_notices, run_after=at, correction_id=correction_id)


def _add_to_ledger(subscriptions, **item) -> None:
    """One ledger row for each of ``subscriptions`` about ``item`` (``release=``, ``event=`` or ``correction=``);
    the unique constraint makes a second dispatch add nothing."""
    AlertDelivery.objects.bulk_create(
        [AlertDelivery(subscription_id=pk, **item) for pk in subscriptions.values_list("pk", flat=True)],
        ignore_conflicts=True,
    )


@task()
def dispatch_release_alerts(*, release_id: int, first: bool = True) -> str:
    """A release's alerts, if it is public now: the ledger rows (``first`` run only), then a batch."""
    release = PressRelease.objects.published().filter(pk=release_id).prefetch_related("media_contacts").first()
    if release is None:
        return "skipped: not public now"
    if first:
        _add_to_ledger(AlertSubscription.objects.due_for_release(release), release=release)
    context = alert_emails.release_context(release)
    return _send_batches(Q(release_id=release_id), lambda subscription: alert_emails.build_release_alert(
        context, subscription), dispatch_release_alerts, release_id=release_id)


@task()
def dispatch_event_alerts(*, event_id: int, first: bool = True) -> str:
    """A press conference's announcements, if it is public now: as ``dispatch_release_alerts``."""
    event = Event.objects.published().filter(pk=event_id).for_listing().first()
    if event is None:
        return "skipped: not public now"
    if event.has_ended():
        return "skipped: already over"
    if first:
        _add_to_ledger(AlertSubscription.objects.due_for_event(event), event=event)
    context = alert_emails.event_context(event)
    return _send_batches(Q(event_id=event_id), lambda subscription: alert_emails.build_event_alert(
        context, subscription), dispatch_event_alerts, event_id=event_id)


def _public_correction(correction_id: int) -> Revision | None:
    """The correction, with its release, if that release is public now (its page is what the notice links)."""
    return (Revision.objects.filter(pk=correction_id, kind=Revision.Kind.CORRECTION,
                                    release__in=PressRelease.objects.published())
            .select_related("release").first())


@task()
def dispatch_correction_notices(*, correction_id: int, first: bool = True) -> str:
    """The notices of a correction to those sent its release's alert, if the release is public now: as
    ``dispatch_release_alerts``."""
    correction = _public_correction(correction_id)
    if correction is None:
        return "skipped: release not public now"
    if first:
        _add_to_ledger(AlertSubscription.objects.due_for_correction(correction), correction=correction)
    context = alert_emails.correction_context(correction)
    return _send_batches(Q(correction_id=correction_id), lambda subscription: alert_emails.build_correction_notice(
        context, subscription), dispatch_correction_notices, correction_id=correction_id)


def _send_batches(about: Q, build, again, **ids) -> str:
    """Send up to ``ALERTS_BATCH_SIZE`` queued alerts; queue the next batch after the pause the rate asks for
    where the backend can wait, else go on here until none is left."""
    size, per_minute = settings.ALERTS_BATCH_SIZE, settings.ALERTS_PER_MINUTE
    sent = 0
    while True:
        batch = list(AlertDelivery.objects.filter(about, status=AlertDelivery.Status.QUEUED)
                     .values_list("pk", flat=True)[:size])
        for pk in batch:
            if AlertDelivery.objects.claim(pk, from_status=AlertDelivery.Status.QUEUED, now=timezone.now()):
                sent += _deliver(pk, build) == "sent"
        if len(batch) < size or not AlertDelivery.objects.filter(about, status=AlertDelivery.Status.QUEUED).exists():
            return f"sent {sent}"
        if again.get_backend().supports_defer:
            pause = datetime.timedelta(minutes=size / per_minute) if per_minute else None
            again.using(run_after=timezone.now() + pause if pause else None).enqueue(first=False, **ids)
            return f"sent {sent}, more queued"


def _deliver(pk: int, build) -> str:
    """Send one claimed delivery (status "sending"); record what happened."""
    delivery = AlertDelivery.objects.select_related("subscription").get(pk=pk)
    if delivery.subscription.status != AlertSubscription.Status.CONFIRMED:
        AlertDelivery.objects.filter(pk=pk).update(status=AlertDelivery.Status.SKIPPED)
        return "skipped"
    try:
        build(delivery.subscription).send()
    except Exception as error:
        retrying = will_retry(send_alert, attempt=delivery.attempts)  # the rule retry_later follows below
        AlertDelivery.objects.filter(pk=pk).update(
            status=AlertDelivery.Status.RETRYING if retrying else AlertDelivery.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:500],
        )
        retry_later(send_alert, attempt=delivery.attempts, what=f"Alert {pk} to subscription "
                    f"{delivery.subscription_id}", keep="the alert is marked failed in the release's admin page",
                    delivery_id=pk)
        return "failed"
    AlertDelivery.objects.filter(pk=pk).update(status=AlertDelivery.Status.SENT, sent_at=timezone.now(), error="")
    return "sent"


@task()
def send_alert(*, delivery_id: int, attempt: int = 2) -> str:
    """Try a failed alert again (queued by ``retry_later``), unless something else has sent it meanwhile."""
    delivery = AlertDelivery.objects.filter(pk=delivery_id).select_related("release", "event").first()
    if delivery is None or not AlertDelivery.objects.claim(delivery_id, from_status=AlertDelivery.Status.RETRYING,
                                                           now=timezone.now()):
        return "skipped: not waiting for a retry"
    if delivery.release_id:
        release = PressRelease.objects.published().filter(pk=delivery.release_id).first()
        if release is None:  # back to draft meanwhile: it waits in the queue for the release's next dispatch
            AlertDelivery.objects.filter(pk=delivery_id).update(status=AlertDelivery.Status.QUEUED)
            return "skipped: release not public now"
        context = alert_emails.release_context(release)
        return _deliver(delivery_id, lambda subscription: alert_emails.build_release_alert(context, subscription))
    if delivery.correction_id:
        correction = _public_correction(delivery.correction_id)
        if correction is None:  # back to draft meanwhile: left queued, shown so in the release's admin page
            AlertDelivery.objects.filter(pk=delivery_id).update(status=AlertDelivery.Status.QUEUED)
            return "skipped: release not public now"
        context = alert_emails.correction_context(correction)
        return _deliver(delivery_id, lambda subscription: alert_emails.build_correction_notice(context, subscription))
    event = Event.objects.published().filter(pk=delivery.event_id).for_listing().first()
    if event is None:
        AlertDelivery.objects.filter(pk=delivery_id).update(status=AlertDelivery.Status.QUEUED)
        return "skipped: press conference not public now"
    context = alert_emails.event_context(event)
    return _deliver(delivery_id, lambda subscription: alert_emails.build_event_alert(context, subscription))
