"""Production settings, response headers and the admin lockout."""

import datetime
import os
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from commission.web.cache import content_version
from press import alerts, embargo, tokens
from press.models import Accreditation, PreviewLinkUse
from tests.factories import (
    ACCREDITATION_FORM,
    ACCREDITATION_URL,
    ALERTS_FORM,
    ALERTS_URL,
    make_journalist,
    make_release_version,
)
from tests.forkserver import run_manage

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "commission.settings",  # the site's own, not the tests' (tests/settings.py)
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-production-secret-with-enough-entropy-0123456789",
    "ALLOWED_HOSTS": "press.example.org",
    "HTTPS": "1",
    "EMAIL_URL": "smtp+tls://press:secret@mail.example.org:587",
    # Never opened by the checks; one name per process all the same, so parallel runs share no file.
    "DATABASE_URL": f"sqlite:///{Path(tempfile.gettempdir()) / f'deploy-check-{os.getpid()}.sqlite3'}",
    "SITE_URL": "https://press.example.org",
    "CACHE_URL": "redis://127.0.0.1:6379/15",  # not connected to: the checks only read the setting
    "PAGE_CACHE_SECONDS": "600",
    "REGISTRATION_RATE": "10/h",
    "TASKS_BACKEND": "database",
}


def _manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set for browser tests
    env.update(env_overrides)
    return run_manage(list(args), env=env, timeout=120)  # a process of its own (tests/forkserver.py)


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


@pytest.mark.parametrize("site_url", [None, "http://localhost:8000", "https://[::1]", "https://press.local"])
def test_deploy_check_refuses_a_local_site_url(site_url):
    env = {**PRODUCTION, "SITE_URL": site_url or ""}  # empty: unset, the default
    result = _manage("check", "--deploy", **env)
    assert result.returncode == 1
    shown = site_url or "http://127.0.0.1:8000 (the default)"
    assert (f"(commission.E002) SITE_URL is {shown}, a local address: links in emails, feeds and calendar files "
            "would lead there.") in result.stderr


def test_deploy_check_refuses_a_plain_http_site_url_when_https_is_on():
    result = _manage("check", "--deploy", **{**PRODUCTION, "SITE_URL": "http://press.example.org"})
    assert result.returncode == 1
    assert ("(commission.E003) SITE_URL is http://press.example.org while HTTPS is on: links in emails, feeds "
            "and calendar files would use plain HTTP.\n\tHINT: Set SITE_URL to https://press.example.org.") in result.stderr


def test_deploy_check_warns_that_immediate_tasks_send_email_inside_the_request():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "TASKS_BACKEND": "immediate"})
    assert result.returncode == 1
    assert ("(commission.W001) TASKS_BACKEND is immediate: emails are sent inside the request that causes them, "
            "which waits for the mail server, and a failed send is not tried again.") in result.stderr


@pytest.mark.parametrize(("cache_url", "page_cache", "rate", "backend", "users"), [
    ("locmemcache://", "600", "0", "locmem.LocMemCache", "the page cache (PAGE_CACHE_SECONDS=600)"),
    ("locmemcache://", "0", "10/h", "locmem.LocMemCache", "the rate limit REGISTRATION_RATE=10/h"),
    ("dummycache://", "600", "3/m", "dummy.DummyCache",
     "the page cache (PAGE_CACHE_SECONDS=600) and the rate limit REGISTRATION_RATE=3/m"),
])
def test_deploy_check_refuses_a_per_process_cache_for_the_page_cache_or_rate_limits(cache_url, page_cache, rate,
                                                                                     backend, users):
    result = _manage("check", "--deploy", **{**PRODUCTION, "CACHE_URL": cache_url, "PAGE_CACHE_SECONDS": page_cache,
                                             "REGISTRATION_RATE": rate})
    assert result.returncode == 1
    assert (f"(commission.E004) CACHE_URL gives a cache of each process's own (django.core.cache.backends.{backend}), "
            f"but {users} use it: each app server process would keep its own pages and counts") in result.stderr


def test_deploy_check_accepts_a_per_process_cache_that_nothing_shares():
    result = _manage("check", "--deploy", "--fail-level", "WARNING",
                     **{**PRODUCTION, "CACHE_URL": "locmemcache://", "PAGE_CACHE_SECONDS": "0", "REGISTRATION_RATE": "0"})
    assert result.returncode == 0, result.stderr


def test_admin_url_is_configurable():
    result = _manage("shell", "-c", "from django.urls import reverse; print(reverse('admin:index'))",
                     DEBUG="1", ADMIN_URL="backstage")
    assert result.stdout.strip().splitlines()[-1] == "/backstage/"


def test_robots_txt_does_not_reveal_a_custom_admin_url_whose_pages_ask_not_to_be_indexed():
    code = ("from django.test import Client; c = Client(); robots = c.get('/robots.txt').content.decode(); "
            "login = c.get('/backstage/login/'); "
            "print('backstage' in robots, login.status_code, login.headers.get('X-Robots-Tag'))")
    result = _manage("shell", "-c", code, DEBUG="1", ADMIN_URL="backstage")
    assert result.stdout.strip().splitlines()[-1] == "False 200 noindex, nofollow", result.stderr


