from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Press conferences")

    def ready(self):
        from commission.cache import register_time_boundary
        from events import checks  # noqa: F401 — registers the system checks
        from events.models import Event

        register_time_boundary(Event.objects.next_change_after)
