"""The site's URLs, plus /__bench__/bare/<name>: the baseline a page is measured against."""

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import path

from commission.urls import urlpatterns as site_urlpatterns
from commission.web.cache import FetchPublicPageMiddleware

_bodies: dict[str, bytes] = {}


def bare(request, name):
    """The same bytes as a real page, through the same middleware, with no database or template work."""
    if name not in _bodies:
        folder = Path(settings.BENCHMARK_BARE_DIR).resolve()
        file = (folder / name).resolve()
        if file.parent != folder or not file.is_file():
            raise Http404
        _bodies[name] = file.read_bytes()
    return HttpResponse(_bodies[name], content_type="text/html; charset=utf-8")


class FetchPublicPageExceptBare(FetchPublicPageMiddleware):
    """The page cache's lookup, skipped for the bare view: it never stores a page, so the lookup would be a
    miss at every request, a cost a Django view without the page cache does not pay."""

    def __call__(self, request):
        if request.path.startswith("/__bench__/"):
            return self.get_response(request)
        return super().__call__(request)


urlpatterns = [path("__bench__/bare/<str:name>", bare), *site_urlpatterns]
