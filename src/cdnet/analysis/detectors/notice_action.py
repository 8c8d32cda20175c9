"""``notice-action``: an audit of how each platform answered the network's notices.

One finding per platform in the ``notices`` table: how many notices, the share acknowledged, the
Kaplan-Meier median time to decision (a notice still without a decision at the audit time
``--as-of`` is censored there, not dropped), the share acted on, the share decided within the
platform's stated time, and the shortfalls as sentences. When a ``statements`` table (DSA
Transparency Database dumps, ``cdnet ingest --format dsa-sor``) is given too, notices are matched
to statements of reasons and the counts are added; the engine joins the statements with the
notices' ids and URL keys, so only candidates come into Python (:mod:`.notice_action_match`).
See docs/detectors/notice-action.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
from pydantic import Field, field_validator

from cdnet.analysis.detectors.base import DetectorConfig, Finding, Tables
from cdnet.analysis.detectors.notice_action_match import candidate_statements
from cdnet.analysis.detectors.notice_action_stats import (
    Match,
    chart_name,
    kaplan_meier,
    km_median,
    match_statements,
    write_chart,
)
from cdnet.analysis.schema import NOTICES
from cdnet.errors import BadInput

NAME = "notice-action"
DESCRIPTION = "Per platform: acknowledgement, time to decision and action on the network's notices."
TABLES = ("notices",)

ACTIONS = frozenset({"removed", "disabled", "demoted", "labelled", "geo_restricted"})
#: Default stated time: the EU Code of conduct on countering illegal hate speech online (2016,
#: renewed as "Code of conduct+" in 2025) commits signatories to review most notices in 24 hours.
DEFAULT_HOURS = 24.0
_DISARM: list[str] = []  # an audit of platforms, not of an influence operation


class Config(DetectorConfig):
    """Options of ``notice-action`` (each is also ``--option`` on the command line)."""

    as_of: datetime | None = Field(
        None,
        description="Audit time: notices without a decision are censored here (ISO 8601, UTC "
        "if no offset). Default: the latest timestamp in the notices table, so that a run is "
        "reproducible.",
    )
    stated_hours: list[str] = Field(
        default_factory=list,
        description="A platform's stated time to decide, as PLATFORM=HOURS (repeatable or "
        "comma-separated; '*=HOURS' sets the default). Default for every platform: 24 hours "
        "(EU Code of conduct on illegal hate speech).",
    )
    target_share: float = Field(
        0.9,
        ge=0.0,
        le=1.0,
        description="Share of notices that should be acknowledged and decided within the stated "
        "time; below it is a shortfall.",
    )
    charts: Path | None = Field(
        None, description="Folder to write one SVG of the Kaplan-Meier curve per platform to."
    )
    match_window_days: float = Field(
        30.0,
        gt=0,
        description="Matching by URL: a statement of reasons counts if created after the notice "
        "was submitted and at most this many days after its decision (or submission).",
    )

    @field_validator("as_of")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value

    @field_validator("stated_hours")
    @classmethod
    def _stated(cls, value: list[str]) -> list[str]:
        _stated_table(value)  # a malformed entry fails here, naming --stated-hours
        return value

    def hours_for(self, platform: str) -> float:
        """The stated time of ``platform`` (case-insensitive), else the ``*`` or 24 hours."""
        table = _stated_table(self.stated_hours)
        return table.get(platform.lower(), table.get("*", DEFAULT_HOURS))


def _stated_table(entries: list[str]) -> dict[str, float]:
    table: dict[str, float] = {}
    for entry in entries:
        name, sep, hours = entry.rpartition("=")
        try:
            value = float(hours)
        except ValueError:
            value = -1.0
        if not sep or not name.strip() or value <= 0:
            raise BadInput(f"expected PLATFORM=HOURS, got {entry!r}", field="--stated-hours")
        table[name.strip().lower()] = value
    return table


class NoticeActionFinding(Finding):
    """How one platform answered the network's notices."""

    platform: str = Field(description="The platform as named in the notices.")
    notices: int = Field(description="Notices sent to it.")
    acknowledged_share: float = Field(description="Share with an acknowledgement of receipt.")
    median_hours_to_decision: float | None = Field(
        description="Kaplan-Meier median hours to decision; null when half never got one."
    )
    action_share: float = Field(description="Share of all notices decided with an action.")
    shortfalls: list[str] = Field(description="Each shortfall as a sentence.")
    decided: int = Field(description="Notices with a decision (a decided_at or an outcome).")
    stated_hours: float = Field(description="The stated time to decide used for this platform.")
    decided_within_stated_share: float | None = Field(
        description="Of the notices whose stated time has passed by the audit time, the share "
        "decided within it; null when none is due yet."
    )
    as_of: datetime = Field(description="The audit time (UTC).")
    statements_matched_by_id: int | None = Field(
        description="Notices matched to a statement of reasons by statement_id (null: no "
        "statements table)."
    )
    statements_matched_by_url: int | None = Field(
        description="Notices matched by platform, content URL/PUID and time."
    )
    chart: str | None = Field(description="The SVG written with --charts, if any.")


