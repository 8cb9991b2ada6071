"""Two gunicorn servers on one database sharing a Redis cache behave as one site: the tests are in
tests/two_servers.py."""

import pytest

from tests.two_servers import *  # noqa: F403 — the tests, collected here
from tests.two_servers import serve


@pytest.fixture(scope="module")
def site(tmp_path_factory, django_db_setup, django_db_blocker):
    yield from serve("redis", tmp_path_factory, django_db_blocker)
