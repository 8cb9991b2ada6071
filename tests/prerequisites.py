"""What a test needs from the machine (a browser, PostgreSQL, Redis, the HTML checker), and what happens without it.

Outside CI a test whose prerequisite is missing is skipped, the reason printed by ``-ra``. In CI (``CI=true``) it
fails, naming the install step to add to ``.ci/run``: a suite that silently skips there proves nothing.
"""

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def skip_or_fail(missing: str, install: str) -> None:
    """Skip (or, in CI, fail) the running test: ``missing`` says what is absent, ``install`` how to get it."""
    if in_ci():
        pytest.fail(f"{missing}; CI must provide it: add `{install}` to .ci/run", pytrace=False)
    pytest.skip(f"{missing}; install it with `{install}`")
