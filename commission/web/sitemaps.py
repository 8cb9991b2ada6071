"""The base every sitemap of the site uses."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import translation

from commission.web.languages import hreflang


class SiteUrlSitemap(Sitemap):
    """Addresses on ``SITE_URL`` (read at call time), like canonical links and feeds."""

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"


class AllLanguagesSitemap(SiteUrlSitemap):
    """Pages at an address in every language of settings.LANGUAGES (the home page, a person's page): each at
    every one of them, every entry naming them all as alternates, ``x-default`` the English. ``location`` is
    called in the entry's language, so a ``reverse()`` there gives that language's address.

    The alternates are what the pages' own ``hreflang`` links say (base.html): the same names and the same
    addresses, so that search engines read one set of alternates, not two.
    """

    i18n = True
    alternates = True
    x_default = True

    def get_urls(self, page=1, site=None, protocol=None):
        """As Django's, with each alternate named as the pages' ``hreflang`` name it (``en``, not ``en-gb``:
        commission/web/languages.py)."""
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            for alternate in url["alternates"]:
                alternate["lang_code"] = hreflang(alternate["lang_code"])
        return urls


class LanguageVersionsSitemap(AllLanguagesSitemap):
    """Items with language versions (a release, a press conference): each at its English address and at the
    address of each ready version, every entry naming the others as alternates, ``x-default`` the English.

    ``items()`` must load each item's ready versions as ``ready_versions`` (``language``, ``slug``);
    ``url_name`` names the item's page, reversed with the slug of the entry's language.
    """

    url_name: str

    def get_languages_for_item(self, item):
        ready = {version.language for version in item.ready_versions}
        return [code for code, _name in settings.LANGUAGES if code == settings.LANGUAGE_CODE or code in ready]

    def location(self, item):
        # Called in the entry's language (Sitemap._location).
        language = translation.get_language()
        version = next((v for v in item.ready_versions if v.language == language), None)
        return reverse(self.url_name, kwargs={"slug": version.slug if version else item.slug})
