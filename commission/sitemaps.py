"""Sitemaps of the commission's pages, and the base every app's sitemap uses."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from commission.models import Person


class SiteUrlSitemap(Sitemap):
    """Addresses on ``SITE_URL`` (read at call time), like canonical links and feeds."""

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"


class StaticPagesSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        return ["commission:home", "commission:about", "press:list", "events:list"]

    def location(self, name):
        return reverse(name)


class PersonSitemap(SiteUrlSitemap):
    changefreq = "monthly"

    def items(self):
        return Person.objects.public().order_by("slug").only("slug")
