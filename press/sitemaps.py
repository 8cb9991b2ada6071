from django.conf import settings
from django.urls import reverse
from django.utils import translation

from commission.web.sitemaps import SiteUrlSitemap
from press import translations
from press.models import PressRelease, public_people


class PressReleaseSitemap(SiteUrlSitemap):
    """Every published release at its English address and at the address of each ready version, each entry
    naming the others as alternates (``x-default``: the English)."""

    changefreq = "monthly"
    priority = 0.8
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        releases = PressRelease.objects.published().newest_first().only("slug", "publish_at", "last_updated_at")
        return translations.with_versions(releases)

    def get_languages_for_item(self, release):
        ready = {version.language for version in release.ready_versions}
        return [code for code, _name in settings.LANGUAGES if code == settings.LANGUAGE_CODE or code in ready]

    def location(self, release):
        # Called in the entry's language (Sitemap._location).
        version = translations.version_in(release, translation.get_language())
        return reverse("press:detail", kwargs={"slug": version.slug if version else release.slug})

    def lastmod(self, release):
        return release.modified_at


class PersonSitemap(SiteUrlSitemap):
    """The commission's people pages; here because who is public depends on the published releases."""

    changefreq = "monthly"

    def items(self):
        return public_people().order_by("slug").only("slug")
