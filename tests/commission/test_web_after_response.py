"""Work run once the response has been sent (commission/web/after_response.py)."""

import logging

from commission.web.after_response import after_response
from tests.request_signals import as_a_request


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