def test_admin_pages_ask_crawlers_not_to_index_or_follow_them(client):
    for url in [reverse("admin:login"), reverse("admin:index"), "/admin/no-such-page/"]:
        response = client.get(url)
        assert response.headers["X-Robots-Tag"] == "noindex, nofollow", url


def test_public_pages_do_not_send_x_robots_tag(client):
    response = client.get(reverse("commission:home"))
    assert "X-Robots-Tag" not in response.headers


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
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
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


def _sign_in(client, username, password, address):
    return client.post(reverse("admin:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_password_spraying_from_one_address_is_locked_out_across_user_names(client, admin_user, settings):
    attacker = "203.0.113.9"
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):  # one guess for each of many user names
        assert _sign_in(client, f"user{n}", "Winter2026!", attacker).status_code == 200

    response = _sign_in(client, "yet-another-user", "Winter2026!", attacker)

    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert _sign_in(client, "admin", "password", attacker).status_code == 429  # the real account too, from there
    assert _sign_in(client, "admin", "password", "198.51.100.7").status_code == 302  # another address signs in


def test_password_spraying_from_one_ipv6_network_is_locked_out_whichever_of_its_addresses_it_uses(
        client, admin_user, settings):
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):  # each guess from another address of the network
        assert _sign_in(client, f"user{n}", "Winter2026!", f"2001:db8:5:6::{n + 1:x}").status_code == 200

    assert _sign_in(client, "yet-another-user", "Winter2026!", "2001:db8:5:6:ffff::1").status_code == 429
    assert _sign_in(client, "admin", "password", "2001:db8:5:6:ffff::2").status_code == 429
    assert _sign_in(client, "admin", "password", "2001:db8:5:7::1").status_code == 302  # another network


def test_mistakes_by_several_people_behind_one_address_stay_below_the_address_limit(client, admin_user, settings):
    office = "192.0.2.10"
    per_person = settings.AXES_FAILURE_LIMIT - 1  # each stops short of their own account's lockout
    people = (settings.AXES_ADDRESS_FAILURE_LIMIT - 1) // per_person
    assert people >= 2  # the address limit is meant for several people's mistakes
    for person in range(people):
        for _ in range(per_person):
            assert _sign_in(client, f"colleague{person}", "typo", office).status_code == 200

    assert _sign_in(client, "admin", "password", office).status_code == 302


def test_staff_passwords_are_validated(settings):
    with pytest.raises(ValidationError):
        validate_password("short")


def test_json_ld_carries_the_nonce_named_in_the_csp_header(client):
    call_command("load_seed", verbosity=0)
    for url in ["/press/parliamentarians-blocked-from-meeting-officials-and-mamay/",
                "/events/press-conference-2023-01-20/"]:
        response = client.get(url)
        body = response.content.decode()
        nonce = body.split('<script type="application/ld+json" nonce="')[1].split('"')[0]
        assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"], url


# Embargoed releases: nothing public before their time, and a journalist's personal link works only as issued.

def _embargoed_with_copies(make_release, make_topic, make_person, make_event, officer):
    release = make_release(title="Zeppelin embargo title", slug="zeppelin-embargo", status="draft", publish_at=None,
                           standfirst="Zeppelin embargo standfirst.", topics=[make_topic("Zeppelin beat",
                                                                                          slug="zeppelin-beat")])
    release.related_people.add(make_person(full_name="Zeppelin Witness", short_name="Zeppelin Witness",
                                           slug="zeppelin-witness"))
    make_event(title="Public briefing").related_releases.add(release)
    embargo.embargo_release(release=release, until=timezone.now() + datetime.timedelta(days=1), zone="Asia/Almaty",
                            by=officer)
    ann, bob = make_journalist(), make_journalist()
    copies = embargo.send_embargoed(release=release, journalists=[ann, bob], by=officer)
    return release, {copy.accreditation: copy for copy in copies}, ann, bob


def test_an_embargoed_release_leaks_nowhere_public_before_its_time(client, settings, make_release, make_topic,
                                                                   make_person, make_event, press_officer):
    settings.PAGE_CACHE_SECONDS = 600
    release, copies, ann, _bob = _embargoed_with_copies(make_release, make_topic, make_person, make_event,
                                                        press_officer)
    client.get(copies[ann].get_absolute_url())  # a journalist reads it first: nothing of it may be cached

    urls = ["/", "/press/", "/press/feed/rss/", "/press/feed/atom/", "/press/search/?q=zeppelin", "/sitemap.xml",
            "/events/", "/events/calendar.ics", "/events/feed/", "/press/accreditation/",
            *(event.get_absolute_url() for event in release.events.all())]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for word in ("Zeppelin", "zeppelin-embargo", "zeppelin-beat", "zeppelin-witness"):
            assert word not in body, (url, word)
    for url in ("/press/zeppelin-embargo/", "/press/topics/zeppelin-beat/", "/commission/people/zeppelin-witness/",
                "/press/zeppelin-embargo/history/"):
        assert client.get(url).status_code == 404, url


