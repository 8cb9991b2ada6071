"""A public page printed to PDF by the machine's Chromium, with the page's own print stylesheet.

The page's HTML is written to a temporary folder and opened from there, never fetched from the site: the app
server does not call itself over the network, and a PDF is made the same whatever the proxy in front does.
Static files and local media are given to Chromium as files; every host name fails to resolve, so nothing the
page names (an image on a bucket, a link's target) is fetched: what is not local is left out.

Each printed version is made once: it is kept in the cache under a digest of the HTML it was printed from, so a
page that prints the same as before is served from the cache, and any change to what it prints (its own text, a
contact's number, a translation) prints it anew. While one process prints a version, the others wait for it
(``versions.keeper().lock``, the page cache's render-once lock), in every process and on every machine; and at
most ``PRINT_SLOTS`` Chromiums print at once on the whole site.
"""

import contextlib
import hashlib
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.middleware.csp import get_nonce
from django.template.loader import render_to_string

from commission.web import versions
from commission.web.links import absolute_url

logger = logging.getLogger(__name__)

# Looked for on PATH, in this order, when CHROMIUM_PATH is not set.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Longest one print may take (a release prints in about a second); Chromium, and every process it started, is
# killed after it.
PRINT_SECONDS = 20
# Longest a download may spend on its PDF in all, waiting for another process's print or a free slot included:
# below gunicorn's default 30-second worker timeout, so a worker is never killed with a Chromium left running.
# The locks a download takes live a little longer than this, so none expires while its holder still prints.
REQUEST_SECONDS = 25
LOCK_SECONDS = REQUEST_SECONDS + 5
# How long a printed version is kept; a new version is printed anyway, so this only bounds what is kept.
KEEP_SECONDS = 7 * 24 * 3600
WAIT_POLL_SECONDS = 0.1
# Chromiums printing at once on the whole site (each takes some hundred megabytes and a CPU): a request for a
# page not printed yet waits this long for a free one, then gets the "try again" page (503).
PRINT_SLOTS = 2
SLOT_WAIT_SECONDS = 5
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--disable-sync",
    "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
    "--mute-audio", "--no-pdf-header-footer",
    # No network at all: every host name fails to resolve, and whatever still tries goes to a dead proxy.
    "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
)
_URL_ATTRIBUTE = re.compile(r'\b(src|srcset|href)="([^"]*)"')
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")


class PrintFailed(Exception):
    """Chromium could not print the page (missing, crashed, too slow, or printed no PDF)."""


@dataclass(frozen=True)
class Printed:
    content: bytes
    etag: str


def chromium_path() -> str | None:
    """The Chromium to print with: CHROMIUM_PATH if set (and executable), else the first found on PATH."""
    configured = settings.CHROMIUM_PATH
    if configured:
        return configured if os.path.isfile(configured) and os.access(configured, os.X_OK) else None
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def available() -> bool:
    return chromium_path() is not None


def printable_html(request, template: str, context: dict) -> str:
    """The page as ``request`` would render it, without its per-response CSP nonce or messages: the same page
    prints to the same HTML, whoever asks and whenever."""
    # Without the visitor's flash messages: they would be used up here, printed, and make another digest.
    html = render_to_string(template, {**context, "messages": ()}, request=request)
    nonce = get_nonce(request)
    return html.replace(str(nonce), "") if nonce else html


def print_once(html: str) -> Printed:
    """The PDF of ``html``: from the cache if this exact HTML was printed before, else printed now, by one
    process only. Raises ``PrintFailed`` if Chromium fails, or when REQUEST_SECONDS would not be enough."""
    digest = hashlib.sha256(html.encode()).hexdigest()
    key = f"printed-pdf:{digest}"
    etag = f'"{digest[:32]}"'
    content = cache.get(key)
    if content is not None:
        return Printed(content, etag)
    lock = f"{key}:printing"
    keeper = versions.keeper()
    deadline = time.monotonic() + REQUEST_SECONDS
    while not keeper.lock(lock, LOCK_SECONDS):
        if time.monotonic() >= deadline:
            raise PrintFailed("another process is still printing this page")
        time.sleep(WAIT_POLL_SECONDS)
        content = cache.get(key)
        if content is not None:
            return Printed(content, etag)
    try:
        content = cache.get(key)  # printed by the process that held the lock just before
        if content is None:
            with _print_slot(keeper, until=min(time.monotonic() + SLOT_WAIT_SECONDS, deadline)):
                content = html_to_pdf(html, seconds=min(PRINT_SECONDS, deadline - time.monotonic()))
            cache.set(key, content, timeout=KEEP_SECONDS)
    finally:
        keeper.unlock(lock)
    return Printed(content, etag)


