"""Turn environment variables into Django settings values.

Each reader raises ``ImproperlyConfigured`` with one sentence that names the
variable, repeats the bad value and shows the expected form, e.g.
``IMAGE_MAX_BYTES is '10MB': use a whole number of bytes, e.g. 10485760.``
``manage.py``, ``commission/wsgi.py`` and ``gunicorn.conf.py`` print that
sentence as one line and stop, so a bad deployment never starts.

An empty value (``HTTPS=``) counts as unset: the default applies.
"""

import math
import re
import warnings
import zoneinfo
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

from commission.web.ratelimit import parse_rate

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})
_WHOLE_NUMBER = re.compile(r"^-?\d+$")
_URL_PATH = re.compile(r"^[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$")
# Seconds an SMTP connection waits for the mail server at each step (connecting, each reply) before giving up.
DEFAULT_EMAIL_TIMEOUT = 10


def _raw(env: environ.Env, name: str) -> str | None:
    """The variable's text, or None when it is unset or empty."""
    value = env.str(name, default="").strip()
    return value or None


def _refuse(name: str, value: str, expected: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"{name} is {value!r}: {expected}.")


def env_str(env: environ.Env, name: str, default: str) -> str:
    return _raw(env, name) or default


def env_path(env: environ.Env, name: str, default: Path) -> Path:
    raw = _raw(env, name)
    return default if raw is None else Path(raw)


def env_list(env: environ.Env, name: str, default: list[str]) -> list[str]:
    """Comma-separated values; blanks around and between commas are dropped."""
    raw = _raw(env, name)
    if raw is None:
        return list(default)
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_bool(env: environ.Env, name: str, default: bool) -> bool:
    """Exactly 1/0, true/false, yes/no or on/off, in any case."""
    raw = _raw(env, name)
    if raw is None:
        return default
    if raw.lower() in TRUE_WORDS:
        return True
    if raw.lower() in FALSE_WORDS:
        return False
    raise _refuse(name, raw, "use 1 or 0 (or true/false, yes/no, on/off)")


def env_int(env: environ.Env, name: str, default: int, *, minimum: int = 0, unit: str = "",
            example: int | None = None) -> int:
    """A whole number, ``minimum`` or more; ``unit`` ("seconds", "bytes") names what it counts in the message."""
    raw = _raw(env, name)
    if raw is None:
        return default
    value = int(raw) if _WHOLE_NUMBER.match(raw) else None
    if value is not None and value >= minimum:
        return value
    expected = f"use a whole number of {unit}" if unit else "use a whole number"
    if value is not None:  # a whole number, but too small
        expected += f", {minimum} or more"
    raise _refuse(name, raw, f"{expected}, e.g. {default if example is None else example}")


