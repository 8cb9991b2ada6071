"""What commission/wsgi.py and commission/asgi.py share: the settings module, and a bad setting as one line."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured


def application_or_exit(get_application):
    """The application ``get_application`` builds with the site's settings; on a bad environment value, the message
    in one line, not a traceback, and status 4: gunicorn's "App failed to load", so it stops instead of starting
    the worker again and again (gunicorn.conf.py usually stops it sooner)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
    try:
        return get_application()
    except ImproperlyConfigured as error:
        print(f"Configuration error: {error}", file=sys.stderr, flush=True)
        sys.exit(4)
