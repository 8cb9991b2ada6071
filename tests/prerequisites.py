"""What a test needs from the machine (a browser, PostgreSQL, Redis, the HTML checker), and what happens without it.

Outside CI a test whose prerequisite is missing is skipped, the reason printed by ``-ra``. In CI (``CI=true``) it
fails, naming the install step to add to ``.ci/run``: a suite that silently skips there proves nothing.
"""

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def skip_or_fail(missing: str, step: str) -> None:
    """Skip (or, in CI, fail) the running test: ``missing`` says what is absent, ``step`` the command providing it."""
    if in_ci():
        pytest.fail(f"{missing}; CI must provide it: add `{step}` to .ci/run", pytrace=False)
    pytest.skip(f"{missing}; to run it: `{step}`")
