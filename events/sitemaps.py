from commission.web.sitemaps import SiteUrlSitemap
from events.models import Event


class EventSitemap(SiteUrlSitemap):
    """Published press conferences, for the site's /sitemap.xml."""

    def items(self):
        return Event.objects.published().order_by("-publish_at", "-pk")

    def lastmod(self, event):
        return event.updated_at
