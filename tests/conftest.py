"""Shared fixtures: small factories with no surprises, a tiny PNG, media in a temporary folder."""

from io import BytesIO

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from commission.models import Commission, Membership, Person


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` need PostgreSQL semantics: skip them elsewhere, saying why."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(
        reason=f"needs PostgreSQL (row locks / full-text search); DATABASE_URL points at {connection.vendor}"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


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
