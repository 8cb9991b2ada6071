from django.conf import settings
from django.core.checks import Error, register

from commission.web.times import TIME_STYLES


@register()
def check_time_style(app_configs, **kwargs):
    style = getattr(settings, "TIME_STYLE", "12h")
    if style in TIME_STYLES:
        return []
    return [Error(f"TIME_STYLE is {style!r}.", hint=f"Use one of: {', '.join(TIME_STYLES)}.", id="events.E001")]


@register()
def check_registration_settings(app_configs, **kwargs):
    days = getattr(settings, "REGISTRATION_RETENTION_DAYS", 180)
    if not isinstance(days, int) or days < 1:
        return [Error(f"REGISTRATION_RETENTION_DAYS is {days!r}.", hint="Use a whole number of days, 1 or more.",
                      id="events.E003")]
    return []
