"""Impact fixtures: a sent alert, an outsider without membership, an evidence store."""

from __future__ import annotations

from typing import Any

import pytest
from impact_helpers import sent_alert


@pytest.fixture(autouse=True)
def evidence_store(settings: Any, tmp_path: Any) -> Any:
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.EVIDENCE_ROOT


@pytest.fixture
def alert(network: Any) -> Any:
    """An alert alice wrote, bob approved and carol sent."""
    return sent_alert(network)


@pytest.fixture
def outsider(db: None) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("mallory", password="mallory-pass")
