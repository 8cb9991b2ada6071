import os
import sys

from django.core.asgi import get_asgi_application
from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
try:
    application = get_asgi_application()
except ImproperlyConfigured as error:
    # A bad environment value is one line, not a traceback (see commission/wsgi.py).
    print(f"Configuration error: {error}", file=sys.stderr, flush=True)
    sys.exit(4)
