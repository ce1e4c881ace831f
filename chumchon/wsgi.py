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


def _ready_to_serve() -> None:
    """Load what every search needs, then leave what is loaded by now out of the garbage collector's
    full passes (`gc.freeze()`), and once more after the first request (which imports and caches
    the rest: templates, translations, URL patterns). The Thai dictionaries and the project's
    modules are a few million objects that live as long as the process, and each full pass walked
    them all: a stall of 120-500 ms every 10 seconds of steady requests at 100,000 listings, on
    whichever request it fell. Frozen objects still go when no longer referenced; only cycles among
    them are kept, and these live until the process ends anyway."""
    import gc

    from django.core.signals import request_finished

    from chumchon.search import text

    def freeze(**kwargs: object) -> None:
        request_finished.disconnect(freeze)
        gc.collect()
        gc.freeze()

    text.load()
    gc.collect()
    gc.freeze()
    request_finished.connect(freeze, weak=False)


_ready_to_serve()
