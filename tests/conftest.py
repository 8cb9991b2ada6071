"""Shared fixtures: they hand tests the factories of tests/factories.py, a PNG maker, media in a temporary folder."""

import datetime
import functools

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from commission.web.translations import compile_catalogs
from press.models import PressRelease
from press.permissions import PRESS_OFFICER_GROUP, PRESS_OFFICER_PERMISSIONS
from tests import factories
from tests.prerequisites import skip_or_fail

# Tests defined outside a test_*.py module (tests/two_servers.py, collected by the modules that import it) get
# pytest's assertion messages too; registered before any test module imports it.
pytest.register_assert_rewrite("tests.two_servers")


def pytest_configure(config):
    """Russian and Kazakh pages read compiled catalogues: build any missing or older than its .po file, as
    make does at install, so a run without make tests the translations as they are written."""
    compile_catalogs()
    # pytest-xdist (3.x) hands out --dist loadfile's modules most tests first unless told not to, which undid
    # SLOW_FIRST below: the longest modules (one browser walk each) were among the last handed out.
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


# Modules that take longest, first: pytest-xdist hands whole modules (--dist loadfile) to its workers in the
# order collected, so the short ones left at the end keep every worker busy until the run ends together,
# instead of one worker finishing a two-server or browser module alone.
SLOW_FIRST = ["tests/test_two_servers", "tests/e2e/", "tests/test_html_validity.py", "tests/test_security.py",
              "tests/test_settings.py"]


@pytest.hookimpl(trylast=True)  # after pytest-django's ordering, which the stable sort keeps within each rank
def pytest_collection_modifyitems(items):
    def rank(item):
        return next((n for n, prefix in enumerate(SLOW_FIRST) if item.nodeid.startswith(prefix)), len(SLOW_FIRST))

    items.sort(key=rank)


def pytest_runtest_setup(item):
    """Tests marked ``postgres`` need PostgreSQL semantics (row locks, full-text search)."""
    if "postgres" in item.keywords and connection.vendor != "postgresql":
        skip_or_fail(f"needs PostgreSQL (row locks / full-text search); DATABASE_URL points at {connection.vendor}",
                     "export DATABASE_URL=postgres://postgres@127.0.0.1:5432/pressroom")


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


@pytest.fixture
def png():
    return factories.make_png


@pytest.fixture
def commission(db):
    return factories.make_commission()


def _factory_fixture(factory):
    """``factory`` (a function of tests/factories.py) as a fixture of the same name that opens the database."""

    @pytest.fixture(name=factory.__name__)
    def fixture(db):
        return factory

    return fixture


make_person, make_member, make_topic, make_release, make_subscription, make_registration, make_image = map(
    _factory_fixture, [factories.make_person, factories.make_member, factories.make_topic, factories.make_release,
                       factories.make_subscription, factories.make_registration, factories.make_image])


@pytest.fixture
def make_event(commission):
    """Press conferences of the ``commission`` fixture unless told otherwise."""
    return functools.partial(factories.make_event, commission=commission)


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def hidden_releases(make_release, make_topic):
    """Four releases the public must never see, each with words no public release uses."""
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
        # Under embargo: sent to journalists, public at its time (press/embargo.py).
        "embargoed": make_release(
            title="Release under embargo about zeppelins", slug="release-under-embargo",
            publish_at=now + datetime.timedelta(hours=3), embargo=True, embargo_zone="Asia/Almaty",
            standfirst="Zeppelins under-embargo standfirst.", body="Zeppelins in the body under embargo.",
            topics=[make_topic("Topic under embargo", slug="topic-under-embargo")],
        ),
        "withdrawn": make_release(
            title="Withdrawn release about zeppelins", slug="withdrawn-release", status=PressRelease.Status.DRAFT,
            publish_at=now - datetime.timedelta(days=3), first_published_at=now - datetime.timedelta(days=3),
            standfirst="Zeppelins withdrawn standfirst.", body="Zeppelins in the withdrawn body.",
            topics=[make_topic("Withdrawn topic", slug="withdrawn-topic")],
        ),
    }


@pytest.fixture
def public_and_draft_only_topics(make_release, make_topic):
    """Two topics: one a published release has ("Detentions"), one only a draft has ("Embargoed story"), which
    the public must never see offered."""
    public, draft_only = make_topic(name="Detentions"), make_topic(name="Embargoed story")
    make_release(topics=[public])
    make_release(topics=[draft_only], status=PressRelease.Status.DRAFT)
    return public, draft_only


@pytest.fixture
def post_as_browser(client, django_capture_on_commit_callbacks):
    """POST ``data`` to ``path`` as a browser would (a field given as None is not sent), running what happens
    after commit (the email)."""

    def post(path, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, {k: v for k, v in data.items() if v is not None})

    return post


@pytest.fixture
def press_officer(db):
    user = factories.make_staff_user("officer")
    user.groups.add(Group.objects.get(name=PRESS_OFFICER_GROUP))
    return user


@pytest.fixture
def officer_client(client, press_officer):
    """Signed in as a member of the Press officer group (staff, not a superuser)."""
    client.force_login(press_officer)
    return client


@pytest.fixture
def events_only_client(client, db):
    """Staff who edit press conferences but may not see registrants."""
    codenames = [f"events.{name}" for name in PRESS_OFFICER_PERMISSIONS["events"] if "registration" not in name]
    client.force_login(factories.make_staff_user("editor", codenames))
    return client


@pytest.fixture
def failing_mail(settings):
    """The mail server refuses every message."""
    settings.MAILERS = {"default": {"BACKEND": "tests.mailbackends.FailingBackend"}}
