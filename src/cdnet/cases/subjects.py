"""The subjects of a finding (post, channel, account, ad, domain, image), read from its record."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from cdnet.cases.models import SubjectKind

Subject = tuple[str, str, str]  # kind, value, platform

# Record fields (FORMATS.md) that name subjects, single values or lists.
_FIELDS: tuple[tuple[str, str], ...] = (
    ("domain", SubjectKind.DOMAIN),
    ("post_id", SubjectKind.POST),
    ("post_ids", SubjectKind.POST),
    ("account_id", SubjectKind.ACCOUNT),
    ("account_ids", SubjectKind.ACCOUNT),
    ("channel_id", SubjectKind.CHANNEL),
    ("ad_id", SubjectKind.AD),
    ("image_id", SubjectKind.IMAGE),
)
MAX_PER_KIND = 500


def _values(raw: Any) -> Iterable[str]:
    if raw is None or raw == "":
        return []
    if isinstance(raw, list | tuple):
        return [str(v) for v in raw if v not in (None, "")]
    return [str(raw)]


def _pairs(record: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    for field, kind in _FIELDS:
        for value in _values(record.get(field)):
            yield kind, value
    for item in record.get("subjects") or []:  # entered by hand: [{"kind": …, "value": …}]
        if isinstance(item, Mapping) and item.get("kind") in SubjectKind.values:
            yield str(item["kind"]), str(item.get("value") or "")


def subjects_of(record: Mapping[str, Any]) -> list[Subject]:
    """Distinct subjects named by a finding record, at most MAX_PER_KIND of each kind."""
    platform = str(record.get("platform") or "")[:40]
    seen: dict[tuple[str, str], None] = {}
    counts: dict[str, int] = {}
    for kind, raw in _pairs(record):
        value = raw[:500]
        if not value or (kind, value) in seen or counts.get(kind, 0) >= MAX_PER_KIND:
            continue
        seen[(kind, value)] = None
        counts[kind] = counts.get(kind, 0) + 1
    return [(kind, value, platform) for kind, value in seen]
