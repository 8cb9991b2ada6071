"""Read by gunicorn from the project folder before it starts any worker.

It loads the settings once, in gunicorn's master process: a bad environment value (see commission/web/envconfig.py)
stops gunicorn here with one line and status 1, before it binds a port or boots a worker. Server options stay on
the command line (README.md, "Running in production").
"""


def _load_settings_or_stop():
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))  # the gunicorn script does not add the project folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018 — evaluates commission/settings.py
    except ImproperlyConfigured as error:
        sys.exit(f"Configuration error: {error}")


_load_settings_or_stop()
