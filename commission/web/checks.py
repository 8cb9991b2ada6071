"""Checks for the site's infrastructure: its rate settings at every start; at deploy (``manage.py check --deploy``)
its address, the task queue, the cache.

Registered from commission/apps.py. Each looks at settings only, read when the check runs.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from commission.web.links import DEFAULT_SITE_URL
from commission.web.ratelimit import parse_rate, rates_in_use, registered_rates

# Caches that each process keeps for itself (or not at all): pages and counters in one are invisible to the others.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
# Shared, but its incr() is a get() then a set(): not the exact counts and versions commission/web/versions.py keeps.
DATABASE_CACHE = "django.core.cache.backends.db.DatabaseCache"
IMMEDIATE_TASKS = "django.tasks.backends.immediate.ImmediateBackend"


def is_local_host(host: str) -> bool:
    """localhost, a loopback or unspecified address, or a name only the local network knows (``*.local``)."""
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith((".localhost", ".local")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


@register(Tags.urls, deploy=True)
def check_site_url(app_configs, **kwargs):
    site_url = getattr(settings, "SITE_URL", "")
    parts = urlsplit(site_url)
    if is_local_host(parts.hostname or ""):
        which = " (the default)" if site_url == DEFAULT_SITE_URL else ""
        return [Error(
            f"SITE_URL is {site_url}{which}, a local address: links in emails, feeds and calendar files would "
            "lead there.",
            hint="Set SITE_URL to the site's public address, e.g. https://press.example.org.",
            id="commission.E002",
        )]
    if parts.scheme == "http" and getattr(settings, "HTTPS", False):
        return [Error(
            f"SITE_URL is {site_url} while HTTPS is on: links in emails, feeds and calendar files would use "
            "plain HTTP.",
            hint=f"Set SITE_URL to https://{parts.netloc}.",
            id="commission.E003",
        )]
    return []


@register()
def check_rates(app_configs, **kwargs):
    """Every rate setting (commission/web/ratelimit.py) reads as a rate, at every start, not only at deploy."""
    errors = []
    for name in registered_rates():
        try:
            parse_rate(getattr(settings, name, ""), name=name)
        except ImproperlyConfigured as error:
            errors.append(Error(str(error), id="commission.E006"))
    return errors


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_CACHES and backend != DATABASE_CACHE:
        return []
    users = []
    if getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0:
        users.append(f"the page cache (PAGE_CACHE_SECONDS={settings.PAGE_CACHE_SECONDS})")
    users += [f"the rate limit {name}={getattr(settings, name)}" for name in rates_in_use()]
    if not users:
        return []
    hint = ("Leave CACHE_URL unset (files every process on this machine shares), or set it to Redis, which "
            "app servers on several machines share: redis://127.0.0.1:6379/0.")
    if backend == DATABASE_CACHE:
        return [Error(
            f"CACHE_URL gives the database cache, but {' and '.join(users)} use it: it adds one to a number by "
            "reading it and writing it back, so two processes counting at once count one, and two edits saved at "
            "once can leave the pages' version unchanged, so a page one of them changed is served as it was.",
            hint=hint, id="commission.E005",
        )]
    return [Error(
        f"CACHE_URL gives a cache of each process's own ({backend}), but {' and '.join(users)} use it: each app server process would "
        "keep its own pages and counts, so one process serves a page another has changed, and a limit is "
        "multiplied by the number of processes.",
        hint=hint, id="commission.E004",
    )]


@register(deploy=True)
def check_tasks_are_queued(app_configs, **kwargs):
    backend = getattr(settings, "TASKS", {}).get("default", {}).get("BACKEND", "")
    if backend != IMMEDIATE_TASKS:
        return []
    return [Warning(
        "TASKS_BACKEND is immediate: emails are sent inside the request that causes them, which waits for the "
        "mail server, and a failed send is not tried again.",
        hint="Set TASKS_BACKEND=database and run `python manage.py db_worker` beside the app servers.",
        id="commission.W001",
    )]