def env_number(env: environ.Env, name: str, default: float, *, unit: str, example: str) -> float:
    """A number greater than 0, fractions allowed (``0.5``)."""
    raw = _raw(env, name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if math.isfinite(value) and value > 0:
        return value
    raise _refuse(name, raw, f"use a number of {unit} greater than 0, e.g. {example}")


def env_choice(env: environ.Env, name: str, default: str, choices: Iterable[str], *,
               case_sensitive: bool = True) -> str:
    """One of ``choices``; with ``case_sensitive=False`` the choice is returned as spelled in ``choices``."""
    choices = tuple(choices)
    raw = _raw(env, name)
    if raw is None:
        return default
    for choice in choices:
        if raw == choice or (not case_sensitive and raw.lower() == choice.lower()):
            return choice
    raise _refuse(name, raw, f"use one of {', '.join(choices)}")


def env_rate(env: environ.Env, name: str, default: str) -> str:
    """A rate such as ``10/h`` (see commission/web/ratelimit.py), or 0 for no limit; returned as written."""
    raw = _raw(env, name)
    if raw is None:
        return default
    parse_rate(raw, name=name)
    return raw


def env_time_zone(env: environ.Env, name: str, default: str) -> str:
    raw = _raw(env, name)
    if raw is None:
        return default
    if not _is_time_zone(raw):
        raise _refuse(name, raw, "use an IANA time zone name, e.g. Europe/London or UTC")
    return raw


def _is_time_zone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone this machine knows."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def env_display_zones(env: environ.Env, name: str, default: list, languages: Iterable[str] = ()) -> list:
    """Zones a time is shown in, in order, separated by semicolons, each ``zone|label|place``, the label and
    place optional, then the place in other ``languages`` as ``code=place`` pieces:
    ``Europe/London||London, UK|ru=Лондон, Великобритания; Asia/Almaty|ALMT|Almaty, Kazakhstan``.
    Each zone is read as ``(zone, label, place, ((code, place), ...))``."""
    raw = _raw(env, name)
    if raw is None:
        return list(default)
    languages = set(languages)
    zones = []
    for entry in (part.strip() for part in raw.split(";")):
        if not entry:
            continue
        zone, label, place, *translated = [*(piece.strip() for piece in entry.split("|")), "", ""]
        if not _is_time_zone(zone):
            raise _refuse(name, raw, "use zone|label|place entries separated by semicolons, each zone an IANA "
                                     "name, e.g. Europe/London||London, UK; Asia/Almaty|ALMT|Almaty")
        if not re.fullmatch(r"[A-Za-z0-9+\-:]{0,6}", label):
            raise _refuse(name, raw, "a label is up to 6 letters, digits, + or -, e.g. ALMT")
        places = [piece.partition("=") for piece in translated if piece]
        codes = [code.strip() for code, _sign, _words in places]
        if len(set(codes)) < len(codes) or any(
                code.strip() not in languages or not sign or not words.strip() for code, sign, words in places):
            raise _refuse(name, raw, f"after the place, give it in another language once each, as code=place, the code one of "
                                     f"{', '.join(sorted(languages))}, e.g. Asia/Almaty|ALMT|Almaty|ru=Алматы")
        zones.append((zone, label, place[:100],
                      tuple((code.strip(), words.strip()[:100]) for code, _sign, words in places)))
    return zones


def env_site_url(env: environ.Env, name: str, default: str) -> str:
    """An absolute http:// or https:// address with a host and nothing after it; returned without a final slash."""
    raw = _raw(env, name)
    if raw is None:
        return default
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 — raises ValueError for a port that is not a number
    except ValueError:
        parts = None
    if (parts is None or parts.scheme not in {"http", "https"} or not parts.hostname
            or parts.path.strip("/") or parts.query or parts.fragment):
        raise _refuse(name, raw, "use the site's address with http:// or https:// and no path, "
                                 "e.g. https://press.example.org")
    return raw.rstrip("/")


def env_origins(env: environ.Env, name: str, default: list[str]) -> list[str]:
    """Comma-separated origins, each with its scheme (``https://press.example.org``)."""
    origins = env_list(env, name, default)
    for origin in origins:
        if not origin.startswith(("http://", "https://")) or len(origin.split("://", 1)[1]) == 0:
            raise _refuse(name, origin, "use origins with their scheme, comma-separated, "
                                        "e.g. https://press.example.org")
    return origins


def env_url_path(env: environ.Env, name: str, default: str) -> str:
    """A path below the site's root such as ``backstage/``: letters, digits, ``-``, ``_``, ``.``, ``~`` and
    slashes between them. Returned with one final slash and no leading one."""
    raw = _raw(env, name)
    if raw is None:
        return default
    path = raw.strip("/")
    if not _URL_PATH.match(path):
        raise _refuse(name, raw, "use a path of letters, digits, - and _, e.g. backstage/")
    return path + "/"


def _without_password(url: str) -> str:
    """``url`` as it may be printed: a password in it is replaced by ``***``."""
    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    return url.replace(f":{password}@", ":***@", 1) if password else url


def mailers_from_url(url: str, *, timeout: int = DEFAULT_EMAIL_TIMEOUT) -> dict:
    """Map an ``EMAIL_URL`` onto Django's ``MAILERS`` setting.

    Forms: ``console://``, ``file:///folder``, ``locmem://``,
    ``smtp://user:pass@host:port`` (``smtp+tls://`` for STARTTLS,
    ``smtp+ssl://`` for implicit TLS). SMTP gives up after ``timeout`` seconds
    without an answer (``EMAIL_TIMEOUT``; ``?timeout=`` in the URL wins), so a
    mail server that hangs never holds a worker.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise ImproperlyConfigured(f"EMAIL_URL is malformed: {error}.") from None
    scheme = parts.scheme.lower()
    if scheme == "console":
        config = {"BACKEND": "commission.web.mail.ConsoleBackend"}  # Django's, printing readable text
    elif scheme == "locmem":
        config = {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    elif scheme == "file":
        if not parts.path:
            raise ImproperlyConfigured("EMAIL_URL file:// needs a folder, e.g. file:///var/mail/pressroom.")
        config = {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": unquote(parts.path)},
        }
    elif scheme in {"smtp", "smtp+tls", "smtp+ssl", "smtps"}:
        if not parts.hostname:
            raise ImproperlyConfigured("EMAIL_URL smtp:// needs a host, e.g. smtp://user:pass@mail.example.org:587.")
        options = {
            "host": parts.hostname,
            "port": port or (465 if scheme in {"smtp+ssl", "smtps"} else 587 if scheme == "smtp+tls" else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": scheme == "smtp+tls",
            "use_ssl": scheme in {"smtp+ssl", "smtps"},
            "timeout": timeout,
        }
        in_url = parse_qs(parts.query).get("timeout")
        if in_url:
            if not in_url[0].isdigit() or int(in_url[0]) < 1:
                raise ImproperlyConfigured(f"EMAIL_URL has timeout={in_url[0]!r}: use a whole number of seconds, "
                                           "1 or more, e.g. ?timeout=10.")
            options["timeout"] = int(in_url[0])
        config = {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    else:
        raise ImproperlyConfigured(
            f"EMAIL_URL has an unknown scheme {scheme!r}: use console://, file://, smtp:// or smtp+tls://."
        )
    return {"default": config}


def database_from_url(env, name: str = "DATABASE_URL", default: str = "sqlite:///db.sqlite3") -> dict:
    """Parse ``DATABASE_URL`` with django-environ, accepting SQLite and PostgreSQL only."""
    raw = _raw(env, name) or default
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # django-environ warns, then returns an unusable config
        try:
            config = env.db_url_config(raw)
        except ValueError as error:
            raise ImproperlyConfigured(f"{name} is malformed: {error}.") from None
    engine = config.get("ENGINE", "")
    if engine not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
        raise ImproperlyConfigured(f"{name} must start with sqlite:/// or postgres://, not {raw.split(':')[0]!r}.")
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} needs a database name, e.g. postgres://user@host:5432/pressroom.")
    if engine == "django.db.backends.sqlite3":
        if config["NAME"] == ":memory:":
            # Each process would get its own empty database, gone when it stops.
            raise _refuse(name, _without_password(raw), "name the database file, e.g. sqlite:///db.sqlite3 "
                                                        "(beside manage.py) or sqlite:////srv/pressroom/db.sqlite3")
        # Take SQLite's write lock when a transaction starts, so that concurrent requests (runserver's threads)
        # queue for it instead of failing with "database is locked" halfway through a registration.
        config.setdefault("OPTIONS", {}).setdefault("transaction_mode", "IMMEDIATE")
    return config


def cache_from_url(env, name: str = "CACHE_URL", default: str = "locmemcache://") -> dict:
    """Parse ``CACHE_URL`` with django-environ (``redis://host:6379/0``, ``filecache:///folder``,
    ``dbcache://table``, ``locmemcache://``)."""
    raw = _raw(env, name) or default
    try:
        if "," not in raw:  # several Redis hosts are written host1:6379,host2:6379
            urlsplit(raw).port  # noqa: B018 — raises ValueError for a port that is not a number
        return env.cache_url_config(raw)
    except (ValueError, ImproperlyConfigured):
        raise _refuse(name, _without_password(raw), "use redis://host:6379/0, filecache:///folder, "
                                                    "dbcache://table_name or locmemcache://") from None
