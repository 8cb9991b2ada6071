from commission.web.sitemaps import AllLanguagesSitemap, LanguageVersionsSitemap
from press import translations
from press.models import PressRelease, public_people


class PressReleaseSitemap(LanguageVersionsSitemap):
    """Every published release at its English address and at each ready version's, with alternates."""

    changefreq = "monthly"
    priority = 0.8
    url_name = "press:detail"

    def items(self):
        releases = PressRelease.objects.published().newest_first().only("slug", "publish_at", "last_updated_at")
        return translations.with_versions(releases)

    def lastmod(self, release):
        return release.modified_at


class PersonSitemap(AllLanguagesSitemap):
    """The commission's people pages, in every language, with alternates; here because who is public depends on
    the published releases."""

    changefreq = "monthly"

    def items(self):
        return public_people().order_by("slug").only("slug")
