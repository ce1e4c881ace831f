"""Compile the project's .po files into .mo files in pure Python (no gettext tools needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile chumchon/locale and chumchon/<app>/locale .po files to .mo (like compilemessages, without GNU gettext)."

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = 0
        # The project catalogue (LOCALE_PATHS) and each app's own (chumchon/<app>/locale).
        catalogues = [
            path for locale_path in settings.LOCALE_PATHS for path in Path(locale_path).glob("*/LC_MESSAGES/*.po")
        ]
        catalogues += Path(settings.BASE_DIR, "chumchon").glob("*/locale/*/LC_MESSAGES/*.po")
        for po_path in sorted(catalogues):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
        self.stdout.write(f"Compiled {compiled} translation file(s).")
