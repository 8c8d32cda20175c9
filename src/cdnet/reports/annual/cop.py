"""Code of Practice on Disinformation, Commitment 14, Measure 14.3: the TTPs observed.

Every DISARM Red technique on a finding seen or an alert sent in the period (in the audience;
rejected findings and unsent drafts left out, as in the figures), with its tactic, how many
findings and alerts carry it, and those records counted per platform. A finding counts for its
``platform``; an alert counts once for each of its ``platforms``; a record without a platform
counts under ``unknown``. The per-platform counts of one technique can therefore add up to more
than its total when an alert names several platforms.

Beside them, the DISARM Blue counters applied in the period: each counter named on an alert sent
or on an outcome that occurred in the period (in the audience), with how many alerts and outcomes
name it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from cdnet.analysis.reference import disarm
from cdnet.cases.models import Alert, Finding
from cdnet.cases.techniques import FRAMEWORK
from cdnet.impact.models import Outcome
from cdnet.reports.annual.scope import alerts_in, findings_in, outcomes_in
from cdnet.reports.figure import Audience, Period
from cdnet.reports.figures.common import UNKNOWN

UNSPECIFIED = UNKNOWN  # the label of a record without a platform, as in the figures


@dataclass(frozen=True)
class TtpRow:
    """One technique observed in the period."""

    technique_id: str
    name: str
    tactic_id: str
    tactic_name: str
    findings: int
    alerts: int
    per_platform: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.findings + self.alerts


def platform_key(raw: str) -> str:
    value = raw.strip().lower()
    return value or UNSPECIFIED


@dataclass
class _Tally:
    findings: set[int] = field(default_factory=set)
    alerts: set[int] = field(default_factory=set)
    platforms: Counter[str] = field(default_factory=Counter)


def _tally(period: Period, audience: Audience) -> dict[str, _Tally]:
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    # the finding-technique pairs straight from the link table: no finding payload is loaded
    pairs = Finding.techniques.through.objects.filter(
        finding__in=findings_in(period, audience).values("pk"),
        technique__framework=FRAMEWORK,
        technique__external_id__startswith="T",
    ).values_list("finding_id", "technique__external_id", "finding__platform")
    for finding_id, technique, platform in pairs.iterator(chunk_size=5_000):
        tally = tallies[technique]
        if finding_id not in tally.findings:
            tally.findings.add(finding_id)
            tally.platforms[platform_key(platform)] += 1
    for alert in alerts_in(period, audience).prefetch_related("techniques"):
        for technique in _red(alert):
            tally = tallies[technique]
            if alert.pk not in tally.alerts:
                tally.alerts.add(alert.pk)
                names = {platform_key(str(p)) for p in alert.platforms} or {UNSPECIFIED}
                tally.platforms.update(names)
    return tallies


def _red(record: Finding | Alert) -> set[str]:
    """The DISARM Red technique ids on a record (counters and other frameworks left out)."""
    return {
        t.external_id
        for t in record.techniques.all()
        if t.framework == FRAMEWORK and t.external_id.startswith("T")
    }


def _names(technique_id: str) -> tuple[str, str, str]:
    """(technique name, tactic id, tactic name); empty when the framework does not know it."""
    framework = disarm.load()
    item = framework.find(technique_id)
    if not isinstance(item, disarm.Technique):
        return "", "", ""
    tactic = framework.find(item.tactic_id)
    return item.name, item.tactic_id, tactic.name if tactic is not None else ""


def observed_ttps(period: Period, audience: Audience) -> list[TtpRow]:
    """The techniques observed, most frequent first, then by id."""
    rows = []
    for technique_id, tally in _tally(period, audience).items():
        name, tactic_id, tactic_name = _names(technique_id)
        rows.append(
            TtpRow(
                technique_id=technique_id,
                name=name,
                tactic_id=tactic_id,
                tactic_name=tactic_name,
                findings=len(tally.findings),
                alerts=len(tally.alerts),
                per_platform=dict(sorted(tally.platforms.items())),
            )
        )
    return sorted(rows, key=lambda row: (-row.total, row.technique_id))


def platforms_of(rows: list[TtpRow]) -> list[str]:
    """The platforms of a CoP table's columns: by total count, ``unspecified`` last."""
    totals: Counter[str] = Counter()
    for row in rows:
        totals.update(row.per_platform)
    named = sorted((p for p in totals if p != UNSPECIFIED), key=lambda p: (-totals[p], p))
    return named + ([UNSPECIFIED] if UNSPECIFIED in totals else [])


@dataclass(frozen=True)
class CounterRow:
    """One DISARM Blue counter applied in the period."""

    counter_id: str
    name: str
    alerts: int
    outcomes: int

    @property
    def total(self) -> int:
        return self.alerts + self.outcomes


def _blue(record: Alert | Outcome) -> dict[str, str]:
    """The DISARM Blue counter ids on a record, with the names stored with them."""
    return {
        c.external_id: c.name
        for c in record.counters.all()
        if c.framework == FRAMEWORK and c.external_id.startswith("C")
    }


def _counter_name(counter_id: str, stored: str) -> str:
    item = disarm.load().find(counter_id)
    return item.name if isinstance(item, disarm.Counter) else stored


def applied_counters(period: Period, audience: Audience) -> list[CounterRow]:
    """The counters on the alerts and outcomes of the period, most applied first, then by id."""
    alerts: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    names: dict[str, str] = {}
    for alert in alerts_in(period, audience).prefetch_related("counters"):
        found = _blue(alert)
        alerts.update(found.keys())
        names.update(found)
    for outcome in outcomes_in(period, audience).prefetch_related("counters"):
        found = _blue(outcome)
        outcomes.update(found.keys())
        names.update(found)
    rows = [
        CounterRow(cid, _counter_name(cid, stored), alerts[cid], outcomes[cid])
        for cid, stored in names.items()
    ]
    return sorted(rows, key=lambda row: (-row.total, row.counter_id))
