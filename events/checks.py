from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from commission.web.ratelimit import parse_rate, register_rate_setting
from commission.web.times import TIME_STYLES

# Counted in the cache per visitor and per email address (events/views.py); check --deploy wants a shared cache.
register_rate_setting("REGISTRATION_RATE")


@register()
def check_time_style(app_configs, **kwargs):
    style = getattr(settings, "TIME_STYLE", "12h")
    if style in TIME_STYLES:
        return []
    return [Error(f"TIME_STYLE is {style!r}.", hint=f"Use one of: {', '.join(TIME_STYLES)}.", id="events.E001")]


@register()
def check_registration_settings(app_configs, **kwargs):
    errors = []
    try:
        parse_rate(getattr(settings, "REGISTRATION_RATE", ""), name="REGISTRATION_RATE")
    except ImproperlyConfigured as error:
        errors.append(Error(str(error), id="events.E002"))
    days = getattr(settings, "REGISTRATION_RETENTION_DAYS", 180)
    if not isinstance(days, int) or days < 1:
        errors.append(Error(f"REGISTRATION_RETENTION_DAYS is {days!r}.", hint="Use a whole number of days, 1 or more.",
                            id="events.E003"))
    return errors
