from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from commission import views
from commission.sitemaps import StaticPagesSitemap
from commission.web.admin import view_on_site
from events.sitemaps import EventSitemap
from press.sitemaps import PersonSitemap, PressReleaseSitemap

# One entry per kind of public page; each app adds its own (events: "events": EventSitemap).
SITEMAPS = {
    "pages": StaticPagesSitemap,
    "people": PersonSitemap,
    "press": PressReleaseSitemap,
    "events": EventSitemap,
}

urlpatterns = [
    # Before the admin's own: its "View on site" shortcut, for those who may view the object only.
    path(f"{settings.ADMIN_URL}r/<path:content_type_id>/<path:object_id>/", admin.site.admin_view(view_on_site)),
    path(settings.ADMIN_URL, admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
]
# Public pages in each of settings.LANGUAGES: English, the default, at unprefixed addresses (those already
# published, linked and emailed), the others under /ru/ and /kk/. The language comes from the path alone
# (commission/web/languages.py); the admin, the sitemap and robots.txt stay English.
urlpatterns += i18n_patterns(
    path("press/", include("press.urls")),
    path("events/", include("events.urls")),
    path("", include("commission.site_urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
