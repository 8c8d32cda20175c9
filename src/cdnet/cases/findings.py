"""Saving detector output in the app: one Finding row per record, deduplicated by content."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from cdnet.audit.log import record as audit
from cdnet.cases.models import Dataset, Finding, FindingSubject, Tlp
from cdnet.cases.subjects import subjects_of
from cdnet.cases.suggestions import offer_to_cases
from cdnet.cases.techniques import resolve_techniques
from cdnet.errors import BadInput
from cdnet.network.services import organisation_of

# The field that names what a finding is about, per detector output (FORMATS.md).
_SUBJECT_FIELDS = (
    "domain",
    "channel_id",
    "cluster_id",
    "post_id",
    "ad_id",
    "image_id",
    "org_id",
)


def subject_of(record: Mapping[str, Any]) -> str:
    for name in _SUBJECT_FIELDS:
        value = record.get(name)
        if value not in (None, ""):
            return str(value)
    subjects = subjects_of(record)
    if subjects:
        return subjects[0][1]
    return str(record.get("platform") or "")  # the notice-action audit reports per platform


def fingerprint(record: Mapping[str, Any]) -> str:
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _when(record: Mapping[str, Any], *names: str) -> dt.datetime | None:
    """The first parseable ISO 8601 time among the record's fields, in UTC."""
    for name in names:
        raw = record.get(name)
        if isinstance(raw, str) and raw:
            try:
                value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
            except ValueError:
                continue
            return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return None


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
    tlp: str = Tlp.AMBER,
) -> int:
    """Store findings as printed by `cdnet detect`; return how many were new. All or nothing.

    Each new finding gets its subjects, is offered to open cases with the same subjects, and is
    written to the audit log.
    """
    rows = list(records)
    for index, record in enumerate(rows, start=1):
        _check(record, index)
    if tlp not in Tlp.values:
        raise BadInput(f"TLP must be one of {', '.join(Tlp.values)}", field="tlp")
    organisation = organisation_of(user) if user else None
    new: list[Finding] = []
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
                    "organisation": organisation,
                    "tlp": tlp,
                    "platform": str(record.get("platform") or "")[:40],
                    "country": str(record.get("country") or "")[:2].upper(),
                    "language": str(record.get("lang") or record.get("language") or "")[:12],
                    "first_seen": _when(record, "first_seen", "created_at"),
                    "last_seen": _when(record, "last_seen", "created_at"),
                },
            )
            if was_created:
                _complete(finding, record, user)
                new.append(finding)
        offer_to_cases(new)
    return len(new)


def _complete(finding: Finding, record: Mapping[str, Any], user: User | None) -> None:
    finding.techniques.set(resolve_techniques(record.get("disarm", []), strict=False))
    FindingSubject.objects.bulk_create(
        FindingSubject(finding=finding, kind=kind, value=value, platform=platform)
        for kind, value, platform in subjects_of(record)
    )
    audit(user, "create", finding, f"{finding.detector}: {finding.subject}")


def enter_finding(
    user: User,
    explanation: str,
    subjects: list[dict[str, str]],
    *,
    score: float = 1.0,
    tlp: str = Tlp.AMBER,
    disarm: list[str] | None = None,
    **context: Any,
) -> Finding:
    """A finding entered by hand (detector ``manual``): what was seen, why it matters, where."""
    if not subjects:
        raise BadInput("name at least one subject (post, channel, account, ad, domain, image)")
    if not explanation.strip():
        raise BadInput("explain the finding in a sentence", field="explanation")
    resolve_techniques(disarm or [], strict=True)  # a person's ids must exist
    record: dict[str, Any] = {
        "detector": "manual",
        "score": score,
        "explanation": explanation.strip(),
        "disarm": disarm or [],
        "subjects": subjects,
        **{
            k: (v.isoformat() if isinstance(v, dt.datetime) else v) for k, v in context.items() if v
        },
    }
    if not subjects_of(record):
        raise BadInput(
            "subjects need a kind (post, channel, account, ad, domain, image) and a value"
        )
    save_findings([record], source=f"entered by {user.get_username()}", user=user, tlp=tlp)
    return Finding.objects.get(fingerprint=fingerprint(record))
