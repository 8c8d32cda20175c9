"""Set Django up lazily: only the CLI commands that need the app database call this."""

from __future__ import annotations

import io
import os

_ready = False


def setup(migrate: bool = True) -> None:
    """Configure Django once; apply pending migrations so a fresh data directory just works."""
    global _ready
    if _ready:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cdnet.web.settings")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())
    _ready = True
