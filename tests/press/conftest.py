"""Factories for press tests: a release is published an hour ago unless told otherwise."""

import datetime
import itertools

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from press.models import PressRelease, Quote, Topic
from press.permissions import PRESS_OFFICER_GROUP

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Accounts made in tests (admin_user, the press officer) need no costly hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_release(db):
    def make(*, topics=(), quotes=(), **fields):
        n = next(_numbers)
        defaults = {
            "title": f"Release number {n}",
            "slug": f"release-{n}",
            "standfirst": f"Standfirst of release {n}.",
            "body": f"Body of release {n}.",
            "status": PressRelease.Status.PUBLISHED,
            "publish_at": timezone.now() - datetime.timedelta(hours=1),
        }
        release = PressRelease.objects.create(**{**defaults, **fields})
        if topics:
            release.topics.set(topics)
        for order, (speaker, text) in enumerate(quotes, start=1):
            Quote.objects.create(release=release, speaker=speaker, text=text, order=order)
        return release

    return make


@pytest.fixture
def make_topic(db):
    def make(name=None, **fields):
        n = next(_numbers)
        name = name or f"Topic {n}"
        return Topic.objects.create(name=name, slug=fields.pop("slug", f"topic-{n}"), **fields)

    return make


@pytest.fixture
def hidden_releases(make_release, make_topic):
    """Three releases the public must never see, each with words no public release uses."""
    now = timezone.now()
    return {
        "draft": make_release(
            title="Secret draft about zeppelins", slug="secret-draft", status=PressRelease.Status.DRAFT,
            publish_at=None, standfirst="Zeppelins draft standfirst.", body="Zeppelins in the draft body.",
            topics=[make_topic("Embargoed draft topic", slug="embargoed-draft-topic")],
        ),
        "future": make_release(
            title="Embargoed release about zeppelins", slug="embargoed-release",
            publish_at=now + datetime.timedelta(days=2), standfirst="Zeppelins embargo standfirst.",
            body="Zeppelins in the embargoed body.",
            topics=[make_topic("Embargoed future topic", slug="embargoed-future-topic")],
        ),
        "withdrawn": make_release(
            title="Withdrawn release about zeppelins", slug="withdrawn-release", status=PressRelease.Status.DRAFT,
            publish_at=now - datetime.timedelta(days=3), first_published_at=now - datetime.timedelta(days=3),
            standfirst="Zeppelins withdrawn standfirst.", body="Zeppelins in the withdrawn body.",
            topics=[make_topic("Withdrawn topic", slug="withdrawn-topic")],
        ),
    }


@pytest.fixture
def press_officer(db):
    user = User.objects.create_user(username="officer", password="not-used-in-tests-1", is_staff=True)
    user.groups.add(Group.objects.get(name=PRESS_OFFICER_GROUP))
    return user


@pytest.fixture
def officer_client(client, press_officer):
    client.force_login(press_officer)
    return client
