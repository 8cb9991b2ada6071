from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from commission.web.cache import register_content, register_time_boundary


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Press conferences")

    def ready(self):
        # Django's documented lazy imports, the only imports inside a function in this app: models can only
        # be imported once the app registry is ready, and the system checks register themselves when imported.
        from events import checks  # noqa: F401
        from events.models import Event

        # Registrations are not content: the public pages say only whether a mode is full, and the services
        # bump the content version themselves when a mode fills up or frees up (services.full_modes). Seats
        # left are counted only on the uncached registration form.
        register_content(self.label, not_content=("registration",))
        register_time_boundary(Event.objects.next_change_after)
