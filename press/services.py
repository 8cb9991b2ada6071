"""The newsroom's writes: publishing, scheduling, versions and corrections, preview links and deletion.

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
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commission.models import MediaContact, Person
from commission.web.errors import Refused
from press import alerts, revisions, tokens
from press.models import PressRelease, PreviewLink, PreviewLinkUse, Quote, Revision

PREVIEW_LINK_LIFETIME = datetime.timedelta(days=7)
# A journalist's embargoed copy keeps working this long after the embargo lifts: it leads to the public page.
EMBARGO_COPY_AFTER_LIFT = datetime.timedelta(days=30)

# The fields of the admin form that are part of the public text (press.revisions.PARTS): changing one on a
# live release makes a new version, and the press officer says what kind of change it is.
PUBLIC_TEXT_FIELDS = frozenset({
    "title", "standfirst", "dateline_place", "body", "notes_to_editors", "media_contacts", "commission",
    "quotes",  # an inline of the admin form, not a field of it
})


class PreviewLinkInvalid(Exception):
    """The token is forged, altered, expired, revoked, or its release is gone. ``embargo_copy``: it is a
    journalist's embargoed copy, stopped (withdrawn, its journalist no longer accredited, its release taken back),
    which no new link replaces, unlike a shared preview."""

    def __init__(self, reason: str, *, embargo_copy: bool = False):
        super().__init__(reason)
        self.embargo_copy = embargo_copy


class NotAllowed(Refused):
    """The acting user may not do this."""


PUBLISH_PERMISSION = "press.publish_pressrelease"
SHARE_PERMISSION = "press.add_previewlink"
REVOKE_PERMISSION = "press.change_previewlink"
DELETE_PERMISSION = "press.delete_pressrelease"
CHANGE_PERMISSION = "press.change_pressrelease"
SEND_EMBARGOED_PERMISSION = "press.send_embargoed"


def may_publish(user) -> bool:
    """Publish, schedule, return to draft, or set a release's status or publication time."""
    return user.has_perm(PUBLISH_PERMISSION)


def may_share(user) -> bool:
    """Make a preview link."""
    return user.has_perm(SHARE_PERMISSION)


def may_revoke(user) -> bool:
    """Stop a preview link."""
    return user.has_perm(REVOKE_PERMISSION)


def may_send_embargoed(user) -> bool:
    """Send an embargoed release to journalists, and withdraw their copies (press/embargo.py)."""
    return user.has_perm(SEND_EMBARGOED_PERMISSION)


def may_restore(user) -> bool:
    """Restore an earlier version of a release."""
    return user.has_perm(CHANGE_PERMISSION)


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


def check_may_revoke(user) -> None:
    """Raise ``NotAllowed`` unless ``user`` may revoke preview links (``may_revoke``)."""
    if not may_revoke(user):
        raise NotAllowed(_("Your account may not revoke preview links: ask a press officer who may."))


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
def save_release(*, release: PressRelease, by, was_public: bool, now=None) -> PressRelease:
    """Save a release edited in admin by ``by``, keeping its publication record straight; ``record_edit``
    follows once its quotes and other relations are saved.

    Raises ``NotAllowed``, saving nothing, when the edit changes the status or the publication time and
    ``by`` may not publish.
    Side effects: sets ``first_published_at`` when the release becomes published; a new publication time
    moves the expiry of journalists' embargoed copies with it, and queues its email alerts for its instant
    (press/alerts.py); for a live release whose history has no text yet (published before versions were
    kept), stores the text as it stood. A published or scheduled release whose status is set to draft is
    returned to draft as ``unpublish_release`` does it: its embargo ends and its journalists' copies stop.
    """
    now = now or timezone.now()
    stored_status, stored_time = _stored_publication(release)
    moved = (release.status, release.publish_at) != (stored_status, stored_time)
    if moved:
        check_may_publish(by)
    if stored_status == PressRelease.Status.PUBLISHED and release.status == PressRelease.Status.DRAFT:
        _end_publication(release, by=by, now=now)
    _note_publication(release, now=now)
    if was_public:
        _keep_text_before_edit(release, now=now)
    release.save()
    if moved and release.publish_at is not None:
        _follow_publication(release)
    if moved:
        alerts.schedule_alerts(release=release)
    return release


