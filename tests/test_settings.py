"""Settings come from the environment; bad values stop start-up with one line naming the variable."""

import os
import socket
import subprocess
import sys
from io import StringIO
from pathlib import Path

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives

from commission.web.envconfig import (
    cache_from_url,
    database_from_url,
    env_bool,
    env_choice,
    env_display_zones,
    env_int,
    env_number,
    env_rate,
    env_site_url,
    env_url_path,
    mailers_from_url,
)
from commission.web.mail import ConsoleBackend
from events import calendar
from tests.forkserver import run_manage

ROOT = Path(__file__).resolve().parent.parent


def test_email_url_console_is_the_readable_console_backend():
    assert mailers_from_url("console://") == {"default": {"BACKEND": "commission.web.mail.ConsoleBackend"}}


def test_console_backend_prints_the_text_part_with_links_whole():
    link = "http://127.0.0.1:8000/events/sample/confirm/" + "x" * 120 + "/"
    message = EmailMultiAlternatives("Confirm – please", f"Open this:\n{link}\n", "press@localhost",
                                     ["ann@example.org"])
    message.attach_alternative("<p>Open</p>", "text/html")
    message.attach("event.ics", "BEGIN:VCALENDAR", "text/calendar")
    # A calendar file is attached as a MIME part of its own, its method in its type (events/calendar.py).
    message.attach(calendar.email_part(b"BEGIN:VCALENDAR", method=calendar.REQUEST, filename="invite.ics"))
    stream = StringIO()

    ConsoleBackend(stream=stream).send_messages([message])

    assert stream.getvalue() == (
        "From: press@localhost\nTo: ann@example.org\nSubject: Confirm – please\n"
        "Also in this message (not shown): text/html alternative, attachment event.ics, attachment invite.ics\n\n"
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
        "timeout": 10,
    }


def test_email_url_smtp_tls_defaults_to_submission_port_with_starttls():
    options = mailers_from_url("smtp+tls://u:p@mail.example.org")["default"]["OPTIONS"]
    assert (options["port"], options["use_tls"], options["use_ssl"]) == (587, True, False)


def test_email_url_smtp_ssl_uses_implicit_tls():
    options = mailers_from_url("smtp+ssl://u:p@mail.example.org")["default"]["OPTIONS"]
    assert (options["port"], options["use_tls"], options["use_ssl"]) == (465, False, True)


def test_email_url_smtp_waits_ten_seconds_for_the_mail_server_by_default():
    assert mailers_from_url("smtp://mail.example.org")["default"]["OPTIONS"]["timeout"] == 10


def test_email_url_timeout_in_the_url_wins_over_email_timeout():
    options = mailers_from_url("smtp://mail.example.org?timeout=30", timeout=5)["default"]["OPTIONS"]
    assert options["timeout"] == 30


def test_sending_gives_up_on_a_mail_server_that_never_answers():
    """EMAIL_TIMEOUT=1: a server that accepts the connection and says nothing fails the send after a second."""
    code = ("import smtplib, time; from django.core.mail import send_mail; start = time.monotonic()\n"
            "try:\n    send_mail('Hello', 'Body', 'press@example.org', ['ann@example.org'])\n"
            "except smtplib.SMTPServerDisconnected as error:\n"
            "    print(f'gave up after {time.monotonic() - start:.0f} s: {error}')")
    with socket.create_server(("127.0.0.1", 0)) as silent_server:  # listens, never accepts, never answers
        port = silent_server.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        env.update({"DEBUG": "1", "EMAIL_URL": f"smtp://127.0.0.1:{port}", "EMAIL_TIMEOUT": "1"})
        result = run_manage(["shell", "-c", code], env=env, timeout=30)

    assert result.stdout.strip().splitlines()[-1] == (
        "gave up after 1 s: Connection unexpectedly closed: timed out"
    ), result.stderr


