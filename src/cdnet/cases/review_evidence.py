"""The evidence a reviewer weighs, side by side: what the data holds next to what was matched.

- ``sanctions``: the channel (name, handle, url, description, country) next to the register
  entity (name, aliases, domains, handles, legal basis, listed on), with the signals that matched
  (``matched_on``, ``evidence``) and those that argued against (``against``).
- ``undeclared-political-ads``: the ad (text, page, payer, admin and target countries, dates,
  declared category) next to the classifier's score and reasons.

Each side is filled from the finding's payload first (what the detector recorded), then from the
finding's dataset (the channel or ad row, read with DuckDB by its id) and, for the entity, from
the sanctions register in force (the user's after ``cdnet sanctions update``, else the shipped
one; :func:`cdnet.analysis.reference.sanctions.load_register`) by ``entity_id``. A field found
nowhere is left out; nothing is fetched from the network.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import duckdb

from cdnet.analysis.reference.sanctions import load_register
from cdnet.cases.datasets import tables_of
from cdnet.cases.models import Finding
from cdnet.errors import CdnetError, NotFound

CHANNEL_FIELDS = ("channel_id", "platform", "name", "handle", "url", "description", "country")
ENTITY_FIELDS = (
    "entity_id",
    "name",
    "aliases",
    "kind",
    "domains",
    "mirrors",
    "handles",
    "country",
    "legal_basis",
    "listed_on",
    "source_url",
)
AD_FIELDS = (
    "ad_id",
    "page_id",
    "page_name",
    "payer",
    "text",
    "declared_category",
    "page_admin_countries",
    "target_countries",
    "delivery_start",
    "delivery_stop",
    "spend_min",
    "spend_max",
    "impressions_min",
    "impressions_max",
    "platform",
)
_LIST_FIELDS = frozenset(
    {"aliases", "domains", "mirrors", "handles", "page_admin_countries", "target_countries"}
)
# Payload names that differ from the table's (the detector may add these extension fields).
_PAYLOAD_ALIASES = {"name": ("channel_name",), "text": ("ad_text",)}


@dataclass
class Side:
    """One column of the comparison: ordered (field, value) pairs and where they came from."""

    title: str
    fields: dict[str, Any] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    def rows(self) -> list[tuple[str, str, str]]:
        """``(field name, label, value as text)`` for a page: lists joined, times in UTC."""
        return [(n, n.replace("_", " ").capitalize(), _shown(v)) for n, v in self.fields.items()]


@dataclass
class Evidence:
    left: Side
    right: Side
    matched: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def _present(value: Any) -> bool:
    return value not in (None, "", [], {})


def _value(name: str, value: Any) -> Any:
    if name in _LIST_FIELDS and isinstance(value, str):
        return [v.strip() for v in value.split("|") if v.strip()]
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def _fill(side: Side, names: tuple[str, ...], row: Mapping[str, Any], source: str) -> None:
    """Add the fields of ``row`` that ``side`` lacks; note ``source`` when any was added."""
    added = False
    for name in names:
        candidates = [name, *_PAYLOAD_ALIASES.get(name, ())]
        value = next((row[c] for c in candidates if _present(row.get(c))), None)
        if name not in side.fields and _present(value):
            side.fields[name] = _value(name, value)
            added = True
    if added:
        side.sources.append(source)


def _ordered(side: Side, names: tuple[str, ...]) -> Side:
    side.fields = {n: side.fields[n] for n in names if n in side.fields}
    return side


def dataset_row(finding: Finding, table: str, key: str, value: str) -> dict[str, Any]:
    """The row of ``table`` in the finding's dataset whose ``key`` is ``value`` (or {})."""
    if finding.dataset is None or not value:
        return {}
    try:
        path = tables_of(finding.dataset).get(table)
        if path is None:
            return {}
        with duckdb.connect(":memory:", config={"autoinstall_known_extensions": False}) as con:
            con.execute("SET TimeZone = 'UTC'")
            cursor = con.execute(
                f'SELECT * FROM read_parquet(?) WHERE "{key}" = ? LIMIT 1',  # noqa: S608 - fixed names
                [str(path), value],
            )
            names = [d[0] for d in cursor.description or []]
            row = cursor.fetchone()
    except (NotFound, duckdb.Error):
        return {}
    return dict(zip(names, row, strict=True)) if row else {}


