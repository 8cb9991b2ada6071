import datetime

import pytest
from django.core import signing
from django.utils import timezone

from press import services, tokens
from press.models import PressRelease, PreviewLink, PreviewLinkUse
from tests.factories import make_staff_user

pytestmark = pytest.mark.django_db


def test_publish_release_makes_a_draft_public_now(make_release, press_officer):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    now = timezone.now()

    services.publish_release(release=release, by=press_officer, now=now)

    release.refresh_from_db()
    assert (release.status, release.publish_at, release.first_published_at) == ("published", now, now)


def test_publish_release_keeps_the_time_of_a_release_already_public(make_release, press_officer):
    published = timezone.now() - datetime.timedelta(days=3)
    release = make_release(publish_at=published, first_published_at=published)

    services.publish_release(release=release, by=press_officer)

    release.refresh_from_db()
    assert (release.publish_at, release.first_published_at) == (published, published)


def test_publish_release_brings_a_scheduled_release_forward(make_release, press_officer):
    release = make_release(publish_at=timezone.now() + datetime.timedelta(days=1))
    now = timezone.now()

    services.publish_release(release=release, by=press_officer, now=now)

    release.refresh_from_db()
    assert (release.publish_at, release.first_published_at) == (now, now)


def test_schedule_release_sets_time_and_first_published_follows_until_live(make_release, press_officer):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    now = timezone.now()
    first, second = now + datetime.timedelta(days=1), now + datetime.timedelta(days=2)

    services.schedule_release(release=release, by=press_officer, publish_at=first, now=now)
    services.schedule_release(release=release, by=press_officer, publish_at=second, now=now)

    release.refresh_from_db()
    assert (release.status, release.publish_at, release.first_published_at) == ("published", second, second)
    assert list(PressRelease.objects.published(now=now)) == []


def test_rescheduling_after_going_live_keeps_first_published(make_release, press_officer):
    went_live = timezone.now() - datetime.timedelta(days=1)
    release = make_release(publish_at=went_live, first_published_at=went_live)

    services.schedule_release(release=release, by=press_officer, publish_at=timezone.now() + datetime.timedelta(days=1))

    release.refresh_from_db()
    assert release.first_published_at == went_live


def test_schedule_release_refuses_a_naive_time(make_release, press_officer):
    with pytest.raises(ValueError):
        services.schedule_release(release=make_release(), by=press_officer, publish_at=datetime.datetime(2030, 1, 1, 9, 0))


def test_unpublish_release_hides_it_and_keeps_its_record(make_release, press_officer):
    went_live = timezone.now() - datetime.timedelta(days=1)
    release = make_release(publish_at=went_live, first_published_at=went_live)

    services.unpublish_release(release=release, by=press_officer)

    release.refresh_from_db()
    assert (release.status, release.publish_at, release.first_published_at) == ("draft", went_live, went_live)
    assert list(PressRelease.objects.published()) == []


def test_record_edit_marks_a_correction_of_a_live_release(make_release, press_officer):
    release = make_release()
    now = timezone.now()
    services.save_release(release=release, by=press_officer, was_public=True, now=now)
    release.body = "Corrected."
    release.save()

    services.record_edit(release=release, by=press_officer, was_public=True, kind="correction", note="Fixed.", now=now)

    release.refresh_from_db()
    assert release.last_updated_at == now


@pytest.mark.parametrize(
    ("was_public", "body", "kind"),
    [(False, "Changed.", "correction"), (True, "Body.", "correction"), (True, "Changed.", "minor")],
    ids=["draft edited", "nothing public changed", "minor edit"],
)
def test_record_edit_leaves_last_updated_alone(make_release, was_public, body, kind, press_officer):
    release = make_release(body="Body.", status=PressRelease.Status.PUBLISHED if was_public else "draft")
    services.save_release(release=release, by=press_officer, was_public=was_public)
    release.body = body
    release.save()

    services.record_edit(release=release, by=press_officer, was_public=was_public, kind=kind, note="Fixed.")

    release.refresh_from_db()
    assert release.last_updated_at is None


def test_save_release_records_first_publication(make_release, press_officer):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    moment = timezone.now() - datetime.timedelta(minutes=5)
    release.status, release.publish_at = PressRelease.Status.PUBLISHED, moment

    services.save_release(release=release, by=press_officer, was_public=False)

    release.refresh_from_db()
    assert release.first_published_at == moment


def test_preview_link_lasts_seven_days_by_default(make_release, admin_user):
    now = timezone.now()

    link = services.create_preview_link(release=make_release(), created_by=admin_user, now=now)

    assert (link.expires_at - link.created_at, link.created_by) == (datetime.timedelta(days=7), admin_user)


