from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PressReleaseQuerySet(models.QuerySet):
    def published(self, *, now=None):
        """What the public may see: published, and its publication time has come."""
        now = now or timezone.now()
        return self.filter(status=PressRelease.Status.PUBLISHED, publish_at__lte=now)


class PressRelease(models.Model):
    """A press release. Visible to the public only through ``published()``."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)

    objects = PressReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(publish_at__isnull=False), name="press_release_published_has_time"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("press:detail", kwargs={"slug": self.slug})
