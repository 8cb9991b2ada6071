"""Turn environment variables into Django settings values.

Each parser raises ``ImproperlyConfigured`` with a message that names the
variable, so a bad deployment stops at start-up with one clear line.
"""

import warnings
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


def mailers_from_url(url: str) -> dict:
    """Map an ``EMAIL_URL`` onto Django's ``MAILERS`` setting.

    Forms: ``console://``, ``file:///folder``, ``locmem://``,
    ``smtp://user:pass@host:port`` (``smtp+tls://`` for STARTTLS,
    ``smtp+ssl://`` for implicit TLS).
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
        }
        timeout = parse_qs(parts.query).get("timeout")
        if timeout:
            try:
                options["timeout"] = int(timeout[0])
            except ValueError:
                raise ImproperlyConfigured("EMAIL_URL timeout must be a whole number of seconds.") from None
        config = {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    else:
        raise ImproperlyConfigured(
            f"EMAIL_URL has an unknown scheme {scheme!r}: use console://, file://, smtp:// or smtp+tls://."
        )
    return {"default": config}


def database_from_url(env, name: str = "DATABASE_URL", default: str = "sqlite:///db.sqlite3") -> dict:
    """Parse ``DATABASE_URL`` with django-environ, accepting SQLite and PostgreSQL only."""
    raw = env.str(name, default=default)
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
        # Take SQLite's write lock when a transaction starts, so that concurrent requests (runserver's threads)
        # queue for it instead of failing with "database is locked" halfway through a registration.
        config.setdefault("OPTIONS", {}).setdefault("transaction_mode", "IMMEDIATE")
    return config