def _follow_publication(release: PressRelease) -> None:
    # Journalists' copies of an embargoed release live as long after its (new) time as ever.
    release.preview_links.embargo_copies().update(expires_at=release.publish_at + EMBARGO_COPY_AFTER_LIFT)


def _keep_text_before_edit(release: PressRelease, *, now) -> None:
    # The history needs the text a change starts from. A release published before versions were kept
    # (or written straight to the database) has none: take it from the database before the edit.
    latest = release.revisions.reached(now=now).first()
    if latest is not None and latest.snapshot is not None:
        return
    stored = revisions.snapshot(PressRelease.objects.get(pk=release.pk))
    if latest is None:
        Revision.objects.create(
            release=release, number=_next_number(release), kind=Revision.Kind.PUBLISHED,
            created_at=release.first_published_at or release.publish_at or now,
            changed=list(revisions.PARTS), snapshot=stored,
        )
    else:
        latest.snapshot = stored
        latest.save(update_fields=["snapshot"])


def _next_number(release: PressRelease) -> int:
    return (release.revisions.aggregate(last=Max("number"))["last"] or 0) + 1


def _add_revision(release, *, kind, note="", by=None, at, snapshot, restored_from=None) -> Revision:
    previous = release.revisions.filter(snapshot__isnull=False).reached(now=at).first()
    revision = Revision.objects.create(
        release=release, number=_next_number(release), kind=kind, note=note.strip(), created_at=at,
        created_by=by if getattr(by, "pk", None) else None,
        changed=revisions.changed_parts(previous.snapshot if previous else None, snapshot), snapshot=snapshot,
        restored_from=restored_from,
    )
    if kind in revisions.LOGGED_KINDS:
        release.last_updated_at = at
        release.save(update_fields=["last_updated_at"])
    alerts.schedule_correction_notices(revision=revision)
    return revision


def _record_publication(release: PressRelease, *, by, now) -> Revision:
    """The version the public reads from ``publish_at`` on. A scheduled release's version waits for its
    time (the public history shows versions already reached); re-saving it replaces the waiting one."""
    release.revisions.filter(created_at__gt=now).delete()
    seen_before = release.revisions.exists()
    at = release.publish_at if release.publish_at > now or not seen_before else now
    return _add_revision(release, kind=Revision.Kind.PUBLISHED, by=by, at=at, snapshot=revisions.snapshot(release))


def _check_kind(kind, note: str) -> None:
    if kind not in Revision.Kind.values or kind == Revision.Kind.PUBLISHED:
        raise ValueError(f"not a kind of change: {kind!r}")
    if kind in revisions.LOGGED_KINDS and not note.strip():
        raise ValueError("a correction or an update needs a note")


