"""Embargoes: a release sent to accredited journalists before it goes public.

An embargo is a scheduled publication: the release is published with ``publish_at`` in the future, which is
when the embargo lifts, so at that instant it becomes public everywhere by ``published()`` with nobody in the
admin; "Publish now" lifts it early. ``embargo`` marks it and ``embargo_zone`` is the zone its time was typed
in, the first it is shown in, before the commission's display zones (``DISPLAY_ZONES``).

Each journalist it is sent to gets one personal preview link (``PreviewLink`` with an ``accreditation``) by
email: the preview links' signed address, revocation and log of openings, with the rules of an embargoed
copy in ``services.open_link``. Emails are queued on commit (``tasks``).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commission.web.after_response import queue_on_commit
from events import timezones
from press import services, tasks
from press.models import Accreditation, PressRelease, PreviewLink


def check_may_send(user) -> None:
    """Raises ``NotAllowed`` when ``user`` may not send embargoed releases nor withdraw their copies."""
    if not services.may_send_embargoed(user):
        raise services.NotAllowed(_("Your account may not send embargoed releases to journalists: ask a press "
                                    "officer who may."))


def is_under_embargo(release: PressRelease, *, now=None) -> bool:
    """Embargoed and still waiting for its time, asked of ``scheduled()``."""
    return release.embargo and PressRelease.objects.scheduled(now=now).filter(pk=release.pk).exists()


@transaction.atomic
def embargo_release(*, release: PressRelease, until: datetime.datetime, zone: str, by, now=None) -> PressRelease:
    """Put ``release`` under embargo until ``until`` (aware), typed in ``zone``: it is scheduled for then.

    Raises ``NotAllowed`` when ``by`` may not publish; ``ValueError`` for a time not in the future or an
    unknown zone. Side effects: as ``services.schedule_release``; ``embargo`` and ``embargo_zone`` are set.
    """
    now = now or timezone.now()
    if not timezones.is_zone_name(zone):
        raise ValueError(f"unknown zone: {zone!r}")
    if until <= now:
        raise ValueError("an embargo ends in the future")
    services.schedule_release(release=release, publish_at=until, by=by, now=now)
    release.embargo, release.embargo_zone = True, zone
    release.save(update_fields=["embargo", "embargo_zone"])
    return release


def _not_sent(release: PressRelease):
    """Accredited journalists not sent ``release`` yet (nor had it withdrawn)."""
    return Accreditation.objects.accredited().exclude(
        pk__in=release.preview_links.embargo_copies().values("accreditation"))


def _among(journalists, chosen):
    """Those of ``journalists`` in ``chosen`` (accreditations or their ids), by name."""
    return journalists.filter(pk__in=[getattr(item, "pk", item) for item in chosen]).order_by("name", "pk")


def recipients(release: PressRelease, *, beats=(), language: str = "", country: str = "", outlet: str = "",
               chosen=None):
    """Accredited journalists who match and have not been sent ``release`` yet (nor had it withdrawn).

    ``chosen`` (accreditations picked one by one) wins over the filters; with neither, every accredited
    journalist. ``beats`` matches any of them; ``language`` is a word of their working languages.
    """
    journalists = _not_sent(release)
    if chosen is not None and len(chosen):
        return _among(journalists, chosen)
    if beats:
        journalists = journalists.filter(beats__in=list(beats)).distinct()
    if language.strip():
        journalists = journalists.filter(languages__icontains=language.strip())
    if country.strip():
        journalists = journalists.filter(country__iexact=country.strip())
    if outlet.strip():
        journalists = journalists.filter(outlet__iexact=outlet.strip())
    return journalists.order_by("name", "pk")


@transaction.atomic
def send_embargoed(*, release: PressRelease, journalists, by, now=None) -> list[PreviewLink]:
    """Send ``release``, under embargo, to the accredited ``journalists`` not sent it yet; return the new copies.

    Raises ``NotAllowed`` when ``by`` may not send, or the release is not under embargo (not embargoed,
    already public, or a draft). Side effects: one ``PreviewLink`` per new journalist; one email each,
    queued on commit.
    """
    check_may_send(by)
    now = now or timezone.now()
    # Locked, so two officers sending at once cannot both send one journalist a copy.
    release = PressRelease.objects.select_for_update().get(pk=release.pk)
    if not is_under_embargo(release, now=now):
        raise services.NotAllowed(_("Only a release under embargo, not yet public, can be sent to journalists."))
    pending = _among(_not_sent(release), journalists)
    expires_at = release.publish_at + services.EMBARGO_COPY_AFTER_LIFT
    copies = [
        PreviewLink.objects.create(release=release, accreditation=journalist, created_by=by, created_at=now,
                                   expires_at=expires_at)
        for journalist in pending
    ]
    for copy in copies:
        queue_on_commit(tasks.queue_embargo_email, link_id=copy.pk)
    return copies


def withdrawable(release: PressRelease, *, journalist_ids=None):
    """The embargoed copies of ``release`` that withdrawing would stop: those not stopped yet, of the journalists
    ``journalist_ids`` (all when None)."""
    copies = release.preview_links.embargo_copies().not_stopped()
    if journalist_ids is not None:
        copies = copies.filter(accreditation__in=list(journalist_ids))
    return copies


@transaction.atomic
def withdraw_embargoed(*, release: PressRelease, by, journalist_ids=None, now=None) -> int:
    """Stop the embargoed copies of ``release`` of the journalists ``journalist_ids`` (all when None) at once;
    return how many. Raises ``NotAllowed`` when ``by`` may not send embargoed releases.

    Side effects: ``revoked_at`` and ``revoked_by`` of those copies (withdrawn ones keep their first time).
    """
    check_may_send(by)
    return withdrawable(release, journalist_ids=journalist_ids).stop(by=by, now=now or timezone.now())
