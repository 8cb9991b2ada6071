"""The events app's setting checks (events/checks.py)."""

from events.checks import check_registration_settings


def test_registration_retention_is_checked(settings):
    settings.REGISTRATION_RETENTION_DAYS = 0

    assert [error.id for error in check_registration_settings(None)] == ["events.E003"]