def test_open_preview_link_returns_the_release_and_logs_the_use(make_release, press_officer):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    link = services.create_preview_link(release=release, created_by=press_officer)
    now = timezone.now()

    opened = services.open_preview_link(token=tokens.sign_preview_key(link.key), now=now)

    assert opened == release
    assert list(PreviewLinkUse.objects.values_list("link", "used_at")) == [(link.pk, now)]


def _token_variants(link):
    token = tokens.sign_preview_key(link.key)
    key, signature = token.split(":", 1)
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    return {
        "altered signature": f"{key}:{flipped}",
        "altered key": f"{key[:-1]}{'A' if key[-1] != 'A' else 'B'}:{signature}",
        "no signature": key,
        "signed with another salt": signing.Signer(salt="something-else").sign(link.key),
        "signed with another secret": signing.Signer(key="another-secret", salt="press.preview-link").sign(link.key),
        "empty": "",
    }


@pytest.mark.parametrize(
    "variant",
    ["altered signature", "altered key", "no signature", "signed with another salt", "signed with another secret",
     "empty"],
)
def test_forged_or_altered_token_is_refused_and_not_logged(make_release, variant, press_officer):
    link = services.create_preview_link(release=make_release(status=PressRelease.Status.DRAFT, publish_at=None),
                                       created_by=press_officer)

    with pytest.raises(services.PreviewLinkInvalid):
        services.open_preview_link(token=_token_variants(link)[variant])

    assert PreviewLinkUse.objects.count() == 0


def test_validly_signed_unknown_key_is_refused():
    token = signing.Signer(salt="press.preview-link").sign("no-such-key")

    with pytest.raises(services.PreviewLinkInvalid):
        services.open_preview_link(token=token)


def test_expired_preview_link_is_refused(make_release, press_officer):
    now = timezone.now()
    link = services.create_preview_link(release=make_release(), created_by=press_officer, lifetime=datetime.timedelta(hours=1), now=now)

    services.open_preview_link(token=tokens.sign_preview_key(link.key), now=now + datetime.timedelta(minutes=59))
    with pytest.raises(services.PreviewLinkInvalid):
        services.open_preview_link(token=tokens.sign_preview_key(link.key), now=now + datetime.timedelta(hours=1))

    assert PreviewLinkUse.objects.count() == 1


def test_revoked_preview_link_is_refused_and_revoking_again_keeps_the_first_time(make_release, admin_user, press_officer):
    link = services.create_preview_link(release=make_release(), created_by=admin_user)
    first = timezone.now()

    services.revoke_preview_link(link=link, revoked_by=admin_user, now=first)
    services.revoke_preview_link(link=link, revoked_by=press_officer, now=first + datetime.timedelta(hours=1))

    link.refresh_from_db()
    assert (link.revoked_at, link.revoked_by) == (first, admin_user)
    with pytest.raises(services.PreviewLinkInvalid):
        services.open_preview_link(token=tokens.sign_preview_key(link.key))


# Who may: each write that needs a permission checks the acting user itself ---------------------------------------

REFUSED_PUBLISHING = (
    "Your account may not publish, schedule or return press releases to draft: ask a press officer who may."
)


@pytest.fixture
def editor(db):
    """Staff who may edit releases and see preview links, but not publish, share, revoke or delete."""
    return make_staff_user("editor", ["press.view_pressrelease", "press.change_pressrelease", "press.view_previewlink"])


def _stored_publication():
    return list(PressRelease.objects.order_by("pk").values_list("slug", "status", "publish_at"))


@pytest.mark.parametrize("write", ["publish", "schedule", "unpublish"])
def test_publishing_writes_refuse_a_user_who_may_not_publish(make_release, editor, write):
    draft = make_release(slug="draft", status=PressRelease.Status.DRAFT, publish_at=None)
    live = make_release(slug="live")
    before = _stored_publication()
    attempts = {
        "publish": lambda: services.publish_release(release=draft, by=editor),
        "schedule": lambda: services.schedule_release(
            release=draft, by=editor, publish_at=timezone.now() + datetime.timedelta(days=1)),
        "unpublish": lambda: services.unpublish_release(release=live, by=editor),
    }

    with pytest.raises(services.NotAllowed) as refused:
        attempts[write]()

    assert refused.value.message == REFUSED_PUBLISHING
    assert _stored_publication() == before


