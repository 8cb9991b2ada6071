"""Reading the emails the tests receive."""

import re

from django.conf import settings


def path_in(message, path: str) -> str | None:
    """The path of the link to the site (``SITE_URL``) in ``message``'s text whose path matches the pattern
    ``path``; None without one."""
    found = re.search(rf"{re.escape(settings.SITE_URL.rstrip('/'))}({path})", message.body)
    return found.group(1) if found else None


def link_in(message, path: str) -> str:
    """``path_in``, where there must be such a link."""
    found = path_in(message, path)
    assert found, message.body
    return found
