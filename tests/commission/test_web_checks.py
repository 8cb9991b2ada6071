"""The infrastructure's checks that run at every start (the deploy checks: tests/test_security.py)."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError


def test_a_form_rate_that_is_not_a_rate_stops_every_command_naming_the_setting(settings):
    settings.REGISTRATION_RATE = "lots"

    with pytest.raises(SystemCheckError) as refused:
        call_command("check")

    assert "(commission.E006) REGISTRATION_RATE is 'lots': use a number per period, e.g. 10/h" in str(refused.value)


@pytest.mark.parametrize("rate", ["10/h", "0"])
def test_a_rate_or_no_limit_passes(settings, rate):
    settings.REGISTRATION_RATE = rate

    call_command("check")
