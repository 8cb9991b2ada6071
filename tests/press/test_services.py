import datetime

import pytest
from django.core import signing
from django.utils import timezone

from press import services, tokens
from press.models import PressRelease, PreviewLinkUse

pytestmark = pytest.mark.django_db


def test_publish_release_makes_a_draft_public_now(make_release):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    now = timezone.now()

    services.publish_release(release=release, now=now)

    release.refresh_from_db()
    assert (release.status, release.publish_at, release.first_published_at) == ("published", now, now)


def test_publish_release_keeps_the_time_of_a_release_already_public(make_release):
    published = timezone.now() - datetime.timedelta(days=3)
    release = make_release(publish_at=published, first_published_at=published)

    services.publish_release(release=release)

    release.refresh_from_db()
    assert (release.publish_at, release.first_published_at) == (published, published)


def test_publish_release_brings_a_scheduled_release_forward(make_release):
    release = make_release(publish_at=timezone.now() + datetime.timedelta(days=1))
    now = timezone.now()

    services.publish_release(release=release, now=now)

    release.refresh_from_db()
    assert (release.publish_at, release.first_published_at) == (now, now)


def test_schedule_release_sets_time_and_first_published_follows_until_live(make_release):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    now = timezone.now()
    first, second = now + datetime.timedelta(days=1), now + datetime.timedelta(days=2)

    services.schedule_release(release=release, publish_at=first, now=now)
    services.schedule_release(release=release, publish_at=second, now=now)

    release.refresh_from_db()
    assert (release.status, release.publish_at, release.first_published_at) == ("published", second, second)
    assert list(PressRelease.objects.published(now=now)) == []


def test_rescheduling_after_going_live_keeps_first_published(make_release):
    went_live = timezone.now() - datetime.timedelta(days=1)
    release = make_release(publish_at=went_live, first_published_at=went_live)

    services.schedule_release(release=release, publish_at=timezone.now() + datetime.timedelta(days=1))

    release.refresh_from_db()
    assert release.first_published_at == went_live


def test_schedule_release_refuses_a_naive_time(make_release):
    with pytest.raises(ValueError):
        services.schedule_release(release=make_release(), publish_at=datetime.datetime(2030, 1, 1, 9, 0))


def test_unpublish_release_hides_it_and_keeps_its_record(make_release):
    went_live = timezone.now() - datetime.timedelta(days=1)
    release = make_release(publish_at=went_live, first_published_at=went_live)

    services.unpublish_release(release=release)

    release.refresh_from_db()
    assert (release.status, release.publish_at, release.first_published_at) == ("draft", went_live, went_live)
    assert list(PressRelease.objects.published()) == []


def test_save_release_marks_a_public_change_of_a_live_release(make_release):
    release = make_release()
    now = timezone.now()
    release.body = "Corrected."

    services.save_release(release=release, was_public=True, changed_fields=["body"], now=now)

    release.refresh_from_db()
    assert release.last_updated_at == now


@pytest.mark.parametrize(
    ("was_public", "changed_fields"),
    [(False, ["body"]), (True, ["slug"]), (True, [])],
    ids=["draft edited", "only the slug", "nothing"],
)
def test_save_release_leaves_last_updated_alone(make_release, was_public, changed_fields):
    release = make_release()

    services.save_release(release=release, was_public=was_public, changed_fields=changed_fields)

    release.refresh_from_db()
    assert release.last_updated_at is None


@pytest.mark.parametrize(
    ("was_public", "changed_fields", "updated"),
    [(True, [], True), (True, ["slug"], True), (False, [], False), (True, ["body"], False)],
    ids=["live release's quotes", "quotes and the slug", "draft's quotes", "already recorded by save_release"],
)
def test_save_quotes_edit_marks_a_live_release_updated_once(make_release, was_public, changed_fields, updated):
    release = make_release()
    now = timezone.now()

    services.save_quotes_edit(release=release, was_public=was_public, changed_fields=changed_fields, now=now)

    release.refresh_from_db()
    assert release.last_updated_at == (now if updated else None)


def test_save_release_records_first_publication(make_release):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    moment = timezone.now() - datetime.timedelta(minutes=5)
    release.status, release.publish_at = PressRelease.Status.PUBLISHED, moment

    services.save_release(release=release, was_public=False, changed_fields=["status", "publish_at"])

    release.refresh_from_db()
    assert release.first_published_at == moment


def test_preview_link_lasts_seven_days_by_default(make_release, admin_user):
    now = timezone.now()

    link = services.create_preview_link(release=make_release(), created_by=admin_user, now=now)

    assert (link.expires_at - link.created_at, link.created_by) == (datetime.timedelta(days=7), admin_user)


def test_open_preview_link_returns_the_release_and_logs_the_use(make_release):
    release = make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    link = services.create_preview_link(release=release)
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
def test_forged_or_altered_token_is_refused_and_not_logged(make_release, variant):
    link = services.create_preview_link(release=make_release(status=PressRelease.Status.DRAFT, publish_at=None))

    with pytest.raises(services.PreviewLinkInvalid):
        services.open_preview_link(token=_token_variants(link)[variant])

    assert PreviewLinkUse.objects.count() == 0


def test_validly_signed_unknown_key_is_refused():
    token = signing.Signer(salt="press.preview-link").sign("no-such-key")

    with pytest.raises(services.PreviewLinkInvalid):
        services.open_preview_link(token=token)


def test_expired_preview_link_is_refused(make_release):
    now = timezone.now()
    link = services.create_preview_link(release=make_release(), lifetime=datetime.timedelta(hours=1), now=now)

    services.open_preview_link(token=tokens.sign_preview_key(link.key), now=now + datetime.timedelta(minutes=59))
    with pytest.raises(services.PreviewLinkInvalid):
        services.open_preview_link(token=tokens.sign_preview_key(link.key), now=now + datetime.timedelta(hours=1))

    assert PreviewLinkUse.objects.count() == 1


def test_revoked_preview_link_is_refused_and_revoking_again_keeps_the_first_time(make_release, admin_user):
    link = services.create_preview_link(release=make_release())
    first = timezone.now()

    services.revoke_preview_link(link=link, revoked_by=admin_user, now=first)
    services.revoke_preview_link(link=link, now=first + datetime.timedelta(hours=1))

    link.refresh_from_db()
    assert (link.revoked_at, link.revoked_by) == (first, admin_user)
    with pytest.raises(services.PreviewLinkInvalid):
        services.open_preview_link(token=tokens.sign_preview_key(link.key))
