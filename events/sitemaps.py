from commission.web.sitemaps import LanguageVersionsSitemap
from events import translations
from events.models import Event


class EventSitemap(LanguageVersionsSitemap):
    """Published press conferences, for the site's /sitemap.xml: each at its English address and at each ready
    version's, with alternates."""

    url_name = "events:detail"

    def items(self):
        return translations.with_versions(Event.objects.published().order_by("-publish_at", "-pk"), places=False)

    def lastmod(self, event):
        return event.updated_at
