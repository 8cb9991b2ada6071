"""What the benchmark scripts share: a production-like environment and gunicorn on 127.0.0.1."""

import http.client
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import warnings
from pathlib import Path

import django
import psycopg

ROOT = Path(__file__).resolve().parent.parent


def production_env(workdir: Path, **overrides: str) -> dict:
    """DEBUG off, hashed static files collected into ``workdir``, quiet logs; ``overrides`` on top."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
        **overrides,
    }


def manage(env: dict, *args: str) -> str:
    """Run ``manage.py`` with ``env``; its standard output."""
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True,
                          capture_output=True, text=True).stdout


EVENT_SCRIPT = """
import datetime
from django.utils import timezone
from commission.models import Commission
from events.models import DisplayZone, Event, Registration, Slot
day = timezone.now().date() + datetime.timedelta(days=30)
event = Event.objects.create(
    commission=Commission.objects.current(), slug={slug!r}, title="Benchmark press conference",
    summary={summary!r}, status=Event.Status.PUBLISHED, publish_at=timezone.now(), timezone="Europe/London",
    venue_city="London", venue_country="United Kingdom", **{fields!r})
Slot.objects.create(event=event, start_date=day, start_time=datetime.time(10), end_time=datetime.time(11))
"""


def event_script(slug: str, *, created_by: str, then: str = "", **fields) -> str:
    """A ``manage.py shell -c`` script creating the published press conference ``slug`` in London, 30 days from
    now, 10:00 to 11:00, with ``fields`` on top; ``then`` runs after, with ``event`` and the models at hand."""
    return EVENT_SCRIPT.format(slug=slug, summary=f"Created by {created_by}.", fields=fields) + then


def request(port: int, method: str, path: str, *, body: dict | None = None, cookie: str = "",
            timeout: float = 60) -> tuple[int, dict, str, float]:
    """One request to 127.0.0.1:``port`` on a new connection (``body``: a form to post); its status, headers,
    body and the seconds until the body was read."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = cookie
    data = None
    if body is not None:
        data = urllib.parse.urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        began = time.perf_counter()
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        content = response.read()  # Content-Length bytes: the answer as the client has it
        elapsed = time.perf_counter() - began
        return response.status, dict(response.getheaders()), content.decode("utf-8", "replace"), elapsed
    finally:
        conn.close()


def start_gunicorn(env: dict, port: int, *, workers: int, args=(), log: Path | None = None) -> subprocess.Popen:
    """gunicorn serving the site on 127.0.0.1:``port``, returned once it answers ``/``."""
    output = log.open("a") if log else None
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "commission.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", *args],
        cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT if output else None,
    )
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"gunicorn on port {port} did not start")


def setup_in_process(**overrides: str) -> None:
    """Set up Django in this process for timing through the test client: production-like settings (DEBUG off,
    plain static files, quiet logs) and ``overrides``; DJANGO_SETTINGS_MODULE, SECRET_KEY, DEBUG and
    LOG_LEVEL keep any value the environment gives."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.update({"ALLOWED_HOSTS": "testserver",
                       "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
                       **overrides})
    # WhiteNoise warns that collectstatic has not run; irrelevant to these measurements.
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()


def ensure_postgres_database(url: str) -> None:
    """Create the PostgreSQL database named in the URL if it does not exist (never drops one)."""
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
