"""The newsroom's writes: publishing, scheduling, public updates and preview links.

Each function takes keyword arguments only, runs in one transaction and
lists its side effects in its docstring. Views and admin call these; nothing
else changes a release's status or a preview link's state.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from press import tokens
from press.models import PressRelease, PreviewLink, PreviewLinkUse

PREVIEW_LINK_LIFETIME = datetime.timedelta(days=7)

# Changing any of these on a live release is a public update (dateModified, the "Updated" line).
PUBLIC_FIELDS = frozenset({
    "title", "standfirst", "dateline_place", "body", "update_note", "hero_image", "hero_alt", "hero_caption",
    "hero_credit", "topics", "related_people", "notes_to_editors", "media_contacts", "commission",
    "quotes",  # an inline of the admin form, not a field of it: see save_quotes_edit
})


class PreviewLinkInvalid(Exception):
    """The token is forged, altered, expired, revoked, or its release is gone."""


def _note_publication(release: PressRelease, *, now: datetime.datetime) -> None:
    # "First published" is when the public first could read it: fixed once that moment has passed,
    # still movable while the release is only scheduled.
    if release.status != PressRelease.Status.PUBLISHED or release.publish_at is None:
        return
    if release.first_published_at is None or release.first_published_at > now:
        release.first_published_at = release.publish_at


def _is_live(release: PressRelease, *, now: datetime.datetime) -> bool:
    """Whether the saved release is public at ``now``, asked of ``published()``, the one visibility rule."""
    return PressRelease.objects.published(now=now).filter(pk=release.pk).exists()


@transaction.atomic
def save_release(*, release: PressRelease, was_public: bool, changed_fields, now=None) -> PressRelease:
    """Save a release edited in admin, keeping its publication record straight.

    An edit is a public update when the release was live before it, still is
    after it, and its public text changed.
    Side effects: sets ``first_published_at`` when the release becomes
    published; sets ``last_updated_at`` on a public update.
    """
    now = now or timezone.now()
    _note_publication(release, now=now)
    release.save()
    if was_public and PUBLIC_FIELDS.intersection(changed_fields) and _is_live(release, now=now):
        record_public_update(release=release, now=now)
    return release


@transaction.atomic
def save_quotes_edit(*, release: PressRelease, was_public: bool, changed_fields, now=None) -> PressRelease:
    """After ``save_release``, when the same edit also changed the release's quotes.

    Side effects: sets and saves ``last_updated_at`` when the release was live before the edit and
    still is, unless ``save_release`` already did for the release's own fields (``changed_fields``).
    """
    now = now or timezone.now()
    if was_public and not PUBLIC_FIELDS.intersection(changed_fields) and _is_live(release, now=now):
        record_public_update(release=release, now=now)
    return release


@transaction.atomic
def record_public_update(*, release: PressRelease, now=None) -> PressRelease:
    """Mark a live release as updated now (its quotes changed, for instance).

    Side effects: sets and saves ``last_updated_at``.
    """
    release.last_updated_at = now or timezone.now()
    release.save(update_fields=["last_updated_at"])
    return release


@transaction.atomic
def publish_release(*, release: PressRelease, now=None) -> PressRelease:
    """Publish a release at once.

    Side effects: status becomes published, ``publish_at`` becomes now (a
    release already live keeps its original time), ``first_published_at`` is
    recorded.
    """
    now = now or timezone.now()
    if not _is_live(release, now=now):
        release.status = PressRelease.Status.PUBLISHED
        release.publish_at = now
    _note_publication(release, now=now)
    release.save(update_fields=["status", "publish_at", "first_published_at"])
    return release


@transaction.atomic
def schedule_release(*, release: PressRelease, publish_at: datetime.datetime, now=None) -> PressRelease:
    """Publish a release at ``publish_at``: invisible until then, computed at query time.

    Side effects: status becomes published, ``publish_at`` is set and
    ``first_published_at`` follows it until the release has gone live.
    """
    if timezone.is_naive(publish_at):
        raise ValueError("publish_at must be timezone-aware")
    release.status = PressRelease.Status.PUBLISHED
    release.publish_at = publish_at
    _note_publication(release, now=now or timezone.now())
    release.save(update_fields=["status", "publish_at", "first_published_at"])
    return release


@transaction.atomic
def unpublish_release(*, release: PressRelease) -> PressRelease:
    """Take a release off the public site; it becomes a draft again.

    Side effects: status becomes draft. ``publish_at`` and
    ``first_published_at`` are kept as a record.
    """
    release.status = PressRelease.Status.DRAFT
    release.save(update_fields=["status"])
    return release


@transaction.atomic
def create_preview_link(
    *, release: PressRelease, created_by=None, lifetime: datetime.timedelta = PREVIEW_LINK_LIFETIME, now=None
) -> PreviewLink:
    """Create a link at which ``release`` can be read without an account until it expires.

    Side effects: one ``PreviewLink`` row.
    """
    now = now or timezone.now()
    return PreviewLink.objects.create(release=release, created_by=created_by, created_at=now, expires_at=now + lifetime)


@transaction.atomic
def revoke_preview_link(*, link: PreviewLink, revoked_by=None, now=None) -> PreviewLink:
    """Stop a preview link from working; revoking twice keeps the first time.

    Side effects: sets ``revoked_at`` and ``revoked_by``.
    """
    if link.revoked_at is None:
        link.revoked_at = now or timezone.now()
        link.revoked_by = revoked_by
        link.save(update_fields=["revoked_at", "revoked_by"])
    return link


@transaction.atomic
def open_preview_link(*, token: str, now=None) -> PressRelease:
    """The release behind a preview token, logging the use.

    Raises ``PreviewLinkInvalid`` for a token that is forged or altered (bad
    signature), unknown, expired or revoked; nothing is logged then.
    Side effects: one ``PreviewLinkUse`` row.
    """
    now = now or timezone.now()
    try:
        key = tokens.read_preview_key(token)
    except tokens.InvalidToken:
        raise PreviewLinkInvalid("bad signature") from None
    link = PreviewLink.objects.usable(now=now).select_related("release").filter(key=key).first()
    if link is None:
        raise PreviewLinkInvalid("unknown, expired or revoked")
    PreviewLinkUse.objects.create(link=link, used_at=now)
    return link.release
