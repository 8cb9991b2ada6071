from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Press conferences")

    def ready(self):
        from commission.web.cache import register_content, register_time_boundary
        from events import checks  # noqa: F401 — registers the system checks
        from events.models import Event

        # Sign-ups change no public page (seats left are shown only on the uncached registration form).
        register_content(self.label, not_content=("registration",))
        register_time_boundary(Event.objects.next_change_after)
