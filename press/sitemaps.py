from commission.web.sitemaps import SiteUrlSitemap
from press.models import PressRelease, public_people


class PressReleaseSitemap(SiteUrlSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return PressRelease.objects.published().newest_first().only("slug", "publish_at", "last_updated_at")

    def lastmod(self, release):
        return release.modified_at


class PersonSitemap(SiteUrlSitemap):
    """The commission's people pages; here because who is public depends on the published releases."""

    changefreq = "monthly"

    def items(self):
        return public_people().order_by("slug").only("slug")
