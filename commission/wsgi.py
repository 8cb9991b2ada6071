import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
try:
    application = get_wsgi_application()
except ImproperlyConfigured as error:
    # A bad environment value is one line, not a traceback. Status 4 is gunicorn's "App failed to load":
    # it stops instead of starting the worker again and again. (gunicorn.conf.py usually stops it sooner.)
    print(f"Configuration error: {error}", file=sys.stderr, flush=True)
    sys.exit(4)
