from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` on the public site's address (``SITE_URL``, read at call time): for feeds, emails,
    calendar files, canonical links and JSON-LD, whatever host a request came to."""
    return f"{settings.SITE_URL}{path}"
