"""The newsroom's writes: publishing, scheduling, public updates, preview links and deletion.

Each function takes keyword arguments only, runs in one transaction and
lists its side effects in its docstring. Views and admin call these; nothing
else changes a release's status or a preview link's state.

Writes that need a permission take the acting user and check it here, so a
request that reaches them by any road is refused the same way: ``NotAllowed``,
whose ``message`` the admin shows. The admin asks the ``may_*`` functions
which buttons to show.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


class NotAllowed(Exception):
    """The acting user may not do this. ``message`` is written for them."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


PUBLISH_PERMISSION = "press.publish_pressrelease"
SHARE_PERMISSION = "press.add_previewlink"
REVOKE_PERMISSION = "press.change_previewlink"
DELETE_PERMISSION = "press.delete_pressrelease"


def may_publish(user) -> bool:
    """Publish, schedule, return to draft, or set a release's status or publication time."""
    return user.has_perm(PUBLISH_PERMISSION)


def may_share(user) -> bool:
    """Make a preview link."""
    return user.has_perm(SHARE_PERMISSION)


def may_revoke(user) -> bool:
    """Stop a preview link."""
    return user.has_perm(REVOKE_PERMISSION)


def may_delete(user, release: PressRelease) -> bool:
    """Delete ``release`` (as read from the database): a draft, with the delete permission. A published or
    scheduled release is returned to draft first; only a superuser deletes one as it stands."""
    if not user.has_perm(DELETE_PERMISSION):
        return False
    return user.is_superuser or release.status == PressRelease.Status.DRAFT


def check_may_publish(user) -> None:
    """Raise ``NotAllowed`` unless ``user`` may publish (``may_publish``)."""
    if not may_publish(user):
        raise NotAllowed(_("Your account may not publish, schedule or return press releases to draft: "
                           "ask a press officer who may."))


def _stored_publication(release: PressRelease) -> tuple:
    """``(status, publish_at)`` as stored; what a new release starts with when it is not saved yet."""
    if release.pk is None:
        return PressRelease.Status.DRAFT, None
    return PressRelease.objects.filter(pk=release.pk).values_list("status", "publish_at").get()


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
def save_release(*, release: PressRelease, by, was_public: bool, changed_fields, now=None) -> PressRelease:
    """Save a release edited in admin by ``by``, keeping its publication record straight.

    An edit is a public update when the release was live before it, still is
    after it, and its public text changed. Raises ``NotAllowed``, saving
    nothing, when the edit changes the status or the publication time and
    ``by`` may not publish.
    Side effects: sets ``first_published_at`` when the release becomes
    published; sets ``last_updated_at`` on a public update.
    """
    now = now or timezone.now()
    if (release.status, release.publish_at) != _stored_publication(release):
        check_may_publish(by)
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
def publish_release(*, release: PressRelease, by, now=None) -> PressRelease:
    """Publish a release at once. Raises ``NotAllowed`` when ``by`` may not publish.

    Side effects: status becomes published, ``publish_at`` becomes now (a
    release already live keeps its original time), ``first_published_at`` is
    recorded.
    """
    check_may_publish(by)
    now = now or timezone.now()
    if not _is_live(release, now=now):
        release.status = PressRelease.Status.PUBLISHED
        release.publish_at = now
    _note_publication(release, now=now)
    release.save(update_fields=["status", "publish_at", "first_published_at"])
    return release


@transaction.atomic
def schedule_release(*, release: PressRelease, publish_at: datetime.datetime, by, now=None) -> PressRelease:
    """Publish a release at ``publish_at``: invisible until then, computed at query time.
    Raises ``NotAllowed`` when ``by`` may not publish.

    Side effects: status becomes published, ``publish_at`` is set and
    ``first_published_at`` follows it until the release has gone live.
    """
    if timezone.is_naive(publish_at):
        raise ValueError("publish_at must be timezone-aware")
    check_may_publish(by)
    release.status = PressRelease.Status.PUBLISHED
    release.publish_at = publish_at
    _note_publication(release, now=now or timezone.now())
    release.save(update_fields=["status", "publish_at", "first_published_at"])
    return release


@transaction.atomic
def unpublish_release(*, release: PressRelease, by) -> PressRelease:
    """Take a release off the public site; it becomes a draft again. Raises ``NotAllowed`` when ``by``
    may not publish.

    Side effects: status becomes draft. ``publish_at`` and
    ``first_published_at`` are kept as a record.
    """
    check_may_publish(by)
    release.status = PressRelease.Status.DRAFT
    release.save(update_fields=["status"])
    return release


@transaction.atomic
def create_preview_link(
    *, release: PressRelease, created_by, lifetime: datetime.timedelta = PREVIEW_LINK_LIFETIME, now=None
) -> PreviewLink:
    """Create a link at which ``release`` can be read without an account until it expires.
    Raises ``NotAllowed`` when ``created_by`` may not share preview links.

    Side effects: one ``PreviewLink`` row.
    """
    if not may_share(created_by):
        raise NotAllowed(_("Your account may not share preview links: ask a press officer who may."))
    now = now or timezone.now()
    return PreviewLink.objects.create(release=release, created_by=created_by, created_at=now, expires_at=now + lifetime)


@transaction.atomic
def revoke_preview_link(*, link: PreviewLink, revoked_by, now=None) -> PreviewLink:
    """Stop a preview link from working; revoking twice keeps the first time. Raises ``NotAllowed`` when
    ``revoked_by`` may not revoke links.

    Side effects: sets ``revoked_at`` and ``revoked_by``.
    """
    if not may_revoke(revoked_by):
        raise NotAllowed(_("Your account may not revoke preview links: ask a press officer who may."))
    if link.revoked_at is None:
        link.revoked_at = now or timezone.now()
        link.revoked_by = revoked_by
        link.save(update_fields=["revoked_at", "revoked_by"])
    return link


@transaction.atomic
def delete_releases(*, releases, by) -> int:
    """Delete the releases of the queryset ``releases``; return how many. Raises ``NotAllowed``, deleting
    nothing, when ``by`` may not delete one of them (see ``may_delete``).

    Side effects: the releases go with their quotes, preview links and the links' log of openings.
    """
    if not by.has_perm(DELETE_PERMISSION):
        raise NotAllowed(_("Your account may not delete press releases."))
    # Locked, so none is published between the check and the deletion.
    chosen = list(PressRelease.objects.select_for_update().filter(pk__in=releases.values("pk")))
    refused = [release for release in chosen if not may_delete(by, release)]
    if refused:
        raise NotAllowed(refused_deletion_message(refused))
    PressRelease.objects.filter(pk__in=[release.pk for release in chosen]).delete()
    return len(chosen)


def refused_deletion_message(releases) -> str:
    """Why these releases, public or scheduled, are not deleted, naming them."""
    titles = ", ".join(f"“{release.title}”" for release in releases)
    return ngettext(
        "%(titles)s is public or scheduled: return it to draft before deleting it.",
        "%(titles)s are public or scheduled: return them to draft before deleting them.",
        len(releases),
    ) % {"titles": titles}


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