@contextlib.contextmanager
def _print_slot(keeper, *, until: float):
    """One of the PRINT_SLOTS, waited for until ``until`` (a ``time.monotonic()``); else ``PrintFailed``.
    Without it, anyone asking for many releases' PDFs at once would start as many Chromiums."""
    names = [f"printed-pdf:slot:{number}" for number in range(PRINT_SLOTS)]
    while (taken := next((name for name in names if keeper.lock(name, LOCK_SECONDS)), None)) is None:
        if time.monotonic() >= until:
            raise PrintFailed(f"{PRINT_SLOTS} pages are being printed already")
        time.sleep(WAIT_POLL_SECONDS)
    try:
        yield
    finally:
        keeper.unlock(taken)


def html_to_pdf(html: str, *, seconds: float = PRINT_SECONDS) -> bytes:
    """Print ``html`` with Chromium's print stylesheet and page size, in at most ``seconds``; raises
    ``PrintFailed``."""
    if seconds < 1:
        raise PrintFailed("no time left to print in this request")
    chromium = chromium_path()
    if chromium is None:
        raise PrintFailed("no Chromium found (set CHROMIUM_PATH)")
    with tempfile.TemporaryDirectory(prefix="print-") as folder:
        page, pdf = Path(folder) / "page.html", Path(folder) / "page.pdf"
        page.write_text(_local_assets(html), encoding="utf-8")
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={Path(folder) / 'profile'}",
                   f"--print-to-pdf={pdf}", page.as_uri()]
        started = time.monotonic()
        _run(command, seconds)
        content = pdf.read_bytes() if pdf.exists() else b""
    if not content.startswith(b"%PDF-"):
        raise PrintFailed("Chromium printed no PDF")
    logger.info("Printed a page to PDF (%d bytes) in %.2f s", len(content), time.monotonic() - started)
    return content


def _run(command: list[str], seconds: float) -> None:
    # A session of its own, so that a timeout kills Chromium's renderer and GPU processes too, not only the first.
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, start_new_session=True)
    try:
        _out, errors = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise PrintFailed(f"Chromium took longer than {seconds:.0f} s") from None
    if process.returncode != 0:
        raise PrintFailed(f"Chromium exited with {process.returncode}: {errors.decode(errors='replace')[-500:]}")


def _local_assets(html: str) -> str:
    """``html`` with its static files and local media as file addresses, and a base address of SITE_URL, so
    that links within the site still lead there from the PDF (a print stylesheet that prints the addresses of
    external links sees them as written, relative)."""
    html = _TAG.sub(_localise_tag, html)
    return html.replace("<head>", f'<head><base href="{absolute_url("/")}">', 1)


def _localise_tag(match: re.Match) -> str:
    # Only what Chromium loads (a stylesheet, an image) becomes a file: a link's href stays the site's address,
    # else the PDF would hand its readers dead file:/// links naming the server's folders.
    loads_href = match.group(1).lower() == "link"
    return _URL_ATTRIBUTE.sub(
        lambda found: _localise_attribute(found) if loads_href or found.group(1) != "href" else found.group(0),
        match.group(0))


def _localise_attribute(match: re.Match) -> str:
    name, value = match.groups()
    if name == "srcset":
        parts = [candidate.strip().split(" ", 1) for candidate in value.split(",") if candidate.strip()]
        value = ", ".join(" ".join([_local_file(url), *rest]) for url, *rest in parts)
    else:
        value = _local_file(value)
    return f'{name}="{value}"'


def _local_file(url: str) -> str:
    """The file address of a static file or a local medium at ``url``, else ``url`` unchanged."""
    path = unquote(urlsplit(url).path)
    for prefix, locate in ((_prefix(settings.STATIC_URL), _static_file), (_prefix(settings.MEDIA_URL), _media_file)):
        if prefix and path.startswith(prefix):
            found = locate(path.removeprefix(prefix))
            if found:
                return Path(found).resolve().as_uri()
    return url


def _prefix(url: str | None) -> str:
    if not url:
        return ""
    return url if url.startswith("/") else "/" + url


def _static_file(name: str) -> str | None:
    try:
        found = staticfiles_storage.path(name)  # collected (with hashed names under the manifest storage)
    except NotImplementedError:
        found = None
    if found and os.path.isfile(found):
        return found
    return finders.find(name)  # the source folders, as with DEBUG or the test settings


def _media_file(name: str) -> str | None:
    try:
        found = default_storage.path(name)
    except NotImplementedError:  # a bucket: not fetched, left out
        return None
    return found if os.path.isfile(found) else None
