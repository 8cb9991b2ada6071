"""Production settings, response headers and the admin lockout."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-production-secret-with-enough-entropy-0123456789",
    "ALLOWED_HOSTS": "press.example.org",
    "HTTPS": "1",
    "EMAIL_URL": "smtp+tls://press:secret@mail.example.org:587",
    "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
}


def _manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set for browser tests
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_passes_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_fails_without_https():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "HTTPS": "0"})
    assert result.returncode == 1
    assert "security.W008" in result.stderr  # SECURE_SSL_REDIRECT


def test_deploy_check_fails_when_email_is_only_printed():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "EMAIL_URL": "console://"})
    assert result.returncode == 1
    assert "commission.E001" in result.stderr


def test_admin_url_is_configurable():
    result = _manage("shell", "-c", "from django.urls import reverse; print(reverse('admin:index'))",
                     DEBUG="1", ADMIN_URL="backstage")
    assert result.stdout.strip().splitlines()[-1] == "/backstage/"


def test_public_response_carries_security_headers(client):
    response = client.get(reverse("commission:home"))
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_not_found_page_is_the_sites_own_and_leaks_nothing(client):
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in body
    assert "Traceback" not in body and "urlpatterns" not in body


def test_csrf_cookie_is_samesite_lax(client, settings):
    response = client.get(reverse("admin:login"))
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["samesite"] == "Lax"


def test_session_cookie_is_httponly_and_lax(client, admin_user):
    response = client.post(reverse("admin:login"), {"username": "admin", "password": "password"})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_admin_login_locks_out_after_repeated_failures(client, admin_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("admin:login"), {"username": "admin", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(reverse("admin:login"), {"username": "admin", "password": "wrong"})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    # Even the right password is refused while locked.
    response = client.post(reverse("admin:login"), {"username": "admin", "password": "password"})
    assert response.status_code == 429


def test_lockout_behind_the_proxy_is_per_visitor_not_for_everyone(client, admin_user, settings):
    settings.BEHIND_PROXY = True
    proxy = {"REMOTE_ADDR": "10.0.0.1"}  # every request comes through the same proxy
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("admin:login"), {"username": "admin", "password": "wrong"},
                    HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)

    response = client.post(reverse("admin:login"), {"username": "admin", "password": "password"},
                           HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)

    assert response.status_code == 302  # the real admin, from elsewhere, still signs in


def test_staff_passwords_are_validated(settings):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("short")


def test_json_ld_carries_the_nonce_named_in_the_csp_header(client):
    from django.core.management import call_command

    call_command("load_seed", verbosity=0)
    for url in ["/press/parliamentarians-blocked-from-meeting-officials-and-mamay/",
                "/events/press-conference-2023-01-20/"]:
        response = client.get(url)
        body = response.content.decode()
        nonce = body.split('<script type="application/ld+json" nonce="')[1].split('"')[0]
        assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"], url