@pytest.mark.parametrize(
    "url",
    ["gopher://mail.example.org", "smtp://", "smtp://host:notaport", "file://", "smtp://h?timeout=soon",
     "smtp://h?timeout=0"],
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
    """Start Django in a process of its own with the given environment, as a server would (tests/forkserver.py)."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "EMAIL_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(overrides)
    return run_manage(["check"], env=env)


def test_settings_are_read_from_the_file_env_file_names_under_the_environments_own(tmp_path):
    settings_file = tmp_path / "pressroom.env"
    settings_file.write_text("DEBUG=1\nHTTPS=yes-please\n")

    from_the_file = _start(ENV_FILE=str(settings_file))
    overridden = _start(ENV_FILE=str(settings_file), HTTPS="0")

    assert from_the_file.stderr == "Configuration error: HTTPS is 'yes-please': use 1 or 0 (or true/false, yes/no, on/off).\n"
    assert (overridden.returncode, overridden.stderr) == (0, "")


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
    result = run_manage(["shell", "-c", code], env=env)
    assert result.stdout.strip().splitlines()[-1] == (
        "storages.backends.s3.S3Storage press-media https://s3.example.org"
    )


def test_database_url_sqlite_takes_the_write_lock_when_a_transaction_starts(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/press.sqlite3")
    assert database_from_url(environ.Env())["OPTIONS"] == {"transaction_mode": "IMMEDIATE"}


def test_database_url_postgres_gets_no_sqlite_options(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://press@db.internal:5432/pressroom")
    assert "transaction_mode" not in database_from_url(environ.Env()).get("OPTIONS", {})


# Readers of single variables: the value a person writes, and the one line they read when it is wrong.

@pytest.mark.parametrize(("raw", "expected"), [
    ("1", True), ("true", True), ("YES", True), ("On", True),
    ("0", False), ("False", False), ("no", False), ("OFF", False),
])
def test_env_bool_accepts_the_usual_words_in_any_case(monkeypatch, raw, expected):
    monkeypatch.setenv("HTTPS", raw)
    assert env_bool(environ.Env(), "HTTPS", default=not expected) is expected


def test_env_bool_empty_or_unset_takes_the_default(monkeypatch):
    monkeypatch.setenv("HTTPS", "")
    monkeypatch.delenv("BEHIND_PROXY", raising=False)
    assert env_bool(environ.Env(), "HTTPS", default=True) is True
    assert env_bool(environ.Env(), "BEHIND_PROXY", default=False) is False


@pytest.mark.parametrize("raw", ["yes-please", "2", "enabled", "y"])
def test_env_bool_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("HTTPS", raw)
    with pytest.raises(ImproperlyConfigured) as error:
        env_bool(environ.Env(), "HTTPS", default=False)
    assert str(error.value) == f"HTTPS is {raw!r}: use 1 or 0 (or true/false, yes/no, on/off)."


def test_env_int_reads_a_whole_number(monkeypatch):
    monkeypatch.setenv("CONN_MAX_AGE", " 60 ")
    assert env_int(environ.Env(), "CONN_MAX_AGE", default=0, unit="seconds") == 60


@pytest.mark.parametrize(("raw", "message"), [
    ("10MB", "IMAGE_MAX_BYTES is '10MB': use a whole number of bytes, e.g. 10485760."),
    ("1e7", "IMAGE_MAX_BYTES is '1e7': use a whole number of bytes, e.g. 10485760."),
    ("0", "IMAGE_MAX_BYTES is '0': use a whole number of bytes, 1 or more, e.g. 10485760."),
    ("-5", "IMAGE_MAX_BYTES is '-5': use a whole number of bytes, 1 or more, e.g. 10485760."),
])
def test_env_int_refuses_other_text_and_numbers_below_the_minimum(monkeypatch, raw, message):
    monkeypatch.setenv("IMAGE_MAX_BYTES", raw)
    with pytest.raises(ImproperlyConfigured) as error:
        env_int(environ.Env(), "IMAGE_MAX_BYTES", default=10485760, minimum=1, unit="bytes")
    assert str(error.value) == message


def test_env_number_takes_fractions_and_refuses_zero(monkeypatch):
    monkeypatch.setenv("AXES_COOLOFF_HOURS", "0.5")
    assert env_number(environ.Env(), "AXES_COOLOFF_HOURS", default=1.0, unit="hours", example="1") == 0.5
    monkeypatch.setenv("AXES_COOLOFF_HOURS", "0")
    with pytest.raises(ImproperlyConfigured, match=r"^AXES_COOLOFF_HOURS is '0': use a number of hours greater than 0"):
        env_number(environ.Env(), "AXES_COOLOFF_HOURS", default=1.0, unit="hours", example="1")


def test_env_choice_names_the_choices(monkeypatch):
    monkeypatch.setenv("TASKS_BACKEND", "celery")
    with pytest.raises(ImproperlyConfigured) as error:
        env_choice(environ.Env(), "TASKS_BACKEND", default="immediate", choices=["immediate", "database"])
    assert str(error.value) == "TASKS_BACKEND is 'celery': use one of immediate, database."


def test_env_choice_can_ignore_case(monkeypatch):
    monkeypatch.setenv("LOG_LEVEL", "warning")
    assert env_choice(environ.Env(), "LOG_LEVEL", default="INFO", choices=["INFO", "WARNING"],
                      case_sensitive=False) == "WARNING"


def test_env_rate_refuses_what_the_rate_limit_cannot_read(monkeypatch):
    monkeypatch.setenv("REGISTRATION_RATE", "lots")
    with pytest.raises(ImproperlyConfigured) as error:
        env_rate(environ.Env(), "REGISTRATION_RATE", default="10/h")
    assert str(error.value) == ("REGISTRATION_RATE is 'lots': use a number per period, e.g. 10/h (per s, m, h or d), "
                                "or 0 for no limit.")


@pytest.mark.parametrize("raw", ["press.example.org", "ftp://press.example.org", "https://", "https://h/press/",
                                 "https://h:port"])
def test_env_site_url_wants_an_address_with_its_scheme_and_no_path(monkeypatch, raw):
    monkeypatch.setenv("SITE_URL", raw)
    with pytest.raises(ImproperlyConfigured, match=r"^SITE_URL is .*: use the site's address with http:// or https://"):
        env_site_url(environ.Env(), "SITE_URL", default="http://127.0.0.1:8000")


def test_env_site_url_drops_the_final_slash(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://press.example.org/")
    assert env_site_url(environ.Env(), "SITE_URL", default="") == "https://press.example.org"


@pytest.mark.parametrize(("raw", "expected"), [("backstage", "backstage/"), ("/office/admin/", "office/admin/")])
def test_env_url_path_ends_with_one_slash(monkeypatch, raw, expected):
    monkeypatch.setenv("ADMIN_URL", raw)
    assert env_url_path(environ.Env(), "ADMIN_URL", default="admin/") == expected


@pytest.mark.parametrize("raw", ["/", "back stage", "<slug>/"])
def test_env_url_path_refuses_what_is_not_a_plain_path(monkeypatch, raw):
    monkeypatch.setenv("ADMIN_URL", raw)
    with pytest.raises(ImproperlyConfigured, match="^ADMIN_URL is"):
        env_url_path(environ.Env(), "ADMIN_URL", default="admin/")


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_database_url_sqlite_in_memory_is_refused(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ImproperlyConfigured, match=f"^DATABASE_URL is '{url}': name the database file"):
        database_from_url(environ.Env())


def test_cache_url_refusal_hides_the_password(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "redis://:s3cret@cache.internal:port/0")
    with pytest.raises(ImproperlyConfigured) as error:
        cache_from_url(environ.Env())
    assert str(error.value) == ("CACHE_URL is 'redis://:***@cache.internal:port/0': use redis://host:6379/0, "
                                "filecache:///folder, dbcache://table_name or locmemcache://.")


# Start-up: manage.py and gunicorn print the one line and stop.

@pytest.mark.parametrize(("variable", "value", "message"), [
    ("CONN_MAX_AGE", "abc", "CONN_MAX_AGE is 'abc': use a whole number of seconds, e.g. 60."),
    ("PAGE_CACHE_SECONDS", "abc", "PAGE_CACHE_SECONDS is 'abc': use a whole number of seconds, e.g. 600."),
    ("IMAGE_MAX_BYTES", "10MB", "IMAGE_MAX_BYTES is '10MB': use a whole number of bytes, e.g. 10485760."),
    ("AXES_FAILURE_LIMIT", "x", "AXES_FAILURE_LIMIT is 'x': use a whole number of failed sign-ins, e.g. 5."),
    ("REGISTRATION_RATE", "lots", "REGISTRATION_RATE is 'lots': use a number per period, e.g. 10/h "
                                  "(per s, m, h or d), or 0 for no limit."),
    ("HTTPS", "yes-please", "HTTPS is 'yes-please': use 1 or 0 (or true/false, yes/no, on/off)."),
    ("DATABASE_URL", "sqlite://", "DATABASE_URL is 'sqlite://': name the database file, e.g. sqlite:///db.sqlite3 "
                                  "(beside manage.py) or sqlite:////srv/pressroom/db.sqlite3."),
    ("TIME_ZONE", "Mars/Olympus", "TIME_ZONE is 'Mars/Olympus': use an IANA time zone name, e.g. Europe/London or UTC."),
    ("LOG_LEVEL", "loud", "LOG_LEVEL is 'loud': use one of DEBUG, INFO, WARNING, ERROR, CRITICAL."),
    ("EMAIL_TIMEOUT", "0", "EMAIL_TIMEOUT is '0': use a whole number of seconds, 1 or more, e.g. 10."),
])
def test_bad_value_stops_manage_py_with_one_line_naming_it(variable, value, message):
    result = _start(DEBUG="1", **{variable: value})
    assert result.returncode == 1
    assert result.stderr == f"Configuration error: {message}\n"


def _gunicorn(*args, **overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}}
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "-m", "gunicorn", "commission.wsgi", "--bind", "127.0.0.1:0", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )


def test_bad_value_stops_gunicorn_before_it_starts_with_one_line():
    result = _gunicorn("--workers", "3", IMAGE_MAX_BYTES="10MB")
    assert result.returncode == 1
    assert result.stderr == (
        "Configuration error: IMAGE_MAX_BYTES is '10MB': use a whole number of bytes, e.g. 10485760.\n"
    )


def test_bad_value_stops_gunicorn_without_the_projects_config_file_too(tmp_path):
    (tmp_path / "gunicorn.conf.py").write_text("")  # a server set up with its own config file
    result = _gunicorn("--config", str(tmp_path / "gunicorn.conf.py"), "--workers", "1", HTTPS="yes-please")
    assert result.returncode == 4  # gunicorn: "App failed to load", so it stops instead of restarting the worker
    assert "Configuration error: HTTPS is 'yes-please': use 1 or 0 (or true/false, yes/no, on/off).\n" in result.stderr
    assert "Traceback" not in result.stderr


def test_display_zones_are_read_in_order_with_optional_label_place_and_places_in_other_languages(monkeypatch):
    monkeypatch.setenv("DISPLAY_ZONES", "Europe/London||London, UK; "
                                        "Asia/Almaty|ALMT|Almaty, Kazakhstan|ru=Алматы, Казахстан| kk = Алматы ;UTC")

    assert env_display_zones(environ.Env(), "DISPLAY_ZONES", default=[], languages=["ru", "kk"]) == [
        ("Europe/London", "", "London, UK", ()),
        ("Asia/Almaty", "ALMT", "Almaty, Kazakhstan", (("ru", "Алматы, Казахстан"), ("kk", "Алматы"))),
        ("UTC", "", "", ())]


@pytest.mark.parametrize("value", ["Mars/Olympus||Base", "Asia/Almaty|TOO-LONG-LABEL|Almaty",
                                   "Asia/Almaty|ALMT|Almaty|de=Almaty", "Asia/Almaty|ALMT|Almaty|Алматы",
                                   "Asia/Almaty|ALMT|Almaty|ru=", "Asia/Almaty|ALMT|Almaty|ru=Алматы|ru=Алма-Ата"])
def test_display_zones_refuse_an_unknown_zone_a_long_label_or_a_bad_translated_place_naming_the_variable(
        monkeypatch, value):
    monkeypatch.setenv("DISPLAY_ZONES", value)

    with pytest.raises(ImproperlyConfigured, match="^DISPLAY_ZONES is "):
        env_display_zones(environ.Env(), "DISPLAY_ZONES", default=[], languages=["ru", "kk"])
