"""Settings come from the environment; bad values stop start-up with one line naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured

from commission.web.envconfig import database_from_url, mailers_from_url

ROOT = Path(__file__).resolve().parent.parent


def test_email_url_console_is_the_readable_console_backend():
    assert mailers_from_url("console://") == {"default": {"BACKEND": "commission.web.mail.ConsoleBackend"}}


def test_console_backend_prints_the_text_part_with_links_whole():
    from io import StringIO

    from django.core.mail import EmailMultiAlternatives

    from commission.web.mail import ConsoleBackend

    link = "http://127.0.0.1:8000/events/sample/confirm/" + "x" * 120 + "/"
    message = EmailMultiAlternatives("Confirm – please", f"Open this:\n{link}\n", "press@localhost",
                                     ["ann@example.org"])
    message.attach_alternative("<p>Open</p>", "text/html")
    message.attach("event.ics", "BEGIN:VCALENDAR", "text/calendar")
    stream = StringIO()

    ConsoleBackend(stream=stream).send_messages([message])

    assert stream.getvalue() == (
        "From: press@localhost\nTo: ann@example.org\nSubject: Confirm – please\n"
        "Also in this message (not shown): text/html alternative, attachment event.ics\n\n"
        f"Open this:\n{link}\n" + "-" * 79 + "\n"
    )


def test_email_url_file_writes_to_the_folder():
    assert mailers_from_url("file:///var/mail/press") == {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": "/var/mail/press"},
        }
    }


def test_email_url_smtp_maps_credentials_host_and_port():
    config = mailers_from_url("smtp://user%40example.org:p%3Ass@mail.example.org:2525")["default"]
    assert config["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert config["OPTIONS"] == {
        "host": "mail.example.org",
        "port": 2525,
        "username": "user@example.org",
        "password": "p:ss",
        "use_tls": False,
        "use_ssl": False,
    }


def test_email_url_smtp_tls_defaults_to_submission_port_with_starttls():
    options = mailers_from_url("smtp+tls://u:p@mail.example.org")["default"]["OPTIONS"]
    assert (options["port"], options["use_tls"], options["use_ssl"]) == (587, True, False)


def test_email_url_smtp_ssl_uses_implicit_tls():
    options = mailers_from_url("smtp+ssl://u:p@mail.example.org")["default"]["OPTIONS"]
    assert (options["port"], options["use_tls"], options["use_ssl"]) == (465, False, True)


@pytest.mark.parametrize(
    "url",
    ["gopher://mail.example.org", "smtp://", "smtp://host:notaport", "file://", "smtp://h?timeout=soon"],
)
def test_email_url_malformed_names_the_variable(url):
    with pytest.raises(ImproperlyConfigured, match="^EMAIL_URL"):
        mailers_from_url(url)


def test_database_url_postgres_uses_psycopg_backend(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://press:secret@db.internal:5433/pressroom")
    config = database_from_url(environ.Env())
    assert (config["ENGINE"], config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "django.db.backends.postgresql", "db.internal", 5433, "pressroom", "press",
    )


@pytest.mark.parametrize(
    "url", ["mysql://u@h/db", "nonsense", "postgres://u@h:port/db", "postgres://u@h:5432/"]
)
def test_database_url_malformed_names_the_variable(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="^DATABASE_URL"):
        database_from_url(environ.Env())


def _start(**overrides):
    """Start Django in a fresh process with the given environment, as a server would."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "EMAIL_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_missing_secret_key_with_debug_off_stops_start_up_naming_it():
    result = _start(DEBUG="0")
    assert result.returncode != 0
    assert result.stderr == "Configuration error: SECRET_KEY must be set when DEBUG is off.\n"


def test_missing_secret_key_with_debug_on_uses_a_development_key():
    result = _start(DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_malformed_database_url_stops_start_up_naming_it():
    result = _start(DEBUG="1", DATABASE_URL="postgres://u@h:port/db")
    assert result.returncode != 0
    assert result.stderr.startswith("Configuration error: DATABASE_URL is malformed")
    assert result.stderr.count("\n") == 1


def test_malformed_email_url_stops_start_up_naming_it():
    result = _start(DEBUG="1", EMAIL_URL="pigeon://coop")
    assert result.returncode != 0
    assert result.stderr.startswith("Configuration error: EMAIL_URL has an unknown scheme 'pigeon'")
    assert result.stderr.count("\n") == 1


def test_media_bucket_switches_uploads_to_s3_storage():
    code = ("from django.conf import settings; s = settings.STORAGES['default']; "
            "print(s['BACKEND'], s['OPTIONS']['bucket_name'], s['OPTIONS']['endpoint_url'])")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({"DEBUG": "1", "MEDIA_BUCKET": "press-media", "MEDIA_ENDPOINT_URL": "https://s3.example.org"})
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == (
        "storages.backends.s3.S3Storage press-media https://s3.example.org"
    )


def test_database_url_sqlite_takes_the_write_lock_when_a_transaction_starts(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/press.sqlite3")
    assert database_from_url(environ.Env())["OPTIONS"] == {"transaction_mode": "IMMEDIATE"}


def test_database_url_postgres_gets_no_sqlite_options(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://press@db.internal:5432/pressroom")
    assert "transaction_mode" not in database_from_url(environ.Env()).get("OPTIONS", {})
