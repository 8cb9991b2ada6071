import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from press import tokens
from press.models import HERO_WIDTH, PressRelease, PreviewLink, Quote, Topic
from tests.factories import make_staff_user

pytestmark = pytest.mark.django_db


def test_published_includes_a_past_release_and_excludes_draft_and_future(make_release):
    now = timezone.now()
    live = make_release(publish_at=now - datetime.timedelta(minutes=1))
    make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    make_release(status=PressRelease.Status.DRAFT, publish_at=now - datetime.timedelta(days=1))
    make_release(publish_at=now + datetime.timedelta(minutes=1))

    assert list(PressRelease.objects.published(now=now)) == [live]


def test_published_crosses_the_scheduled_instant(make_release):
    instant = timezone.now() + datetime.timedelta(days=1)
    release = make_release(publish_at=instant)

    assert list(PressRelease.objects.published(now=instant - datetime.timedelta(microseconds=1))) == []
    assert list(PressRelease.objects.published(now=instant)) == [release]


def test_with_visibility_crosses_the_scheduled_instant(make_release):
    instant = timezone.now() + datetime.timedelta(hours=1)
    release = make_release(publish_at=instant)

    def visibility(now):
        return PressRelease.objects.with_visibility(now=now).get(pk=release.pk).visibility

    assert (visibility(instant - datetime.timedelta(microseconds=1)), visibility(instant)) == ("scheduled", "public")


def test_with_visibility_labels_exactly_what_published_scheduled_and_drafts_select(make_release):
    now = timezone.now()
    make_release(publish_at=now - datetime.timedelta(minutes=1))
    make_release(publish_at=now)
    make_release(publish_at=now + datetime.timedelta(minutes=1))
    make_release(status=PressRelease.Status.DRAFT, publish_at=None)
    make_release(status=PressRelease.Status.DRAFT, publish_at=now - datetime.timedelta(days=1))
    releases = PressRelease.objects.all()

    labelled = {
        label: set(releases.with_visibility(now=now).filter(visibility=label).values_list("pk", flat=True))
        for label in PressRelease.Visibility.values
    }

    assert labelled == {
        "public": set(releases.published(now=now).values_list("pk", flat=True)),
        "scheduled": set(releases.scheduled(now=now).values_list("pk", flat=True)),
        "draft": set(releases.drafts().values_list("pk", flat=True)),
    }
    assert [len(pks) for pks in labelled.values()] == [2, 1, 2]


def test_public_topics_have_a_published_release_and_leave_out_draft_and_future_only_ones(make_release, make_topic):
    now = timezone.now()
    public, draft_only, future_only = make_topic(), make_topic(), make_topic()
    make_topic()  # filed under by no release at all
    make_release(publish_at=now - datetime.timedelta(minutes=1), topics=[public])
    make_release(status=PressRelease.Status.DRAFT, publish_at=now - datetime.timedelta(days=1), topics=[draft_only])
    make_release(publish_at=now + datetime.timedelta(minutes=1), topics=[future_only, public])

    assert list(Topic.objects.public(now=now)) == [public]


def test_public_topic_appears_when_its_release_goes_public(make_release, make_topic):
    instant = timezone.now() + datetime.timedelta(days=1)
    topic = make_topic()
    make_release(publish_at=instant, topics=[topic])

    assert list(Topic.objects.public(now=instant - datetime.timedelta(microseconds=1))) == []
    assert list(Topic.objects.public(now=instant)) == [topic]


@pytest.mark.parametrize(
    ("codename", "sees_all"),
    [("view_pressrelease", True), ("change_pressrelease", True), ("add_pressrelease", False), (None, False)],
)
def test_visible_to_is_every_release_with_view_or_change_permission_else_published(
    make_release, hidden_releases, codename, sees_all,
):
    live = make_release(title="Live one")
    user = make_staff_user("staff", [f"press.{codename}"] if codename else [])

    titles = set(PressRelease.objects.visible_to(user).values_list("title", flat=True))

    hidden = {release.title for release in hidden_releases.values()}
    assert titles == ({live.title} | hidden if sees_all else {live.title})


def test_newest_first_orders_by_time_then_id(make_release):
    moment = timezone.now() - datetime.timedelta(days=1)
    older = make_release(publish_at=moment - datetime.timedelta(days=1))
    first_same = make_release(publish_at=moment)
    second_same = make_release(publish_at=moment)

    assert list(PressRelease.objects.published().newest_first()) == [second_same, first_same, older]


