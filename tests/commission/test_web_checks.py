"""The infrastructure's checks that run at every start (the deploy checks: tests/test_security.py, and the shared
cache's in tests/commission/test_web_cache.py)."""

import pytest
from django.core.checks import run_checks

pytestmark = pytest.mark.django_db  # Django's own model checks ask the database what it supports


def test_a_form_rate_that_is_not_a_rate_is_an_error_naming_the_setting(settings):
    settings.REGISTRATION_RATE = "lots"

    assert [(error.id, error.msg) for error in run_checks() if error.id.startswith("commission.")] == [
        ("commission.E006", "REGISTRATION_RATE is 'lots': use a number per period, e.g. 10/h (per s, m, h or d), "
                            "or 0 for no limit.")]


@pytest.mark.parametrize("rate", ["10/h", "0"])
def test_a_rate_or_no_limit_passes(settings, rate):
    settings.REGISTRATION_RATE = rate

    assert [error.id for error in run_checks() if error.id.startswith("commission.")] == []
