"""WSGI entry point (gunicorn chumchon.wsgi)."""

import os

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")

try:
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
except ImproperlyConfigured as exc:
    from chumchon.core.startup import fail

    fail(f"configuration error: {exc}")
