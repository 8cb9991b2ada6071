from commission.web.sitemaps import SiteUrlSitemap
from press.models import PressRelease


class PressReleaseSitemap(SiteUrlSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return PressRelease.objects.published().newest_first().only("slug", "publish_at", "last_updated_at")

    def lastmod(self, release):
        return release.modified_at