def test_a_journalists_embargo_link_opens_only_as_issued(client, make_release, make_topic, make_person, make_event,
                                                         press_officer):
    release, copies, ann, bob = _embargoed_with_copies(make_release, make_topic, make_person, make_event,
                                                       press_officer)
    ann_token, bob_token = (tokens.sign_preview_key(copies[person].key) for person in (ann, bob))
    ann_key, ann_signature = ann_token.split(":")
    refused = [
        f"{ann_key}:{bob_token.split(':')[1]}",  # Ann's key with Bob's signature
        f"{ann_key[:-1]}{'B' if ann_key.endswith('A') else 'A'}:{ann_signature}",  # altered key (never the same)
        ann_key,  # unsigned
        signing.Signer(key="not-this-sites-secret-key-0123456789abcdef", salt="press.preview-link").sign(ann_key),
    ]
    for token in refused:
        response = client.get(f"/press/preview/{token}/")
        assert response.status_code in (404, 410), token
        assert "Zeppelin" not in response.content.decode()
    assert not PreviewLinkUse.objects.exists()

    embargo.withdraw_embargoed(release=release, by=press_officer, journalist_ids=[ann.pk])
    Accreditation.objects.filter(pk=bob.pk).update(status=Accreditation.Status.REVOKED)
    for token in (ann_token, bob_token):
        response = client.get(f"/press/preview/{token}/")
        assert response.status_code == 410
        assert "Zeppelin" not in response.content.decode()
        assert response["Cache-Control"] == "private, no-store"


# The public forms anyone may post write rows no public page shows: they must leave the page cache alone, or
# anyone could empty it at will, and whether a cached page is still served (a hit is much faster than a
# render) would tell a stranger that the address typed is a confirmed subscriber or a known journalist, the
# only addresses for which nothing is written.

def test_alert_subscriptions_and_accreditation_requests_leave_the_page_cache_alone(
        client, make_topic, make_release, django_capture_on_commit_callbacks):
    topic = make_topic("Hearings", slug="hearings")
    make_release(topics=[topic])
    before = content_version()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(ALERTS_URL, {**ALERTS_FORM, "email": "new@example.org", "scope": "topics", "topics": [topic.pk]})
        client.post(ACCREDITATION_URL, ACCREDITATION_FORM)
    subscription = alerts.AlertSubscription.objects.get()
    subscription = alerts.confirm_subscription(subscription_id=subscription.pk, nonce=subscription.confirm_nonce)
    alerts.update_subscription(subscription=subscription, all_releases=True, conferences=True)
    alerts.unsubscribe(subscription_id=subscription.pk, nonce=subscription.manage_nonce)

    assert Accreditation.objects.count() == 1
    assert content_version() == before


def test_an_embargoed_releases_language_versions_leak_nowhere_before_its_time(client, settings, make_release,
                                                                              make_topic, make_person, make_event,
                                                                              press_officer):
    settings.PAGE_CACHE_SECONDS = 600
    release, copies, ann, _bob = _embargoed_with_copies(make_release, make_topic, make_person, make_event,
                                                        press_officer)
    make_release_version(release, "ru", slug="zeppelin-ru", title="Цеппелин", standfirst="Цеппелин вводка.")
    make_release_version(release, "kk", slug="zeppelin-kk", title="Цеппелин kk", standfirst="Цеппелин kk.")
    for prefix in ("/ru", "/kk"):  # a journalist reads it first in each language: none of it may be kept
        response = client.get(prefix + copies[ann].get_absolute_url())
        assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"

    event_path = release.events.get().get_absolute_url()
    for prefix in ("/ru", "/kk"):
        urls = ["/", "/press/", "/press/feed/rss/", "/press/feed/atom/", "/press/search/?q=Цеппелин", "/events/",
                "/events/calendar.ics", "/events/feed/", "/press/alerts/", "/press/accreditation/", event_path]
        for url in urls:
            response = client.get(prefix + url)
            assert response.status_code == 200, prefix + url
            body = response.content.decode()
            for word in ("zeppelin-embargo", "zeppelin-ru", "zeppelin-kk", "zeppelin-beat", "zeppelin-witness",
                         "Zeppelin embargo", "вводка"):
                assert word not in body, (prefix + url, word)
        for url in ("/press/zeppelin-embargo/", "/press/zeppelin-ru/", "/press/zeppelin-kk/",
                    "/press/zeppelin-ru/pdf/", "/press/zeppelin-embargo/pdf/", "/press/zeppelin-ru/history/",
                    "/press/topics/zeppelin-beat/", "/commission/people/zeppelin-witness/"):
            assert client.get(prefix + url).status_code == 404, prefix + url
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "zeppelin" not in sitemap
