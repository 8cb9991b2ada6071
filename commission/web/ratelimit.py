"""Fixed-window rate limits kept in Django's cache, so every app server shares them (exact counts on the default
file cache and on Redis: commission/web/versions.py).

A rate is written ``10/h`` (also ``/s``, ``/m``, ``/d``); ``0`` or an empty
value means no limit. Keys are hashed, so no address or email is stored in
the cache in clear.
"""

import hashlib
import ipaddress
import re
import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render

from commission.web import versions

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(s|m|h|d)\s*$")
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# Settings that hold a rate counted here, registered by the modules that read them (commission/web/checks.py checks
# each, and check --deploy wants a shared cache while one sets a limit).
_RATE_SETTINGS: list[str] = []
# The rate of every public form that emails (registration, accreditation, alerts): ``submission_refused``.
FORM_RATE_SETTING = "REGISTRATION_RATE"


def parse_rate(value: str, *, name: str = "rate") -> tuple[int, int] | None:
    """``"10/h"`` → ``(10, 3600)``; ``"0"`` or ``""`` → ``None`` (no limit). Raises ``ImproperlyConfigured``."""
    value = (value or "").strip()
    if value in {"", "0"}:
        return None
    match = _RATE.match(value)
    if not match:
        raise ImproperlyConfigured(f"{name} is {value!r}: use a number per period, e.g. 10/h (per s, m, h or d), "
                                   "or 0 for no limit.")
    count, unit = int(match.group(1)), match.group(2)
    return (count, PERIODS[unit]) if count else None


def register_rate_setting(name: str) -> None:
    """Declare that the setting ``name`` holds a rate counted with ``hit``."""
    if name not in _RATE_SETTINGS:
        _RATE_SETTINGS.append(name)


def registered_rates() -> tuple[str, ...]:
    return tuple(_RATE_SETTINGS)


def rates_in_use() -> list[str]:
    """The registered rate settings that set a limit now (a bad value counts as one: its own check reports it)."""
    in_use = []
    for name in _RATE_SETTINGS:
        try:
            if parse_rate(getattr(settings, name, ""), name=name) is None:
                continue
        except ImproperlyConfigured:
            pass
        in_use.append(name)
    return in_use


def client_ip(request) -> str:
    """The visitor's address as the limits count it (form submissions here, admin sign-ins in django-axes);
    behind a reverse proxy, the one the proxy saw (the last X-Forwarded-For entry). An IPv6 address counts as
    its /64 network, written as the network's first address: one subscriber is given a whole /64, and would
    otherwise have 2^64 addresses to try from."""
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            address = forwarded[-1]
    return _counted_as(address)


def _counted_as(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return address
    if ip.ipv4_mapped is not None:  # ::ffff:192.0.2.1, an IPv4 visitor
        return str(ip.ipv4_mapped)
    return str(ipaddress.IPv6Network((ip, 64), strict=False).network_address)


def hit(scope: str, key: str, rate: tuple[int, int] | None) -> int:
    """Count one request for ``key`` in ``scope``. Returns 0 if within the rate, else seconds until it resets."""
    if rate is None:
        return 0
    limit, period = rate
    now = time.time()
    window = int(now // period)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{key}".encode()).hexdigest()[:32]
    count = versions.keeper().count(f"ratelimit:{scope}:{digest}:{window}", period + 1)
    if count <= limit:
        return 0
    return max(1, int((window + 1) * period - now))


def submission_refused(request, scope: str, email: str, message: str):
    """A public form's valid submission, which emails ``email``: counted per visitor address and per email
    address in ``scope``, at the rate ``REGISTRATION_RATE`` sets now; the 429 page past either, else None. A
    submission the form sends back with errors is not counted: it emails nobody, and a person correcting their
    typing, or a newsroom behind one address, must not run out of tries."""
    rate = parse_rate(getattr(settings, FORM_RATE_SETTING), name=FORM_RATE_SETTING)
    for counted, key in ((f"{scope}-ip", client_ip(request)), (f"{scope}-email", email)):
        if wait := hit(counted, key, rate):
            return too_many_requests(request, wait, message)
    return None


register_rate_setting(FORM_RATE_SETTING)


def too_many_requests(request, retry_after: int, message: str):
    """The 429 page a form answers past its rate: ``message`` says what to do, ``Retry-After`` when."""
    response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