def _register() -> dict[str, dict[str, str]]:
    """The register in force (the user's after ``cdnet sanctions update``, else the shipped one)
    as CSV rows by ``entity_id``; empty when there is none or it cannot be read."""
    try:
        register = load_register()
    except CdnetError:
        return {}
    return {entity.entity_id: entity.to_row() for entity in register.entities}


def register_entry(entity_id: str) -> dict[str, str]:
    return dict(_register().get(entity_id, {}))


def _signals(value: Any) -> list[str]:
    """``evidence``/``against`` as lines: strings as they are, mappings as ``key: value; …``."""
    items = value if isinstance(value, list) else [value] if _present(value) else []
    lines = []
    for item in items:
        if isinstance(item, Mapping) and set(item) == {"signal", "value"}:
            lines.append(f"{item['signal']}: {item['value']}")
        elif isinstance(item, Mapping):
            # keys sorted: PostgreSQL's jsonb does not keep the detector's order
            lines.append("; ".join(f"{k}: {item[k]}" for k in sorted(item) if _present(item[k])))
        elif _present(item):
            lines.append(str(item))
    return lines


def sanctions_evidence(finding: Finding) -> Evidence:
    payload = finding.payload
    channel = Side("Channel")
    _fill(channel, CHANNEL_FIELDS, payload, "the finding")
    row = dataset_row(finding, "channels", "channel_id", str(payload.get("channel_id") or ""))
    _fill(channel, CHANNEL_FIELDS, row, f"dataset {finding.dataset_id}")
    entity = Side("Register entity")
    nested = payload.get("entity") if isinstance(payload.get("entity"), Mapping) else {}
    recorded = {**nested, "entity_id": payload.get("entity_id"), "name": payload.get("entity_name")}
    _fill(entity, ENTITY_FIELDS, recorded, "the finding")
    entry = register_entry(str(payload.get("entity_id") or ""))
    _fill(entity, ENTITY_FIELDS, entry, "the sanctions register")
    matched = [f"matched on {payload['matched_on']}"] if payload.get("matched_on") else []
    return Evidence(
        left=_ordered(channel, CHANNEL_FIELDS),
        right=_ordered(entity, ENTITY_FIELDS),
        matched=matched + _signals(payload.get("evidence")),
        against=_signals(payload.get("against")),
    )


def ad_evidence(finding: Finding) -> Evidence:
    payload = finding.payload
    ad = Side("Ad")
    _fill(ad, AD_FIELDS, payload, "the finding")
    row = dataset_row(finding, "ads", "ad_id", str(payload.get("ad_id") or ""))
    _fill(ad, AD_FIELDS, row, f"dataset {finding.dataset_id}")
    classifier = Side("Classifier")
    classifier.fields = {
        "political_score": payload.get("political_score", finding.score),
        "reasons": payload.get("reasons") or [],
        "language": payload.get("lang") or finding.language or "",
        "explanation": finding.explanation,
    }
    classifier.sources.append("the finding")
    return Evidence(
        left=_ordered(ad, AD_FIELDS),
        right=classifier,
        matched=[str(r) for r in payload.get("reasons") or []],
        against=_signals(payload.get("against")),
    )


def evidence_of(finding: Finding) -> Evidence | None:
    """The side-by-side evidence of a sanctions or political-ad finding (None for others)."""
    if finding.detector == "sanctions":
        return sanctions_evidence(finding)
    if finding.detector == "undeclared-political-ads":
        return ad_evidence(finding)
    return None
