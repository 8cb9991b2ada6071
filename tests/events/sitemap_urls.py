"""The root URLconf plus a sitemap of events, as the site wires it (the press app owns /sitemap.xml)."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from commission.urls import urlpatterns as site_urlpatterns
from events.sitemaps import EventSitemap

urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": {"events": EventSitemap}}, name="sitemap"),
    *site_urlpatterns,
]
