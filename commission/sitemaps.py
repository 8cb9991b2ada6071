"""Sitemaps of the commission's pages."""

from django.urls import reverse

from commission.web.sitemaps import SiteUrlSitemap


class StaticPagesSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        return ["commission:home", "commission:about", "press:list", "events:list"]

    def location(self, name):
        return reverse(name)