def _rows(tables: Tables, name: str, columns: dict[str, pa.DataType]) -> list[dict[str, Any]]:
    expr = tables.table(name, columns)
    rows = [r for b in tables.engine.batches(expr) for r in b.to_pylist()]
    for row in rows:
        for column, kind in columns.items():
            value = row[column]
            if pa.types.is_timestamp(kind) and value is not None and value.tzinfo is None:
                row[column] = value.replace(tzinfo=UTC)
    return rows


def _as_of(config: Config, rows: list[dict[str, Any]]) -> datetime:
    if config.as_of is not None:
        return config.as_of.astimezone(UTC)
    stamps = [r[c] for r in rows for c in ("submitted_at", "acknowledged_at", "decided_at") if r[c]]
    latest: datetime = max(stamps)
    return latest.astimezone(UTC)


def _hours(start: datetime, end: datetime) -> float:
    return max(0.0, (end - start).total_seconds() / 3600.0)


def _survival_input(rows: list[dict[str, Any]], as_of: datetime) -> tuple[list[float], list[bool]]:
    """Durations and event flags: decided by ``as_of`` is an event, otherwise censored."""
    durations: list[float] = []
    events: list[bool] = []
    for row in rows:
        decided_at = row["decided_at"]
        if decided_at is not None and decided_at <= as_of:
            durations.append(_hours(row["submitted_at"], decided_at))
            events.append(True)
        elif decided_at is None and row["outcome"]:
            continue  # decided, but when is unknown: left out of the curve
        else:
            durations.append(_hours(row["submitted_at"], as_of))
            events.append(False)
    return durations, events


def _within_share(rows: list[dict[str, Any]], as_of: datetime, hours: float) -> float | None:
    """Of the notices due by ``as_of`` (or decided), the share decided within ``hours``."""
    due = within = 0
    for row in rows:
        deadline = row["submitted_at"] + timedelta(hours=hours)
        decided_at = row["decided_at"]
        if decided_at is not None and decided_at <= as_of:
            due += 1
            within += decided_at <= deadline
        elif deadline <= as_of:
            due += 1
    return within / due if due else None


def _count(n: int) -> str:
    return f"{n} notice" if n == 1 else f"{n} notices"


def _pct(share: float) -> str:
    return f"{round(share * 100):d} %"


