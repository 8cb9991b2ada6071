"""Sitemaps of the commission's pages."""

from django.urls import reverse

from commission.web.sitemaps import SiteUrlSitemap
from press.models import public_people


class StaticPagesSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        return ["commission:home", "commission:about", "press:list", "events:list"]

    def location(self, name):
        return reverse(name)


class PersonSitemap(SiteUrlSitemap):
    changefreq = "monthly"

    def items(self):
        return public_people().order_by("slug").only("slug")
