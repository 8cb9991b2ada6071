"""The task worker as production runs it, in the test's process (so that it sees the test's clock)."""

import signal

from django.core.management import call_command


def run_worker() -> None:
    """``manage.py db_worker --batch --no-startup-delay``: run every task that is due, then stop. The signal
    handlers the worker installs (and leaves after a batch) are put back, so Ctrl-C still stops the test run."""
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