@transaction.atomic
def record_edit(*, release: PressRelease, by, was_public: bool, kind=None, note: str = "", now=None) -> Revision | None:
    """After an edit of ``release`` is saved (its quotes too): the new public version, if the public text
    changed. ``kind`` is a ``Revision.Kind`` (correction, update, minor); a correction or an update needs a
    ``note`` for readers. Drafts and scheduled releases make no public version.

    Returns the new version, or None when the public text is unchanged. The admin form asks for the kind
    whenever its own fields or quotes changed; a change it cannot see (a press conference linked from its
    own page since the last version) is recorded as a minor edit when no kind is given. Raises
    ``ValueError`` for a correction or an update without a note.
    Side effects: one ``Revision`` row; ``last_updated_at`` set for a correction or update; a correction's
    notice queued for the subscribers its alert was sent to (press/alerts.py); for a scheduled release, its
    waiting first version is replaced.
    """
    now = now or timezone.now()
    if not _is_live(release, now=now):
        if release.status == PressRelease.Status.PUBLISHED:  # scheduled: the version it will go live with
            return _record_publication(release, by=by, now=now)
        return None
    if not was_public:
        return _record_publication(release, by=by, now=now)
    snapshot = revisions.snapshot(release)
    latest = release.revisions.filter(snapshot__isnull=False).reached(now=now).first()
    if latest is not None and revisions.same_text(latest.snapshot, snapshot):
        return None
    kind = kind or Revision.Kind.MINOR
    _check_kind(kind, note)
    return _add_revision(release, kind=kind, note=note, by=by, at=now, snapshot=snapshot)


@transaction.atomic
def restore_revision(*, release: PressRelease, revision: Revision, by, kind, note: str = "", now=None) -> Revision | None:
    """Make ``revision``'s text the live release's text again, as a new version of kind ``kind`` with
    ``note``. Related press conferences are the press conferences' own: they are not changed.

    Raises ``NotAllowed`` when ``by`` may not change releases, the release is not public, or the version's
    text was not kept; ``ValueError`` for a missing kind or note. Returns None when the text already reads so.
    Side effects: the release's text, quotes and media contacts; one ``Revision`` row; for a correction, its
    notice queued for the subscribers the release's alert was sent to (press/alerts.py).
    """
    now = now or timezone.now()
    if not may_restore(by):
        raise NotAllowed(_("Your account may not change press releases: ask a press officer who may."))
    if not _is_live(release, now=now):
        raise NotAllowed(_("Only a public release's versions can be restored."))
    if revision.snapshot is None:
        raise NotAllowed(_("The text of version %(number)s was not kept: it cannot be restored.")
                         % {"number": revision.number})
    _check_kind(kind, note)
    _keep_text_before_edit(release, now=now)
    text = revision.snapshot
    for name in ("title", "dateline_place", "standfirst", "body", "notes_to_editors"):
        setattr(release, name, text[name])
    release.save()
    release.quotes.all().delete()
    speakers = set(Person.objects.filter(pk__in=[quote["speaker_id"] for quote in text["quotes"]])
                   .values_list("pk", flat=True))
    Quote.objects.bulk_create(
        Quote(release=release, order=quote["number"], speaker_id=quote["speaker_id"], text=quote["text"])
        for quote in text["quotes"] if quote["speaker_id"] in speakers  # a person since removed cannot speak
    )
    release.media_contacts.set(MediaContact.objects.filter(pk__in=text["media_contact_ids"]))
    snapshot = revisions.snapshot(release)
    latest = release.revisions.filter(snapshot__isnull=False).reached(now=now).first()
    if latest is not None and revisions.same_text(latest.snapshot, snapshot):
        return None
    return _add_revision(release, kind=kind, note=note, by=by, at=now, snapshot=snapshot,
                         restored_from=revision.number)


@transaction.atomic
def publish_release(*, release: PressRelease, by, now=None) -> PressRelease:
    """Publish a release at once. Raises ``NotAllowed`` when ``by`` may not publish.

    Side effects: status becomes published, ``publish_at`` becomes now (a
    release already live keeps its original time), ``first_published_at`` is
    recorded, and so is the version the public reads (a ``Revision``); its email alerts are queued
    (press/alerts.py).
    """
    check_may_publish(by)
    now = now or timezone.now()
    was_live = _is_live(release, now=now)
    if not was_live:
        release.status = PressRelease.Status.PUBLISHED
        release.publish_at = now
    _note_publication(release, now=now)
    release.save(update_fields=["status", "publish_at", "first_published_at"])
    if not was_live:
        _record_publication(release, by=by, now=now)
        _follow_publication(release)
        alerts.schedule_alerts(release=release)
    return release


