"""Shared fixtures: small factories with no surprises, a tiny PNG, media in a temporary folder."""

import datetime
import itertools
from io import BytesIO

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from PIL import Image

from commission.models import Commission, Membership, Person
from events.models import DisplayZone, Event, Registration, Slot
from press.models import PressRelease, Quote, Topic
from press.permissions import PRESS_OFFICER_GROUP, PRESS_OFFICER_PERMISSIONS
from tests.factories import ALMATY_AND_LONDON, JOIN_URL, days_from_today
from tests.prerequisites import skip_or_fail


def pytest_runtest_setup(item):
    """Tests marked ``postgres`` need PostgreSQL semantics (row locks, full-text search)."""
    if "postgres" in item.keywords and connection.vendor != "postgresql":
        skip_or_fail(f"needs PostgreSQL (row locks / full-text search); DATABASE_URL points at {connection.vendor}",
                     "DATABASE_URL=postgres://postgres@127.0.0.1:5432/pressroom")


_ran = {"browser": 0, "PostgreSQL": 0}


def pytest_runtest_logreport(report):
    """Count the browser tests and the PostgreSQL-only tests that ran (passed or failed, not skipped)."""
    if report.when == "call":
        if report.nodeid.startswith("tests/e2e/"):
            _ran["browser"] += 1
        if "postgres" in report.keywords:
            _ran["PostgreSQL"] += 1


def pytest_terminal_summary(terminalreporter):
    if not hasattr(terminalreporter.config, "workerinput"):  # once, in the process that reports
        terminalreporter.write_line(f"Ran {_ran['browser']} browser tests and {_ran['PostgreSQL']} PostgreSQL tests.")


@pytest.fixture(autouse=True)
def empty_cache():
    """Database rollbacks between tests send no signals, so cached pages must go too."""
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_png(width=8, height=6, color=(20, 54, 93), name="picture.png") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def png():
    return make_png


@pytest.fixture
def commission(db):
    return Commission.objects.create(
        name="Inquiry Commission", slug="inquiry-commission", short_description="An independent inquiry."
    )


_counter = {"n": 0}
_numbers = itertools.count(1)


def _next():
    _counter["n"] += 1
    return _counter["n"]


@pytest.fixture
def make_person(db):
    def make(**fields):
        n = _next()
        defaults = {"full_name": f"Person {n} KC", "short_name": f"Person {n}", "slug": f"person-{n}"}
        return Person.objects.create(**{**defaults, **fields})

    return make


@pytest.fixture
def make_member(make_person):
    def make(commission, role=Membership.Role.CO_COMMISSIONER, **person_fields):
        person = make_person(**person_fields)
        Membership.objects.create(commission=commission, person=person, role=role, order=_next())
        return person

    return make


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # admin_user's password hashing dominated run time; its strength is not under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_event(commission):
    counter = {"n": 0}

    def make(
        *,
        slots=None,
        zone="Asia/Almaty",
        display_zones=ALMATY_AND_LONDON,
        **fields,
    ) -> Event:
        counter["n"] += 1
        n = counter["n"]
        defaults = {
            "commission": commission,
            "title": f"Press conference {n}",
            "slug": f"press-conference-{n}",
            "summary": f"Summary {n}.",
            "status": Event.Status.PUBLISHED,
            "publish_at": timezone.now() - datetime.timedelta(days=1),
            "attendance": Event.Attendance.MIXED,
            "timezone": zone,
            "venue_name": "Hotel Kazakhstan",
            "venue_address": "Dostyk Avenue 52",
            "venue_city": "Almaty",
            "venue_country": "Kazakhstan",
            "online_platform": "Zoom",
            "join_url": JOIN_URL,
            "in_person_capacity": 50,
        }
        event = Event.objects.create(**{**defaults, **fields})
        if slots is None:
            slots = [(days_from_today(10, 15, 30), days_from_today(10, 16, 30))]
        for spec in slots:
            start, end, *rest = spec
            extra = rest[0] if rest else {}
            Slot.objects.create(
                event=event, start_date=start.date(), start_time=start.time(), end_date=end.date(),
                end_time=end.time(), **extra,
            )
        for order, (label, place, zone_name) in enumerate(display_zones):
            DisplayZone.objects.create(event=event, label=label, place=place, timezone=zone_name, order=order)
        return event

    return make


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
def make_registration():
    """A registration written directly (no email, no capacity rule): for arranging a state."""
    counter = {"n": 0}

    def make(event, **fields) -> Registration:
        counter["n"] += 1
        n = counter["n"]
        now = timezone.now()
        defaults = {
            "name": f"Registrant {n}",
            "email": f"registrant{n}@example.org",
            "organisation": f"Outlet {n}",
            "role": Registration.Role.JOURNALIST,
            "attendance": Registration.Attendance.IN_PERSON,
            "consented_at": now,
            "status": Registration.Status.PENDING,
        }
        fields = {**defaults, **fields}
        if fields["status"] in {Registration.Status.CONFIRMED, Registration.Status.WAITLISTED}:
            fields.setdefault("confirmed_at", now - datetime.timedelta(minutes=100 - n))
        return Registration.objects.create(event=event, **fields)

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


def _user_with(django_user_model, username, codenames):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "a-long-test-password",
                                                  is_staff=True)
    for dotted in codenames:
        app_label, codename = dotted.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


@pytest.fixture
def officer_client(client, press_officer):
    """Signed in as a member of the Press officer group (staff, not a superuser)."""
    client.force_login(press_officer)
    return client


@pytest.fixture
def events_only_client(client, django_user_model):
    """Staff who edit press conferences but may not see registrants."""
    codenames = [f"events.{name}" for name in PRESS_OFFICER_PERMISSIONS["events"] if "registration" not in name]
    client.force_login(_user_with(django_user_model, "editor", codenames))
    return client


@pytest.fixture
def failing_mail(settings):
    """The mail server refuses every message."""
    settings.MAILERS = {"default": {"BACKEND": "tests.mailbackends.FailingBackend"}}
