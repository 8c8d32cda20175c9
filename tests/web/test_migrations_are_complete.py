from __future__ import annotations

import io

from django.core.management import call_command


def test_every_model_change_has_a_migration(db):
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)  # exits 1 if one is missing
    assert "No changes detected" in out.getvalue()