@transaction.atomic
def schedule_release(*, release: PressRelease, publish_at: datetime.datetime, by, now=None) -> PressRelease:
    """Publish a release at ``publish_at``: invisible until then, computed at query time.
    Raises ``NotAllowed`` when ``by`` may not publish.

    Side effects: status becomes published, ``publish_at`` is set and
    ``first_published_at`` follows it until the release has gone live; the
    version it goes live with waits for that time (a ``Revision``); journalists'
    embargoed copies expire ``EMBARGO_COPY_AFTER_LIFT`` after it; its email alerts are queued for that
    time (press/alerts.py).
    """
    if timezone.is_naive(publish_at):
        raise ValueError("publish_at must be timezone-aware")
    check_may_publish(by)
    now = now or timezone.now()
    release.status = PressRelease.Status.PUBLISHED
    release.publish_at = publish_at
    _note_publication(release, now=now)
    release.save(update_fields=["status", "publish_at", "first_published_at"])
    _record_publication(release, by=by, now=now)
    _follow_publication(release)
    alerts.schedule_alerts(release=release)
    return release


@transaction.atomic
def unpublish_release(*, release: PressRelease, by) -> PressRelease:
    """Take a release off the public site; it becomes a draft again. Raises ``NotAllowed`` when ``by``
    may not publish.

    Side effects: status becomes draft. ``publish_at``,
    ``first_published_at`` and the versions the public has read are kept as
    a record; a scheduled version not yet public is dropped, and so is a ``first_published_at`` still to come
    (the release never went public). An embargo ends: the journalists' copies are
    withdrawn (scheduling the release again, embargoed or not, never reopens them).
    """
    check_may_publish(by)
    release.status = PressRelease.Status.DRAFT
    _end_publication(release, by=by, now=timezone.now())
    release.save(update_fields=["status", "embargo", "embargo_zone", "first_published_at"])
    return release


def _end_publication(release: PressRelease, *, by, now) -> None:
    """What returning ``release`` to draft ends, whichever way it is returned (the button, or its status set
    to draft on the form); the release's own fields are set, for its caller to save."""
    release.embargo, release.embargo_zone = False, ""
    if release.first_published_at is not None and release.first_published_at > now:
        release.first_published_at = None  # it never went public
    release.revisions.filter(created_at__gt=now).delete()  # a scheduled version never seen
    release.preview_links.embargo_copies().stop(by=by, now=now)


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
    check_may_revoke(revoked_by)
    if link.accreditation_id is not None and not may_send_embargoed(revoked_by):
        raise NotAllowed(_("Your account may not withdraw embargoed releases from journalists: ask a press "
                           "officer who may."))
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
def open_link(*, token: str, now=None) -> PreviewLink:
    """The link behind a token (a shared preview or a journalist's embargoed copy), logging the use.

    Raises ``PreviewLinkInvalid`` for a token that is forged or altered (bad
    signature), unknown, expired or revoked; for an embargoed copy also when
    its journalist is no longer accredited or its release is no longer
    published (returned to draft). Nothing is logged then.
    Side effects: one ``PreviewLinkUse`` row.
    """
    now = now or timezone.now()
    try:
        key = tokens.read_preview_key(token)
    except tokens.InvalidToken:
        raise PreviewLinkInvalid("bad signature") from None
    link = PreviewLink.objects.opening(now=now).select_related("release", "accreditation").filter(key=key).first()
    if link is None:
        raise PreviewLinkInvalid("unknown, expired, revoked or no longer open",
                                 embargo_copy=PreviewLink.objects.embargo_copies().filter(key=key).exists())
    PreviewLinkUse.objects.create(link=link, used_at=now)
    return link


def open_preview_link(*, token: str, now=None) -> PressRelease:
    """The release behind a preview token, logging the use (``open_link``)."""
    return open_link(token=token, now=now).release
