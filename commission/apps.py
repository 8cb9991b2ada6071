from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommissionConfig(AppConfig):
    name = "commission"
    verbose_name = _("The commission")

    def ready(self):
        # Django's documented lazy imports: the cache module and the signals handlers touch models, which
        # exist only once the app registry is ready, and the deploy checks register themselves when imported.
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from commission.web import after_response, checks, mail  # noqa: F401 — register their deploy checks
        from commission.web.cache import bump_content_version, register_content

        register_content(self.label)
        after_response.connect()

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(bump_content_version, dispatch_uid=f"public-pages-{signal!r}")
        # A deploy runs migrate: what the old code rendered or pickled is not kept past it.
        post_migrate.connect(lambda **kwargs: bump_content_version(), sender=self, weak=False,
                             dispatch_uid="public-pages-post-migrate")
