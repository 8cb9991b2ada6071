"""Work run once the response has been sent (commission/web/after_response.py)."""

import logging

from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from commission.web.after_response import after_response


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


def test_in_a_request_the_work_waits_until_the_response_has_been_sent():
    ran = []

    def body():
        after_response(lambda: ran.append("first"))
        after_response(lambda: ran.append("second"))
        assert ran == []  # the page is not held up

    as_a_request(body)

    assert ran == ["first", "second"]


def test_outside_a_request_the_work_runs_at_once():
    ran = []

    after_response(lambda: ran.append("now"))

    assert ran == ["now"]


def test_a_failing_callback_is_logged_and_the_others_still_run(caplog):
    ran = []

    def fail():
        raise RuntimeError("mail server gone")

    with caplog.at_level(logging.ERROR, logger="commission.web.after_response"):
        as_a_request(lambda: (after_response(fail), after_response(lambda: ran.append("still"))))

    assert ran == ["still"]
    assert "Work done after the response failed." in caplog.text
