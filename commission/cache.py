"""The public page cache: whole responses, shared by every app server through Django's cache.

Every public page is rendered once per *content version*. Saving or deleting
any content row bumps the version, so the next request renders afresh; a
page whose content changes with time (a release's ``publish_at`` arriving, an
event starting) is cached only until the next such instant, which each app
reports through ``register_time_boundary``. Registrations and logs are not
content and do not bump the version.

Two halves share the rules below. ``FetchPublicPageMiddleware``, early in
settings.MIDDLEWARE, serves a stored page before sessions, CSRF, auth and
messages run, so a hit costs one cache round trip. On a miss the request goes
on to the view, whose ``public_page`` decorator renders the page and stores
it (and, without the middleware, looks up and serves hits itself).

The site's commission and its media contacts, shown in every page's header
and footer, are read from the database once per content version too
(``current_commission``), so a page that is rendered afresh does not read them.

Responses carry an ETag computed from the cached body, so a client that has
the page gets a 304. The CSP nonce differs per response: pages are rendered
with a placeholder that is replaced on the way out.
"""

import datetime
import hashlib
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from commission.models import Commission

VERSION_KEY = "public-pages:version"
NONCE_PLACEHOLDER = "csp-nonce-placeholder"
# An edit through the ORM replaces the kept commission at once; one behind its back (an update(), raw SQL)
# shows within this time, as a cached page does with the default PAGE_CACHE_SECONDS.
COMMISSION_SECONDS = 600

# Models whose rows are not shown on public pages (or change too often to matter).
NOT_CONTENT = {
    "admin.logentry", "sessions.session", "contenttypes.contenttype", "auth.permission",
    "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog",
    "django_tasks_db.dbtaskresult",
    # Preview links and their use log are for staff and reviewers: opening a preview must not empty the cache.
    "press.previewlink", "press.previewlinkuse",
    # Sign-ups change no public page (seats left are shown only on the uncached registration form).
    "events.registration",
}
CONTENT_APPS = {"commission", "press", "events"}

_time_boundaries: list[Callable[[datetime.datetime], datetime.datetime | None]] = []


