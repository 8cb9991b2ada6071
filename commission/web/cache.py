"""The public page cache: whole responses, shared by every app server through Django's cache.

Every public page is rendered once per *content version*. Saving or deleting
any content row bumps the version, so the next request renders afresh; a
page whose content changes with time (a release's ``publish_at`` arriving, an
event starting) is cached only until the next such instant, which each app
reports through ``register_time_boundary``. Registrations and logs are not
content and do not bump the version.

The version itself, and how each process learns that it changed without asking the
cache server at every request, is commission/web/versions.py.

Two halves share the rules below. ``FetchPublicPageMiddleware``, early in
settings.MIDDLEWARE, serves a stored page before sessions, CSRF, auth and
messages run. Each process keeps the pages it served last (``RECENT_PAGES``,
under the version they were rendered at), so a hit on a page it has seen at the
current version costs no round trip at all; others are read from the shared
cache. On a miss the request goes on to the view, whose ``public_page``
decorator renders the page and stores it (and, without the middleware, looks up
and serves hits itself). When many requests for one page arrive at once after an
edit, one renders it and the others, in every process, wait for it briefly.

Data every page shows (the site's commission in the header and footer) can be
kept once per content version too (``per_content_version``), so a page that is
rendered afresh does not read it again.

A page is stored once per address, and its address is its path with the query parameters its view
reads (``public_page(reads=...)``): a request that adds others (``utm_source``, ``fbclid``, or made-up
ones to fill the cache) is sent to the address without them by a permanent redirect, so no made-up
query is ever rendered or stored for the public, and no stored page's links (language switcher, pager)
carry one.

Responses carry an ETag computed from the cached body, so a client that has
the page gets a 304. The CSP nonce differs per response: pages are stored
with a placeholder where the nonce was, replaced on the way out.
"""

import datetime
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import partial, wraps
from urllib.parse import unquote_plus

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.middleware.csp import get_nonce
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.encoding import escape_uri_path

from commission.web import versions
from commission.web.versions import VERSION_KEY  # noqa: F401 — part of this module's interface

logger = logging.getLogger(__name__)
NONCE_PLACEHOLDER = "csp-nonce-placeholder"
# Data kept per content version: an edit through the ORM replaces it at once; one behind its back (an
# update(), raw SQL) shows within this time, as a cached page does with the default PAGE_CACHE_SECONDS.
DATA_SECONDS = 600
# Pages each process keeps in its memory, each under the version it was rendered at: never served once the
# version has moved on, so these are copies of the shared cache, not state of their own.
RECENT_PAGES = 100
# Render once: the others wait this long for the page, checking every RENDER_POLL_SECONDS, then render it
# themselves; a lock left by a process that died is ignored after RENDER_LOCK_SECONDS.
RENDER_WAIT_SECONDS = 2.0
RENDER_POLL_SECONDS = 0.01
RENDER_LOCK_SECONDS = 10

# What the apps told us in their ready(): which apps' rows are shown on public pages, which of their models
# are not, and when a page changes by itself. Registered once at start-up, read only afterwards.
_content_apps: set[str] = set()
_not_content: set[str] = set()
_time_boundaries: list[Callable[[datetime.datetime], datetime.datetime | None]] = []


def register_content(app_label: str, *, not_content: tuple[str, ...] = ()) -> None:
    """Declare that saving or deleting a row of ``app_label`` changes public pages, except for the models
    named in ``not_content`` (lower-case model names: logs, sign-ups, anything no public page shows)."""
    _content_apps.add(app_label)
    _not_content.update(f"{app_label}.{name}" for name in not_content)


def register_time_boundary(next_change: Callable[[datetime.datetime], datetime.datetime | None]) -> None:
    """Register ``next_change(now)``: the next instant after ``now`` when a public page changes by itself."""
    _time_boundaries.append(next_change)


def is_content(model) -> bool:
    return model._meta.app_label in _content_apps and model._meta.label_lower not in _not_content


def content_version() -> int:
    return versions.keeper().current()


def bump_content_version(sender=None, using=None, **kwargs) -> None:
    """Signal receiver: a content row changed, so every cached page is stale.

    Bumped at once, and again when the transaction commits: until then other app servers still read
    the old rows, and a page they render meanwhile would be kept under the new version.
    """
    if sender is not None and not is_content(sender):
        return
    if kwargs.get("action", "").startswith("pre_"):
        return  # m2m_changed also fires before the rows change; its post_ twin follows
    _bump()
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(_bump, using=using)


def _bump() -> None:
    versions.keeper().bump()


def per_content_version(name: str, load: Callable[[], object], *, changes_with_time: bool = False):
    """``load()``'s result, kept in the cache until the next edit (or ``DATA_SECONDS``), whatever
    PAGE_CACHE_SECONDS says: it is data for rendering, not a rendered page. ``None`` is not kept.

    ``changes_with_time``: what ``load()`` reads changes by itself at the apps' time boundaries too (a
    scheduled release going public), so it is also kept only until the next one, as a page is."""
    version = content_version()
    key = f"public-pages:{version}:{name}"
    if changes_with_time:
        boundary = _next_boundary(version, timezone.now())
        key += f":{boundary.isoformat() if boundary else 'none'}"
    value = cache.get(key)
    if value is None:
        value = load()
        if value is not None:
            cache.set(key, value, timeout=DATA_SECONDS)
    return value


