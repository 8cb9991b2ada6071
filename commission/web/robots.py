"""Keeps the admin out of search engines without naming its address in robots.txt for anyone to read."""

from django.conf import settings


class NoIndexAdminMiddleware:
    """Adds ``X-Robots-Tag: noindex, nofollow`` to every response under ``ADMIN_URL`` (read at each request).

    Keyed on the path, not on the admin's views, so it also covers the login page, django-axes' lockout page
    (made by a middleware below this one) and the admin's redirects and 404s.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(f"/{settings.ADMIN_URL}"):
            response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response