def _shortfalls(stats: dict[str, Any], target: float) -> list[tuple[str, float]]:
    """Each shortfall as (sentence, severity 0..1)."""
    n, out = stats["notices"], []
    ack = stats["acknowledged_share"]
    if ack < target:
        out.append((f"Only {_pct(ack)} of {_count(n)} were acknowledged.", 1 - ack))
    within, hours = stats["decided_within_stated_share"], stats["stated_hours"]
    if within is not None and within < target:
        text = (
            f"Only {_pct(within)} of the notices due were decided within the stated "
            f"{hours:g} hours."
        )
        out.append((text, 1 - within))
    median = stats["median_hours_to_decision"]
    if median is None:
        text = (
            f"More than half of the {n} notices had no decision by the audit time, so the "
            "median time to decision is unknown."
        )
        out.append((text, 1.0))
    elif median > hours:
        text = (
            f"The median time to decision is {median:.1f} hours, beyond the stated {hours:g} hours."
        )
        out.append((text, min(1.0, (median - hours) / median)))
    undecided = n - stats["decided"]
    if undecided:
        text = f"{undecided} of {n} notices had no decision by the audit time."
        out.append((text, undecided / n))
    return out


def _finding(platform: str, rows: list[dict[str, Any]], config: Config, as_of: datetime,
             matches: list[Match] | None) -> NoticeActionFinding:  # fmt: skip
    n = len(rows)
    hours = config.hours_for(platform)
    curve = kaplan_meier(*_survival_input(rows, as_of))
    median = km_median(curve)
    stats: dict[str, Any] = {
        "notices": n,
        "acknowledged_share": sum(r["acknowledged_at"] is not None for r in rows) / n,
        "median_hours_to_decision": None if median is None else round(median, 2),
        "action_share": sum(r["outcome"] in ACTIONS for r in rows) / n,
        "decided": sum(r["decided_at"] is not None or bool(r["outcome"]) for r in rows),
        "stated_hours": hours,
        "decided_within_stated_share": _within_share(rows, as_of, hours),
    }
    shortfalls = _shortfalls(stats, config.target_share)
    chart = None
    if config.charts is not None:
        config.charts.mkdir(parents=True, exist_ok=True)
        target = config.charts / chart_name(platform)
        write_chart(target, platform, curve, hours)
        chart = str(target)
    ids = {r["notice_id"] for r in rows}
    mine = None if matches is None else [m for m in matches if m.notice_id in ids]
    return NoticeActionFinding(
        detector=NAME,
        score=max((s for _, s in shortfalls), default=0.0),
        explanation=_explain(platform, stats, shortfalls),
        disarm=_DISARM,
        platform=platform,
        **{k: round(v, 4) if isinstance(v, float) else v for k, v in stats.items()},
        shortfalls=[s for s, _ in shortfalls],
        as_of=as_of,
        statements_matched_by_id=None if mine is None else sum(m.by == "id" for m in mine),
        statements_matched_by_url=None if mine is None else sum(m.by == "url" for m in mine),
        chart=chart,
    )


def _explain(platform: str, stats: dict[str, Any], shortfalls: list[tuple[str, float]]) -> str:
    head = (
        f"{platform} acknowledged {_pct(stats['acknowledged_share'])} of "
        f"{_count(stats['notices'])} and acted on {_pct(stats['action_share'])}"
    )
    if not shortfalls:
        return head + "; no shortfall against its stated time."
    return head + f"; {len(shortfalls)} shortfall{'s' if len(shortfalls) > 1 else ''}."


def run(tables: Tables, config: Config) -> Iterator[NoticeActionFinding]:
    """One finding per platform, the largest shortfalls first."""
    if "notices" not in tables:
        return
    rows = _rows(tables, "notices", dict(zip(NOTICES.columns, NOTICES.schema.types, strict=True)))
    if not rows:
        return
    as_of = _as_of(config, rows)
    matches = None
    if "statements" in tables:
        window = timedelta(days=config.match_window_days)
        matches = match_statements(rows, candidate_statements(tables, rows), window)
    by_platform: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_platform.setdefault(row["platform"], []).append(row)
    found = [_finding(p, r, config, as_of, matches) for p, r in sorted(by_platform.items())]
    yield from sorted(found, key=lambda f: (-f.score, f.platform))
