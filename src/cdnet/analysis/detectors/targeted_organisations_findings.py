"""The findings of ``targeted-organisations``: one per organisation, and unresolved handles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import ibis.expr.types as ir

from cdnet.analysis.detectors.base import Tables
from cdnet.analysis.detectors.targeted_organisations_bombing import tag_bombed
from cdnet.analysis.detectors.targeted_organisations_model import (
    DISARM_TAG_BOMBING,
    DISARM_TARGETED,
    NAME,
    Config,
    TargetedFinding,
)
from cdnet.analysis.reference.organisations import Organisation

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _rows(tables: Tables, expr: ir.Table) -> Iterator[dict[str, Any]]:
    for batch in tables.engine.batches(expr):
        yield from batch.to_pylist()


def _grouped(tables: Tables, expr: ir.Table, keys: list[str], value: str) -> dict[Any, list[str]]:
    """key (or tuple of keys) -> sorted distinct ``value``s."""
    found: dict[Any, set[str]] = defaultdict(set)
    for row in _rows(tables, expr.select(*keys, value).distinct()):
        found[tuple(row[k] for k in keys) if len(keys) > 1 else row[keys[0]]].add(str(row[value]))
    return {key: sorted(values) for key, values in found.items()}


def _summary(hits: ir.Table, keys: list[str]) -> ir.Table:
    return hits.group_by(keys).aggregate(
        messages=hits.evidence_id.nunique(),
        senders=hits.sender.nunique(),
        first=hits.ts.min(),
        last=hits.ts.max(),
    )


def _when(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=int(micros))


def _score(messages: int, senders: int, bombed: bool) -> float:
    base = min(0.8, 0.3 + 0.05 * (messages - 1) + 0.1 * (senders - 1))
    return max(base, 0.9) if bombed else base


def _explain(org: Organisation, row: dict[str, Any], bombed: list[str]) -> str:
    who = ", ".join(p for p in (org.kind, org.country) if p)
    text = (
        f"{org.name}{f' ({who})' if who else ''} was tagged or e-mailed in {row['messages']} "
        f"posts or e-mails by {row['senders']} senders between {_when(row['first']):%Y-%m-%d} "
        f"and {_when(row['last']):%Y-%m-%d}"
    )
    if bombed:
        text += (
            f"; {len(bombed)} of them carry near-identical text tagging several organisations "
            "(Operation Overload-style tag-bombing)"
        )
    return text + "."


def targeted(
    tables: Tables, hits: ir.Table, orgs: dict[str, Organisation], config: Config
) -> list[TargetedFinding]:
    """One finding per organisation that was tagged or e-mailed."""
    resolved = hits.filter(hits.org_id.notnull())
    evidence = _grouped(tables, resolved, ["org_id"], "evidence_id")
    matched = _grouped(tables, resolved, ["org_id"], "matched_on")
    bombed = _grouped(tables, tag_bombed(tables, resolved, config), ["org_id"], "evidence_id")
    findings = []
    for row in _rows(tables, _summary(resolved, ["org_id"])):
        org, flagged = orgs[row["org_id"]], bombed.get(row["org_id"], [])
        findings.append(
            TargetedFinding(
                detector=NAME,
                score=_score(row["messages"], row["senders"], bool(flagged)),
                explanation=_explain(org, row, flagged),
                disarm=list(DISARM_TAG_BOMBING if flagged else DISARM_TARGETED),
                kind="targeted",
                org_id=org.org_id,
                name=org.name,
                messages=row["messages"],
                senders=row["senders"],
                first_seen=_when(row["first"]),
                last_seen=_when(row["last"]),
                evidence_ids=evidence[org.org_id],
                matched_on=matched[org.org_id],
                tag_bombing=bool(flagged),
                tag_bombing_ids=flagged,
            )
        )
    return sorted(findings, key=lambda f: (-f.score, -f.messages, f.org_id or ""))


def unresolved(tables: Tables, hits: ir.Table, config: Config) -> list[TargetedFinding]:
    """Extension lines: handles and addresses no organisation claims (next to one, unless
    ``all``; none by default, so the output is FORMATS.md's one line per organisation)."""
    if config.unresolved == "none":
        return []
    found = hits.filter(hits.org_id.isnull())
    if config.unresolved == "co-tagged":
        named = hits.filter(hits.org_id.notnull()).select("evidence_id").distinct()
        found = found.semi_join(named, "evidence_id")
    keys = ["platform", "handle"]
    evidence = _grouped(tables, found, keys, "evidence_id")
    findings = []
    for row in _rows(tables, _summary(found, keys)):
        where = row["platform"] or "an unknown platform"
        findings.append(
            TargetedFinding(
                detector=NAME,
                score=0.1,
                explanation=f"{row['handle']} on {where} was tagged or e-mailed in "
                f"{row['messages']} posts or e-mails but matches no organisation: review it.",
                disarm=[],
                kind="unresolved",
                org_id=None,
                name=None,
                messages=row["messages"],
                senders=row["senders"],
                first_seen=_when(row["first"]),
                last_seen=_when(row["last"]),
                evidence_ids=evidence[(row["platform"], row["handle"])],
                handle=row["handle"],
                platform=row["platform"],
            )
        )
    return sorted(findings, key=lambda f: (-f.messages, f.platform or "", f.handle or ""))
