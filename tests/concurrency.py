"""Running calls at the same time, for the tests of rules that must hold under real concurrency (PostgreSQL)."""

import threading

from django.db import connection


def run_together(calls):
    """Run every call in its own thread, all released at once; return (results, errors)."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []
    lock = threading.Lock()

    def run(call):
        try:
            barrier.wait()
            result = call()
            with lock:
                results.append(result)
        except Exception as error:  # noqa: BLE001 — every error is the test's business
            with lock:
                errors.append(error)
        finally:
            connection.close()  # each thread has its own connection: close it here

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors
