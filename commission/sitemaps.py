"""Sitemaps of the commission's pages."""

from django.urls import reverse

from commission.models import Person
from commission.web.sitemaps import SiteUrlSitemap


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
