"""Two app-server processes against one database and one Redis cache behave as one site.

Starts two gunicorn processes on 127.0.0.1 sharing a SQLite file (or the
PostgreSQL database of DATABASE_URL) and Redis, warms the page cache through
one, edits content through the other, and reads the change back from the first.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.prerequisites import skip_or_fail

ROOT = Path(__file__).resolve().parent.parent
REDIS = ("127.0.0.1", 6379)


def _redis_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.read().decode()


@pytest.fixture(scope="module")
def site_env(tmp_path_factory):
    if not _redis_up():
        skip_or_fail("needs Redis at 127.0.0.1:6379 (the shared cache)", "apt-get install -y redis-server && redis-server --daemonize yes")
    tmp_path = tmp_path_factory.mktemp("two-servers")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({
        "DEBUG": "0",
        "SECRET_KEY": "two-servers-test-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "CACHE_URL": "redis://127.0.0.1:6379/15",
        "CACHE_KEY_PREFIX": f"two-servers-{uuid.uuid4().hex}",  # apart from any other run sharing this Redis
        "PAGE_CACHE_SECONDS": "600",
        "REGISTRATION_RATE": "2/h",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "MEDIA_ROOT": str(tmp_path / "media"),
    })
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "load_seed", "--sample"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return env, manage


@pytest.fixture(scope="module")
def two_servers(site_env):
    env, manage = site_env
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen([sys.executable, "-m", "gunicorn", "commission.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}",
                          "--log-level", "warning"], cwd=ROOT, env=env)
        for port in ports
    ]
    try:
        for port in ports:
            for _ in range(100):
                try:
                    _get(port, "/")
                    break
                except OSError:
                    time.sleep(0.1)
        yield ports, env, manage
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


def test_an_edit_through_one_process_refreshes_pages_served_by_the_other(two_servers):
    (first, second), env, manage = two_servers
    assert "Rushanara Ali MP" in _get(first, "/commission/")  # now cached in Redis
    edit = ("from commission.models import Person; p = Person.objects.get(slug='rushanara-ali'); "
            "p.full_name = 'Rushanara Ali MP (edited)'; p.save()")
    subprocess.run([*manage, "shell", "-c", edit], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    assert "Rushanara Ali MP (edited)" in _get(first, "/commission/")
    assert "Rushanara Ali MP (edited)" in _get(second, "/commission/")


def test_a_page_cached_by_one_process_is_served_by_the_other(two_servers):
    (first, second), env, manage = two_servers
    assert "Senior British Parliamentarians" in _get(first, "/press/")
    # Change the database behind the cache's back (no signal): the other process still serves the cached page.
    change = ("from press.models import PressRelease; "
              "PressRelease.objects.update(title='Changed without a signal')")
    subprocess.run([*manage, "shell", "-c", change], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    page = _get(second, "/press/")
    assert "Senior British Parliamentarians" in page
    assert "Changed without a signal" not in page


def _post_registration_form(port: int, opener) -> int:
    """Fetch the form (for its CSRF token and cookie) and send it empty; return the status code."""
    url = f"http://127.0.0.1:{port}/events/sample-press-conference/register/"
    page = opener.open(url, timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": url})
    try:
        return opener.open(request, timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


def test_rate_limit_counts_requests_across_both_processes(two_servers):
    (first, second), env, manage = two_servers
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    # REGISTRATION_RATE=2/h per address: two attempts through the first process, the third through the other.
    statuses = [_post_registration_form(first, opener), _post_registration_form(first, opener),
                _post_registration_form(second, opener)]
    assert 429 not in statuses[:2]
    assert statuses[2] == 429
