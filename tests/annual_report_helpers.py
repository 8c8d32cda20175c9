"""A small year of records for the yearly-report tests: what is public, what is the network's.

Public (TLP:CLEAR or approved): the alert "Doppelganger clone of Le Monde" (x), the approved
alert "Coordinated bots amplify" (AMBER, approved; x and tiktok), the CLEAR findings on x and
facebook, and the CLEAR "removed" outcome. Network only: the AMBER alert "Secret Telegram
network" (telegram, T0143.002) with its geo-restriction outcome, and the GREEN finding.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cdnet.cases.alerts import AlertContent, create_alert
from cdnet.cases.findings import fingerprint, save_findings
from cdnet.cases.models import Alert, AlertEvent, AlertState, Finding
from cdnet.impact.models import Outcome
from cdnet.network.models import Member, Organisation

YEAR = 2025


@dataclass(frozen=True)
class FindingSpec:
    subject: str
    platform: str
    country: str
    day: dt.date
    tlp: str
    disarm: tuple[str, ...]
    approved: bool = False


@dataclass(frozen=True)
class AlertSpec:
    title: str
    tlp: str
    platforms: tuple[str, ...]
    countries: tuple[str, ...]
    techniques: tuple[str, ...]
    day: dt.date
    approved: bool = False
    sent: bool = True


FINDINGS = (
    FindingSpec("lemonde.ltd", "x", "FR", dt.date(YEAR, 3, 2), "CLEAR", ("T0149.003", "T0049")),
    FindingSpec("bild.cfd", "facebook", "DE", dt.date(YEAR, 3, 20), "CLEAR", ("T0086",)),
    FindingSpec("spiegel.ltd", "facebook", "DE", dt.date(YEAR, 7, 1), "GREEN", ("T0149.003",)),
    FindingSpec("old.example", "x", "FR", dt.date(YEAR - 1, 12, 31), "CLEAR", ("T0049",)),
)
ALERTS = (
    AlertSpec("Doppelganger clone of Le Monde", "CLEAR", ("x",), ("FR",),
              ("T0149.003",), dt.date(YEAR, 3, 5)),
    AlertSpec("Coordinated bots amplify", "AMBER", ("x", "tiktok"), ("DE", "AT"),
              ("T0049.003",), dt.date(YEAR, 5, 9), approved=True),
    AlertSpec("Secret Telegram network", "AMBER", ("telegram",), ("PL",),
              ("T0143.002",), dt.date(YEAR, 9, 14)),
    AlertSpec("Draft never sent", "CLEAR", ("youtube",), ("FR",),
              ("T0086",), dt.date(YEAR, 11, 2), sent=False),
)  # fmt: skip
SECRET_SUBJECT = "https://t.me/secret_channel"


def _aware(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def make_finding(spec: FindingSpec) -> Finding:
    record: dict[str, Any] = {
        "detector": "lookalike-domains",
        "score": 0.9,
        "explanation": f"{spec.subject} imitates a news outlet.",
        "disarm": list(spec.disarm),
        "domain": spec.subject,
        "platform": spec.platform,
        "country": spec.country,
        "created_at": _aware(spec.day).isoformat(),
    }
    save_findings([record], source="annual-report test", tlp=spec.tlp)
    finding = Finding.objects.get(fingerprint=fingerprint(record))
    if spec.approved:
        Finding.objects.filter(pk=finding.pk).update(approved_for_publication=True)
    return finding


def make_alert(author: Any, spec: AlertSpec, finding: Finding) -> Alert:
    content = AlertContent(
        title=spec.title,
        summary=f"{spec.title}: what we saw.",
        tlp=spec.tlp,
        platforms=list(spec.platforms),
        target_countries=list(spec.countries),
        techniques=list(spec.techniques),
    )
    alert = create_alert(author, content, [finding])
    Alert.objects.filter(pk=alert.pk).update(
        created_at=_aware(spec.day - dt.timedelta(days=1)),
        approved_for_publication=spec.approved,
        state=AlertState.SENT,
    )
    if spec.sent:  # as the dispatcher records it: the transition to sent, with its time
        event = AlertEvent.objects.create(alert=alert, from_state="approved", to_state="sent")
        AlertEvent.objects.filter(pk=event.pk).update(at=_aware(spec.day))
    return Alert.objects.get(pk=alert.pk)


@dataclass
class Year:
    findings: list[Finding]
    alerts: dict[str, Alert]
    removed: Outcome
    geofenced: Outcome


def build_year(network: Any) -> Year:
    Organisation.objects.filter(pk=network.alpha.pk).update(joined_on=dt.date(YEAR - 2, 1, 1))
    Organisation.objects.filter(pk=network.beta.pk).update(joined_on=dt.date(YEAR, 6, 1))
    Member.objects.update(joined_on=dt.date(YEAR, 6, 1))
    findings = [make_finding(spec) for spec in FINDINGS]
    alerts = {spec.title: make_alert(network.alice, spec, findings[0]) for spec in ALERTS}
    removed = Outcome.objects.create(
        alert=alerts["Doppelganger clone of Le Monde"], kind="removed", platform="x",
        subject="https://x.com/lemonde_clone/status/1", occurred_on=dt.date(YEAR, 4, 2),
        tlp="CLEAR", recorded_by=network.alice,
    )  # fmt: skip
    geofenced = Outcome.objects.create(
        alert=alerts["Secret Telegram network"], kind="geo_restricted", platform="telegram",
        subject=SECRET_SUBJECT, countries=["PL"], occurred_on=dt.date(YEAR, 10, 1),
        tlp="AMBER", recorded_by=network.alice,
    )  # fmt: skip
    return Year(findings, alerts, removed, geofenced)


def in_audience(spec: FindingSpec | AlertSpec, audience: str) -> bool:
    if isinstance(spec, AlertSpec) and not spec.sent:
        return False  # drafts are in no version of the report
    return audience == "network" or spec.tlp == "CLEAR" or spec.approved


def expected_cop(audience: str) -> dict[str, dict[str, int]]:
    """technique -> platform -> records, counted from the specs above (not from cdnet)."""
    counts: dict[str, dict[str, int]] = {}
    for f in FINDINGS:
        if f.day.year == YEAR and in_audience(f, audience):
            for tid in f.disarm:
                row = counts.setdefault(tid, {})
                row[f.platform] = row.get(f.platform, 0) + 1
    for a in ALERTS:
        if in_audience(a, audience):
            for tid in a.techniques:
                row = counts.setdefault(tid, {})
                for platform in a.platforms:
                    row[platform] = row.get(platform, 0) + 1
    return counts


def expected_scores(audience: str) -> dict[str, int]:
    """technique -> findings + alerts of the year carrying it, from the specs above."""
    scores: dict[str, int] = {}
    specs = [f for f in FINDINGS if f.day.year == YEAR] + list(ALERTS)
    for spec in specs:
        if in_audience(spec, audience):
            ids = spec.disarm if isinstance(spec, FindingSpec) else spec.techniques
            for tid in ids:
                scores[tid] = scores.get(tid, 0) + 1
    return scores
