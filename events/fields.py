"""A time zone as a model field and as a form field: an IANA name the installed tzdata knows.

Both live here so that models and forms import them, and neither imports the other.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from events import timezones

UNKNOWN_ZONE_MESSAGE = _(
    "“%(value)s” is not a time zone name this server knows. Use an IANA name such as Europe/London."
)


def validate_zone_name(value):
    if not timezones.is_zone_name(value):
        raise ValidationError(UNKNOWN_ZONE_MESSAGE, code="unknown_zone", params={"value": value})


def zone_choices_with_blank():
    return [("", "---------"), *timezones.zone_choices()]


class TimeZoneFormField(forms.ChoiceField):
    """A select of the IANA zone names known to this server; anything else is refused with a field error."""

    default_error_messages = {"invalid_choice": UNKNOWN_ZONE_MESSAGE}

    def __init__(self, *, max_length=None, empty_value=None, **kwargs):
        # A callable, so the list follows the installed tzdata. The blank first option keeps an untouched
        # extra inline row empty (and unchanged) instead of preselecting Africa/Abidjan.
        super().__init__(choices=zone_choices_with_blank, **kwargs)


class TimeZoneField(models.CharField):
    """An IANA zone name (``Asia/Almaty``), refused unless the installed tzdata knows it."""

    default_validators = [validate_zone_name]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": TimeZoneFormField, **kwargs})