def test_published_release_without_time_is_refused_by_the_database(make_release):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_release(status=PressRelease.Status.PUBLISHED, publish_at=None)


def test_hero_image_without_alt_text_is_refused_by_the_database(make_release, png):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_release(hero_image=png(), hero_alt="")


def test_empty_title_is_refused_by_the_database(make_release):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_release(title="")


def test_clean_reports_missing_time_alt_text_and_title(png):
    release = PressRelease(
        title="  ", slug="x", status=PressRelease.Status.PUBLISHED, publish_at=None, hero_image=png(), hero_alt=""
    )

    with pytest.raises(ValidationError) as error:
        release.clean()

    assert {field: [e.code for e in errors] for field, errors in error.value.error_dict.items()} == {
        "title": ["required"], "publish_at": ["publish_at_required"], "hero_alt": ["alt_required"],
    }


def test_hero_image_gets_a_web_rendition(make_release, png):
    release = make_release(hero_image=png(width=2400, height=1200), hero_alt="A courthouse in Almaty")

    assert (release.hero_width, release.hero_height) == (HERO_WIDTH, 600)
    assert release.hero_web.name.startswith("releases/web/") and release.hero_web.name.endswith(".jpg")


def test_hero_image_that_is_not_an_image_is_refused(make_release):
    release = PressRelease(
        title="T", slug="t", hero_image=SimpleUploadedFile("x.png", b"<svg onload=alert(1)>"), hero_alt="x"
    )

    with pytest.raises(ValidationError) as error:
        release.full_clean()

    assert [e.code for e in error.value.error_dict["hero_image"]] == ["invalid"]


def test_modified_at_is_last_update_else_publication(make_release):
    published = timezone.now() - datetime.timedelta(days=2)
    release = make_release(publish_at=published)
    assert release.modified_at == published

    release.last_updated_at = published + datetime.timedelta(days=1)
    assert release.modified_at == published + datetime.timedelta(days=1)


def test_body_parts_use_the_release_quotes(make_release, make_person):
    speaker = make_person()
    release = make_release(body="Intro.\n\n[quote 2]\n\nEnd.", quotes=[(speaker, "First"), (speaker, "Second")])

    parts = release.body_parts()

    assert [part.quote.text if part.quote else str(part.html) for part in parts] == [
        "<p>Intro.</p>\n", "Second", "<p>End.</p>\n", "First",
    ]


def test_quotes_are_ordered_by_number(make_release, make_person):
    release = make_release()
    speaker = make_person()
    Quote.objects.create(release=release, speaker=speaker, text="b", order=2)
    Quote.objects.create(release=release, speaker=speaker, text="a", order=1)

    assert [quote.text for quote in release.quotes.all()] == ["a", "b"]


def test_get_absolute_url(make_release, make_topic):
    assert make_release(slug="a-release").get_absolute_url() == "/press/a-release/"
    assert make_topic(slug="a-topic").get_absolute_url() == "/press/topics/a-topic/"


def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_scheduled_and_drafts_for_the_newsroom(make_release):
    now = timezone.now()
    live = make_release(publish_at=now - datetime.timedelta(hours=1))
    scheduled = make_release(publish_at=now + datetime.timedelta(hours=1))
    draft = make_release(status=PressRelease.Status.DRAFT, publish_at=None)

    assert (list(PressRelease.objects.scheduled(now=now)), list(PressRelease.objects.drafts())) == ([scheduled], [draft])
    assert list(PressRelease.objects.published(now=now)) == [live]


def test_preview_link_address_carries_its_signed_key(make_release):
    link = PreviewLink.objects.create(release=make_release(), expires_at=timezone.now() + datetime.timedelta(days=1))

    assert link.get_absolute_url() == f"/press/preview/{tokens.sign_preview_key(link.key)}/"


def test_preview_link_state_is_read_by_the_rule_of_opening(make_release):
    now = timezone.now()
    release = make_release()

    def link(**fields):
        return PreviewLink.objects.create(release=release, **{"expires_at": now + datetime.timedelta(hours=1), **fields})

    active, expired = link(), link(expires_at=now)
    revoked, revoked_and_expired = link(revoked_at=now), link(revoked_at=now, expires_at=now)

    states = dict(PreviewLink.objects.with_state(now=now).values_list("pk", "state"))

    assert [states[x.pk] for x in (active, expired, revoked, revoked_and_expired)] == [
        "active", "expired", "revoked", "revoked",
    ]
    assert list(PreviewLink.objects.opening(now=now)) == [active]
