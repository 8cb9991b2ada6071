"""Running code as if in a request, between the signals Django sends around one (for the tests of work that
waits for the response: commission/web/after_response.py and what uses it)."""

from django.core.signals import request_finished, request_started
from django.db import close_old_connections


def as_a_request(body):
    """Run ``body`` between the signals a WSGI request sends, as the test client does (without closing the
    test database's connection at the end)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
        body()
        request_finished.send(sender=None)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