@pytest.mark.parametrize(
    ("status", "publish_at"),
    [("published", datetime.datetime(2023, 1, 17, 12, tzinfo=datetime.UTC)),
     ("draft", datetime.datetime(2999, 1, 17, 12, tzinfo=datetime.UTC))],
    ids=["status and time", "time only"],
)
def test_save_release_refuses_a_publication_change_by_a_user_who_may_not_publish(
    make_release, editor, status, publish_at,
):
    release = make_release(slug="draft", status=PressRelease.Status.DRAFT, publish_at=None, body="Old.")
    release.body, release.status, release.publish_at = "New.", status, publish_at

    with pytest.raises(services.NotAllowed) as refused:
        services.save_release(release=release, by=editor, was_public=False)

    assert refused.value.message == REFUSED_PUBLISHING
    assert list(PressRelease.objects.values_list("body", "status", "publish_at")) == [("Old.", "draft", None)]


def test_save_release_refuses_a_new_release_published_by_a_user_who_may_not_publish(editor):
    release = PressRelease(title="New", slug="new", status=PressRelease.Status.PUBLISHED, publish_at=timezone.now())

    with pytest.raises(services.NotAllowed):
        services.save_release(release=release, by=editor, was_public=False)

    assert PressRelease.objects.count() == 0


def test_save_release_lets_a_user_who_may_not_publish_edit_the_text_of_a_live_release(make_release, editor):
    release = make_release(body="Old.")
    release.body = "Corrected."

    services.save_release(release=release, by=editor, was_public=True)
    services.record_edit(release=release, by=editor, was_public=True, kind="update", note="Added a date.")

    release.refresh_from_db()
    assert (release.body, release.status, release.last_updated_at is not None) == ("Corrected.", "published", True)


def test_create_preview_link_refuses_a_user_who_may_not_share(make_release, editor):
    with pytest.raises(services.NotAllowed) as refused:
        services.create_preview_link(release=make_release(), created_by=editor)

    assert refused.value.message == "Your account may not share preview links: ask a press officer who may."
    assert PreviewLink.objects.count() == 0


def test_revoke_preview_link_refuses_a_user_who_may_not_revoke(make_release, editor, press_officer):
    link = services.create_preview_link(release=make_release(), created_by=press_officer)

    with pytest.raises(services.NotAllowed) as refused:
        services.revoke_preview_link(link=link, revoked_by=editor)

    link.refresh_from_db()
    assert refused.value.message == "Your account may not revoke preview links: ask a press officer who may."
    assert (link.revoked_at, link.revoked_by) == (None, None)


@pytest.mark.parametrize(
    ("status", "days", "officer_may", "superuser_may"),
    [("draft", None, True, True), ("draft", -3, True, True), ("published", -1, False, True),
     ("published", 1, False, True)],
    ids=["draft", "withdrawn", "live", "scheduled"],
)
def test_may_delete_a_draft_and_only_a_superuser_a_published_or_scheduled_release(
    make_release, press_officer, admin_user, editor, status, days, officer_may, superuser_may,
):
    publish_at = None if days is None else timezone.now() + datetime.timedelta(days=days)
    release = make_release(status=status, publish_at=publish_at)

    assert (services.may_delete(press_officer, release), services.may_delete(admin_user, release),
            services.may_delete(editor, release)) == (officer_may, superuser_may, False)


def test_delete_releases_refuses_all_when_one_is_live_and_names_it(make_release, press_officer):
    make_release(title="A draft", slug="a-draft", status=PressRelease.Status.DRAFT, publish_at=None)
    make_release(title="Live one", slug="live-one")

    with pytest.raises(services.NotAllowed) as refused:
        services.delete_releases(releases=PressRelease.objects.all(), by=press_officer)

    assert refused.value.message == "“Live one” is public or scheduled: return it to draft before deleting it."
    assert sorted(PressRelease.objects.values_list("slug", flat=True)) == ["a-draft", "live-one"]


def test_delete_releases_deletes_drafts_for_an_officer_and_anything_for_a_superuser(
    make_release, press_officer, admin_user,
):
    draft = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    services.create_preview_link(release=draft, created_by=press_officer)
    live = make_release()

    assert services.delete_releases(releases=PressRelease.objects.filter(pk=draft.pk), by=press_officer) == 1
    assert services.delete_releases(releases=PressRelease.objects.filter(pk=live.pk), by=admin_user) == 1
    assert (PressRelease.objects.count(), PreviewLink.objects.count()) == (0, 0)


def test_delete_releases_refuses_a_user_without_the_delete_permission(make_release, editor):
    draft = make_release(status=PressRelease.Status.DRAFT, publish_at=None)

    with pytest.raises(services.NotAllowed) as refused:
        services.delete_releases(releases=PressRelease.objects.filter(pk=draft.pk), by=editor)

    assert refused.value.message == "Your account may not delete press releases."
    assert PressRelease.objects.count() == 1
