from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("press/", include("press.urls")),
    path("events/", include("events.urls")),
    path("", include("commission.site_urls")),
]

if settings.BENCHMARK_BARE_DIR:
    from commission.views import bench_bare

    urlpatterns.insert(0, path("__bench__/bare/<str:name>", bench_bare, name="bench-bare"))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
