"""Saving detector output in the app: one Finding row per record, deduplicated by content."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from cdnet.cases.models import Dataset, Finding
from cdnet.cases.techniques import resolve_techniques
from cdnet.errors import BadInput

# The field that names what a finding is about, per detector output (FORMATS.md).
_SUBJECT_FIELDS = (
    "domain",
    "channel_id",
    "cluster_id",
    "post_id",
    "ad_id",
    "image_id",
    "org_id",
    "platform",
)


def subject_of(record: Mapping[str, Any]) -> str:
    for name in _SUBJECT_FIELDS:
        value = record.get(name)
        if value not in (None, ""):
            return str(value)
    return ""


def fingerprint(record: Mapping[str, Any]) -> str:
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _check(record: Mapping[str, Any], index: int) -> None:
    for name in ("detector", "score", "explanation"):
        if name not in record:
            raise BadInput(f"finding has no {name!r}", row=index, field=name)
    score = record["score"]
    if not isinstance(score, int | float) or not 0.0 <= float(score) <= 1.0:
        raise BadInput(f"score must be a number in 0..1, got {score!r}", row=index, field="score")
    if not isinstance(record.get("disarm", []), list):
        raise BadInput("disarm must be a list of technique ids", row=index, field="disarm")


def save_findings(
    records: Iterable[Mapping[str, Any]],
    source: str = "",
    dataset: Dataset | None = None,
    user: User | None = None,
) -> int:
    """Store findings as printed by `cdnet detect`; return how many were new. All or nothing."""
    rows = list(records)
    for index, record in enumerate(rows, start=1):
        _check(record, index)
    created = 0
    with transaction.atomic():
        for record in rows:
            finding, was_created = Finding.objects.get_or_create(
                fingerprint=fingerprint(record),
                defaults={
                    "detector": str(record["detector"]),
                    "subject": subject_of(record)[:500],
                    "score": float(record["score"]),
                    "explanation": str(record["explanation"]),
                    "payload": dict(record),
                    "source": source[:500],
                    "dataset": dataset,
                    "created_by": user,
                },
            )
            if was_created:
                finding.techniques.set(resolve_techniques(record.get("disarm", []), strict=False))
                created += 1
    return created