def register_time_boundary(next_change: Callable[[datetime.datetime], datetime.datetime | None]) -> None:
    """Register ``next_change(now)``: the next instant after ``now`` when a public page changes by itself."""
    _time_boundaries.append(next_change)


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Lost or never set: start from the clock, so no entry kept under an earlier count matches.
        cache.add(VERSION_KEY, _fresh_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _fresh_version() -> int:
    return time.time_ns() // 1000


def bump_content_version(sender=None, using=None, **kwargs) -> None:
    """Signal receiver: a content row changed, so every cached page is stale.

    Bumped at once, and again when the transaction commits: until then other app servers still read
    the old rows, and a page they render meanwhile would be kept under the new version.
    """
    if sender is not None and (
        sender._meta.app_label not in CONTENT_APPS or sender._meta.label_lower in NOT_CONTENT
    ):
        return
    if kwargs.get("action", "").startswith("pre_"):
        return  # m2m_changed also fires before the rows change; its post_ twin follows
    _bump()
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(_bump, using=using)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value differs from the old keys
        cache.set(VERSION_KEY, _fresh_version(), timeout=None)


def current_commission(request=None):
    """The commission the site speaks for, with its media contacts, read once per content version.

    Every page shows it (header, footer); an edit bumps the version, so it is never stale. Kept
    whatever PAGE_CACHE_SECONDS says: it is data for rendering, not a rendered page. Given the
    request, it is read once for that request, however many parts of the page ask.
    """
    if request is not None and hasattr(request, "_site_commission"):
        return request._site_commission
    key = f"public-pages:{content_version()}:commission"
    commission = cache.get(key)
    if commission is None:
        commission = Commission.objects.current()
        if commission is not None:  # none yet is a site being set up: ask again next time
            cache.set(key, commission, timeout=COMMISSION_SECONDS)
    if request is not None:
        request._site_commission = commission
    return commission


def _next_boundary(version: int, now) -> datetime.datetime | None:
    """The next instant a public page changes by itself; asked of the apps once per content version."""
    key = f"public-pages:{version}:next-boundary"
    cached = cache.get(key)
    if cached is not None and (cached == "none" or cached > now):
        return None if cached == "none" else cached
    instants = [at for at in (next_change(now) for next_change in _time_boundaries) if at is not None]
    boundary = min(instants, default=None)
    cache.set(key, boundary or "none", timeout=settings.PAGE_CACHE_SECONDS)
    return boundary


def _seconds_to_next_boundary(version: int, now) -> int:
    timeout = settings.PAGE_CACHE_SECONDS
    boundary = _next_boundary(version, now)
    if boundary is not None:
        timeout = min(timeout, max(1, int((boundary - now).total_seconds()) + 1))
    return timeout


def _with_nonce(request, body: bytes) -> bytes:
    if NONCE_PLACEHOLDER.encode() not in body:
        return body
    nonce = getattr(request, "_csp_nonce", None)
    return body.replace(NONCE_PLACEHOLDER.encode(), str(nonce).encode())


def _cacheable(request) -> bool:
    """Whether this request gets the page everyone shares: an anonymous visitor's GET or HEAD."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in {"GET", "HEAD"}
        # Signed-in staff and visitors with a pending message see their own page.
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _lookup(request) -> tuple[str, int, dict | None]:
    """This request's cache key, the current content version, and the page stored under the key if still current.

    One round trip to the cache for the version and the page, once per request: the result is kept on the
    request, so the decorator reuses what the middleware found instead of asking again on a miss.
    """
    found = getattr(request, "_public_page_lookup", None)
    if found is None:
        key = "public-pages:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
        stored = cache.get_many([VERSION_KEY, key])
        version = stored.get(VERSION_KEY) or content_version()
        entry = stored.get(key)
        if entry is not None and entry["version"] != version:
            entry = None  # stored before the last edit
        found = request._public_page_lookup = (key, version, entry)
    return found


def _response(request, entry: dict) -> HttpResponse:
    """The stored page for this request: its own nonce, the view's headers, the ETag, revalidated every time."""
    response = HttpResponse(_with_nonce(request, entry["content"]), headers=entry["headers"])
    response["ETag"] = entry["etag"]
    # Set here, after the nonce swap, as CommonMiddleware would: a hit served early never reaches it.
    response["Content-Length"] = str(len(response.content))
    patch_cache_control(response, max_age=0, must_revalidate=True)
    return response


class FetchPublicPageMiddleware:
    """Serve a stored public page before the rest of the middleware runs; on a miss, go on to the view.

    Its place in settings.MIDDLEWARE: below the middleware a cached page still needs (security headers and
    the HTTPS redirect, conditional GET, X-Frame-Options, CSP, whose ``process_request`` makes the nonce
    swapped in here), above sessions, CSRF, auth and messages, which a page shared by every anonymous
    visitor has no use for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _cacheable(request):
            # A Host not in ALLOWED_HOSTS raises DisallowedHost (a 400), as CommonMiddleware below would.
            request.get_host()
            _key, _version, entry = _lookup(request)
            if entry is not None:
                return _response(request, entry)
        return self.get_response(request)


def public_page(view):
    """Cache an anonymous visitor's GET of a public page, with ETag and per-response CSP nonce.

    Renders and stores the page on a miss; serves a hit itself when ``FetchPublicPageMiddleware`` has not
    (a view called without the middleware, as some tests do).
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key, version, entry = _lookup(request)
        if entry is None:
            # Before rendering: a release going public while the page renders must end this entry's life.
            rendered_at = timezone.now()
            real_nonce = getattr(request, "_csp_nonce", None)
            request._csp_nonce = NONCE_PLACEHOLDER
            try:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render"):
                    response.render()
            finally:
                request._csp_nonce = real_nonce
            if response.status_code != 200 or response.streaming:
                response.content = _with_nonce(request, response.content)
                return response
            entry = {
                "version": version,
                "content": response.content,
                "headers": dict(response.items()),  # the view's own: type, disposition, robots
                "etag": f'"{hashlib.sha256(response.content).hexdigest()[:32]}"',
            }
            cache.set(key, entry, timeout=_seconds_to_next_boundary(version, rendered_at))
        return _response(request, entry)

    return wrapped
