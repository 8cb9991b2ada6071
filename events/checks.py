from django.conf import settings
from django.core.checks import Error, register

from events.timezones import TIME_STYLES


@register()
def check_time_style(app_configs, **kwargs):
    style = getattr(settings, "TIME_STYLE", "12h")
    if style in TIME_STYLES:
        return []
    return [Error(f"TIME_STYLE is {style!r}.", hint=f"Use one of: {', '.join(TIME_STYLES)}.", id="events.E001")]
