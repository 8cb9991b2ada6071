"""Email alerts: subscribe, confirm the address, change the choice, unsubscribe; and, when a release goes
public, its alerts.

Anyone subscribes on the public form (``subscribe``) to every release or to chosen topics, and optionally to
press-conference announcements, and confirms the address through a signed link (``confirm_subscription``).
Each alert carries a personal link to change the choice (``update_subscription``) or leave
(``unsubscribe``, also the one-click address of the ``List-Unsubscribe`` header). As on the accreditation
form, sending the form again for a known address does not tell a stranger whether it is known, and changes
nothing a confirmed subscriber chose: they are sent their personal link instead.

When a release is published or scheduled, ``schedule_alerts`` queues the dispatch task for its instant
(press/tasks.py). That task decides everything when it runs: nothing unless the release is ``published()``
then, and one ``AlertDelivery`` row per subscriber and release, the ledger that makes each alert go out at
most once, whatever runs twice. ``schedule_announcement`` does the same for a press conference, and
``schedule_correction_notices`` for a correction to a live release: its notice goes to every subscriber the
release's alert was sent to, once per correction.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commission.web.after_response import queue_on_commit
from press import alert_emails, tasks, tokens
from press.models import AlertSubscription, PressRelease, Revision, new_alert_nonce

Status = AlertSubscription.Status


class AlertLinkNotValid(Exception):
    message = _("This link has already been used, or was replaced by a newer email.")


def _email_on_commit(kind: str, subscription: AlertSubscription) -> None:
    queue_on_commit(tasks.queue_alert_subscription_email, kind=kind, subscription_id=subscription.pk)


def _start_over(subscription: AlertSubscription, *, all_releases, topics, conferences, language, now) -> None:
    subscription.all_releases = all_releases
    subscription.conferences = conferences
    subscription.language = language
    subscription.status = Status.UNCONFIRMED
    subscription.created_at = now
    subscription.confirmed_at = subscription.unsubscribed_at = None
    subscription.save()
    subscription.topics.set(topics)


@transaction.atomic
def subscribe(*, email: str, all_releases: bool, topics=(), conferences: bool, language: str,
              now: datetime.datetime | None = None) -> AlertSubscription:
    """Ask for alerts. ``email`` must be normalised already (the form does it); ``topics`` matter only when
    ``all_releases`` is false; ``language`` is the page's, which the alerts will be written in.

    A new address, an unconfirmed one (its choice replaced) or one that left gets a subscription awaiting
    confirmation and the confirmation email. A confirmed address keeps its choice and is sent its personal
    link to change it, its ``requested_again_at`` set. Side effects: one row written (whether the address is
    known or not, so that the time the form takes does not tell); one email on commit.
    """
    now = now or timezone.now()
    topics = [] if all_releases else list(topics)
    subscription = AlertSubscription.objects.select_for_update().filter(email=email).first()
    if subscription is None:
        try:
            with transaction.atomic():
                subscription = AlertSubscription.objects.create(email=email, created_at=now)
        except IntegrityError:  # a double submit created it meanwhile
            subscription = AlertSubscription.objects.select_for_update().get(email=email)
        else:
            _start_over(subscription, all_releases=all_releases, topics=topics, conferences=conferences,
                        language=language, now=now)
            _email_on_commit(alert_emails.CONFIRM, subscription)
            return subscription
    if subscription.status == Status.CONFIRMED:
        # A savepoint and a row written, as for a new address: the time the form takes does not tell them apart.
        with transaction.atomic():
            AlertSubscription.objects.filter(pk=subscription.pk).update(requested_again_at=now)
        subscription.requested_again_at = now
        _email_on_commit(alert_emails.ALREADY_SUBSCRIBED, subscription)
        return subscription
    if subscription.status == Status.UNSUBSCRIBED:
        # Links from before leaving stop working: a new subscription, new links.
        subscription.manage_nonce = new_alert_nonce()
    subscription.confirm_nonce = new_alert_nonce()
    _start_over(subscription, all_releases=all_releases, topics=topics, conferences=conferences,
                language=language, now=now)
    _email_on_commit(alert_emails.CONFIRM, subscription)
    return subscription


def _to_confirm(subscription_id: int, nonce: str, *, lock: bool) -> AlertSubscription:
    subscriptions = AlertSubscription.objects.select_for_update() if lock else AlertSubscription.objects
    subscription = subscriptions.filter(pk=subscription_id, confirm_nonce=nonce, status=Status.UNCONFIRMED).first()
    if subscription is None:
        raise AlertLinkNotValid
    return subscription


def get_subscription_to_confirm(*, subscription_id: int, nonce: str) -> AlertSubscription:
    """The subscription a confirmation link names, if the link still works (read only: no lock, no
    transaction needed). Raises ``AlertLinkNotValid``."""
    return _to_confirm(subscription_id, nonce, lock=False)


@transaction.atomic
def confirm_subscription(*, subscription_id: int, nonce: str,
                         now: datetime.datetime | None = None) -> AlertSubscription:
    """The subscriber opened the link and pressed the button: alerts start with the next release.

    Raises ``AlertLinkNotValid``. Side effects: confirmed, and the nonce replaced (the link works once).
    """
    subscription = _to_confirm(subscription_id, nonce, lock=True)
    subscription.status = Status.CONFIRMED
    subscription.confirmed_at = now or timezone.now()
    subscription.confirm_nonce = new_alert_nonce()
    subscription.save(update_fields=["status", "confirmed_at", "confirm_nonce"])
    return subscription


def get_subscription(*, subscription_id: int, nonce: str) -> AlertSubscription:
    """The subscription a personal (manage or unsubscribe) link names, in whatever state. Raises
    ``AlertLinkNotValid`` when the link was replaced or its subscription is gone."""
    subscription = AlertSubscription.objects.filter(pk=subscription_id, manage_nonce=nonce).first()
    if subscription is None:
        raise AlertLinkNotValid
    return subscription


@transaction.atomic
def update_subscription(*, subscription: AlertSubscription, all_releases: bool, topics=(), conferences: bool,
                        language: str | None = None) -> AlertSubscription:
    """Change what a subscriber receives (from their personal link) and, unless ``language`` is None, the
    language of settings.LANGUAGES their alerts are written in from the next one on, personal links included.

    Raises ``AlertLinkNotValid`` for one who has unsubscribed: subscribing again goes through the form and its
    confirmation; ``ValueError`` for a language the site does not have. Side effects: the row and its topics.
    """
    if subscription.status == AlertSubscription.Status.UNSUBSCRIBED:
        raise AlertLinkNotValid
    if language is not None and language not in dict(settings.LANGUAGES):
        raise ValueError(f"Not a language of the site: {language!r}")
    subscription.all_releases = all_releases
    subscription.conferences = conferences
    subscription.language = language or subscription.language
    subscription.save(update_fields=["all_releases", "conferences", "language"])
    subscription.topics.set([] if all_releases else list(topics))
    return subscription


@transaction.atomic
def unsubscribe(*, subscription_id: int, nonce: str, now: datetime.datetime | None = None) -> AlertSubscription:
    """Stop every alert to this subscriber. Idempotent: leaving twice keeps the first time.

    Raises ``AlertLinkNotValid``. Side effects: the status; alerts queued for them are skipped when their
    turn comes (press/tasks.py).
    """
    subscription = get_subscription(subscription_id=subscription_id, nonce=nonce)
    if subscription.status != Status.UNSUBSCRIBED:
        subscription.status = Status.UNSUBSCRIBED
        subscription.unsubscribed_at = now or timezone.now()
        subscription.save(update_fields=["status", "unsubscribed_at"])
    return subscription


def schedule_alerts(*, release: PressRelease) -> None:
    """Called when ``release`` is published or scheduled: its alerts go out at its instant (at once when that
    has come). Nothing is cancelled when it returns to draft or moves: the dispatch re-reads the release
    when it runs and sends only if it is public then; the ledger keeps a second dispatch from sending twice.
    Side effects: the dispatch task queued on commit, and for a release published again, its corrections'
    notices' too: those that waited while it was off the site go at its instant (the ledger keeps the others
    from going twice)."""
    if release.status != PressRelease.Status.PUBLISHED or release.publish_at is None:
        return
    queue_on_commit(tasks.queue_release_alerts, release_id=release.pk, at=release.publish_at)
    for correction_id in release.revisions.filter(kind=Revision.Kind.CORRECTION).values_list("pk", flat=True):
        queue_on_commit(tasks.queue_correction_notices, correction_id=correction_id, at=release.publish_at)


def schedule_announcement(*, event) -> None:
    """As ``schedule_alerts``, for a press conference published or scheduled: its announcement goes to the
    subscribers who asked for them, at its publication time."""
    if event.status != event.Status.PUBLISHED or event.publish_at is None:
        return
    queue_on_commit(tasks.queue_event_alerts, event_id=event.pk, at=event.publish_at)


def schedule_correction_notices(*, revision: Revision) -> None:
    """Called for each new public version of a release: a correction (the release said something wrong; not an
    update or a minor edit) is re-issued to every subscriber its alert was sent to, at once. Side effects: the
    dispatch task queued on commit (press/tasks.py), which writes one ledger row per subscriber and correction."""
    if revision.kind != Revision.Kind.CORRECTION:
        return
    queue_on_commit(tasks.queue_correction_notices, correction_id=revision.pk)


def purge_lapsed(*, now: datetime.datetime | None = None) -> int:
    """Delete subscriptions never confirmed whose link has expired (``ALERT_CONFIRM_HOURS``): an address
    nobody confirmed is not kept. Idempotent; run daily by ``purge_registrations``. Returns how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=tokens.ALERT_CONFIRM_HOURS)
    return AlertSubscription.objects.filter(status=Status.UNCONFIRMED, created_at__lte=cutoff).delete()[1].get(
        AlertSubscription._meta.label, 0)
