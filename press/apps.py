from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from commission.web.cache import register_content, register_time_boundary
from press.permissions import sync_press_officer_group


def _sync_press_officer_group(sender, *, using, apps=None, **kwargs):
    # `flush` sends post_migrate without `apps`: the live registry is right then.
    sync_press_officer_group(apps, using=using)


class PressConfig(AppConfig):
    name = "press"
    verbose_name = _("Press releases")

    def ready(self):
        # Keeps the group equal to press/permissions.py after every migrate, including
        # permissions of apps migrated after this one (events).
        post_migrate.connect(_sync_press_officer_group, sender=self, dispatch_uid="press.sync_press_officer_group")

        # Models can be imported only once the app registry is ready, that is here (Django's AppConfig.ready).
        from press.models import PressRelease

        # Preview links and their use log are for staff and reviewers: opening a preview must not empty the cache.
        # Accreditation requests and alert subscriptions (and their ledger) are on no public page either; anyone
        # may post their forms, so a write must not empty the cache, nor tell by it whom the site knows.
        register_content(self.label, not_content=(
            "previewlink", "previewlinkuse", "accreditation", "accreditation_beats", "alertsubscription",
            "alertsubscription_topics", "alertdelivery",
        ))
        # A scheduled release appears on the public pages at its publish_at, with no edit to signal it.
        register_time_boundary(PressRelease.objects.next_publication_after)
