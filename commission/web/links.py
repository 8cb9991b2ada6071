from django.conf import settings

# Where `make run` serves the site; check --deploy refuses it (commission/web/checks.py).
DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def absolute_url(path: str) -> str:
    """``path`` on the public site's address (``SITE_URL``, read at call time): for feeds, emails,
    calendar files, canonical links and JSON-LD, whatever host a request came to."""
    return f"{settings.SITE_URL}{path}"
