"""Two gunicorn servers on one database with the default cache (no CACHE_URL: files every process on the machine
shares) behave as one site: the tests are in tests/two_servers.py."""

import pytest

from tests.two_servers import *  # noqa: F403 — the tests, collected here
from tests.two_servers import serve


@pytest.fixture(scope="module")
def site(tmp_path_factory, django_db_setup, django_db_blocker):
    yield from serve("default", tmp_path_factory, django_db_blocker)
