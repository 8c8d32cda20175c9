"""Findings of the #7 detectors (sanctions, undeclared political ads) for the review-queue tests.

The records follow FORMATS.md; the detectors themselves are not needed to build them.
"""

from __future__ import annotations

from typing import Any

from cdnet.cases.findings import fingerprint, save_findings
from cdnet.cases.models import Dataset, Finding


def sanctions_record(channel_id: str = "tg-rt-ru", **extra: Any) -> dict[str, Any]:
    return {
        "detector": "sanctions",
        "score": 0.93,
        "explanation": "The channel's domain rt.com is the official domain of RT (Annex XV).",
        "disarm": [],
        "channel_id": channel_id,
        "platform": "telegram",
        "entity_id": "eu-833-rt",
        "entity_name": "RT (Russia Today)",
        "matched_on": "domain",
        **extra,
    }


def ad_record(ad_id: str = "ad-1", **extra: Any) -> dict[str, Any]:
    return {
        "detector": "undeclared-political-ads",
        "score": 0.88,
        "explanation": "The ad reads as political but was declared as not political.",
        "disarm": [],
        "ad_id": ad_id,
        "page_id": "pg-77",
        "political_score": 0.88,
        "declared_category": "none",
        "reasons": ["political-content", "foreign-admin"],
        **extra,
    }


def saved(
    record: dict[str, Any],
    user: Any = None,
    tlp: str = "AMBER",
    dataset: Dataset | None = None,
) -> Finding:
    """Save ``record`` as `cdnet detect --save` would and return its finding."""
    save_findings([record], source="review test", dataset=dataset, user=user, tlp=tlp)
    return Finding.objects.get(fingerprint=fingerprint(record))
