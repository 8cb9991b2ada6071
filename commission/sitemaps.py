"""Sitemaps of the commission's pages."""

from django.urls import reverse

from commission.web.sitemaps import AllLanguagesSitemap


class StaticPagesSitemap(AllLanguagesSitemap):
    """The home, commission and list pages, in every language (/, /ru/, /kk/), with alternates."""

    changefreq = "weekly"

    def items(self):
        return ["commission:home", "commission:about", "press:list", "events:list"]

    def location(self, name):
        # Called in the entry's language: the page's address under that language's prefix.
        return reverse(name)