def _next_boundary(version: int, now) -> datetime.datetime | None:
    """The next instant a public page changes by itself; asked of the apps once per content version."""
    key = f"public-pages:{version}:next-boundary"
    cached = cache.get(key)
    if cached is not None and (cached == "none" or cached > now):
        return None if cached == "none" else cached
    instants = [at for at in (next_change(now) for next_change in _time_boundaries) if at is not None]
    boundary = min(instants, default=None)
    cache.set(key, boundary or "none", timeout=DATA_SECONDS)
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
    return body.replace(NONCE_PLACEHOLDER.encode(), str(get_nonce(request)).encode())


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

    Once per request: the result is kept on the request, so the decorator reuses what the middleware found
    instead of asking again on a miss.
    """
    found = getattr(request, "_public_page_lookup", None)
    if found is None:
        key = "public-pages:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
        version = content_version()
        found = request._public_page_lookup = (key, version, _stored(key, version))
    return found


_recent: OrderedDict[str, dict] = OrderedDict()
_recent_guard = threading.Lock()  # runserver serves requests in threads


def _stored(key: str, version: int) -> dict | None:
    """The page stored under ``key`` at ``version`` and not expired: this process's copy, else the cache's."""
    with _recent_guard:
        entry = _recent.get(key)
        if entry is not None and entry["version"] == version and entry.get("expires", 0) > time.time():
            _recent.move_to_end(key)
            return entry
    entry = cache.get(key)
    if entry is None or entry["version"] != version:
        return None  # stored before the last edit
    _remember(key, entry)
    return entry


def _remember(key: str, entry: dict) -> None:
    with _recent_guard:
        _recent[key] = entry
        _recent.move_to_end(key)
        while len(_recent) > RECENT_PAGES:
            _recent.popitem(last=False)


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


def public_page(view=None, *, reads: Iterable[str] = ()):
    """Cache an anonymous visitor's GET of a public page, with ETag and per-response CSP nonce.

    ``reads``: the query parameters the view reads (``@public_page(reads=("page",))``); a bare
    ``@public_page`` reads none. An anonymous visitor's request with any other parameter is redirected to
    the address without it (``_address_read``). Renders and stores the page on a miss; serves a hit itself when
    ``FetchPublicPageMiddleware`` has not (a view called without the middleware, as some tests do).
    """
    if view is None:
        return partial(public_page, reads=reads)
    reads = frozenset(reads)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable(request):
            return _revalidated(view(request, *args, **kwargs))
        address = _address_read(request, reads)
        if address is not None:
            redirect = HttpResponsePermanentRedirect(address)
            # Kept by browsers a day, not for ever as a 301 without a lifetime is: a view may come to read more.
            patch_cache_control(redirect, max_age=86400)
            return redirect
        key, version, entry = _lookup(request)
        if entry is not None:
            return _response(request, entry)
        lock = f"{key}:{version}:rendering"
        locked = _wait_for_render(key, version, lock)
        if isinstance(locked, dict):
            return _response(request, locked)
        try:
            response, entry = _render(request, view, args, kwargs, version)
            if entry is not None:
                cache.set(key, entry, timeout=entry.pop("timeout"))
                _remember(key, entry)
        finally:
            if locked:
                versions.keeper().unlock(lock)
        return _revalidated(response) if entry is None else _response(request, entry)

    return wrapped


def _address_read(request, reads: frozenset[str]) -> str | None:
    """This request's address with only the query parameters in ``reads``, as they were sent (same order,
    repeats and blank values kept), when the query string holds anything else; None when it does not.

    Every parameter a view does not read would otherwise make another page to render and store, and the
    stored page would carry it in every link that keeps the query string (language switcher, pager)."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return None
    pieces = query.split("&")
    kept = [piece for piece in pieces if piece and unquote_plus(piece.partition("=")[0]) in reads]
    if len(kept) == len(pieces):
        return None
    path = escape_uri_path(request.path)
    return f"{path}?{'&'.join(kept)}" if kept else path


def _revalidated(response: HttpResponse) -> HttpResponse:
    """A public page not served from the page cache says, as a cached one does, to ask again each time: without
    it, a browser or a proxy guesses a lifetime from ``Last-Modified`` (a feed of 2023: months)."""
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, max_age=0, must_revalidate=True)
    return response


def _wait_for_render(key: str, version: int, lock: str) -> dict | bool:
    """Take the lock to render this page at this version (True), or the page another process rendered
    meanwhile; after RENDER_WAIT_SECONDS without either, render without the lock (False)."""
    keeper = versions.keeper()
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    waited = False
    while True:
        if keeper.lock(lock, RENDER_LOCK_SECONDS):
            # After waiting, the process that just let go of the lock may have stored the page.
            entry = _stored(key, version) if waited else None
            if entry is None:
                return True
            keeper.unlock(lock)
            return entry
        waited = True
        if time.monotonic() >= deadline:
            return False
        time.sleep(RENDER_POLL_SECONDS)
        entry = _stored(key, version)
        if entry is not None:
            return entry


def _render(request, view, args, kwargs, version: int) -> tuple[HttpResponse, dict | None]:
    """The view's response, and the entry to store for it (None for a response that is not kept)."""
    logger.debug("Rendering %s at content version %s", request.get_full_path(), version)
    # Before rendering: a release going public while the page renders must end this entry's life.
    rendered_at = timezone.now()
    response = view(request, *args, **kwargs)
    if hasattr(response, "render"):
        response.render()
    if response.status_code != 200 or response.streaming:
        return response, None
    # Stored with a placeholder where this response's nonce is (a random 22 characters), swapped on the way out.
    content = response.content
    nonce = get_nonce(request)
    if nonce is not None:
        content = content.replace(str(nonce).encode(), NONCE_PLACEHOLDER.encode())
    timeout = _seconds_to_next_boundary(version, rendered_at)
    return response, {
        "version": version,
        "content": content,
        "headers": dict(response.items()),  # the view's own: type, disposition, robots
        "etag": f'"{hashlib.sha256(content).hexdigest()[:32]}"',
        "expires": time.time() + timeout,
        "timeout": timeout,
    }
