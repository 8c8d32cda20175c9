"""The chart data of the yearly report: counts per month, platform, country and kind.

For a period and an audience, :func:`chart_series` counts the same records as the figures
(:mod:`cdnet.reports.figures`): alerts by when they were first sent, findings by when they were
seen (rejected ones left out), outcomes by when they occurred. Plain data, no drawing: the
annual report turns it into matplotlib charts.

- ``by_month`` has every month of the period, zeros included (``YYYY-MM``), and sums to ``total``.
- ``by_platform`` and ``by_country`` count a record under each of its platforms or countries
  (an alert naming two platforms counts under both), ``unknown`` when it names none; so their
  sums may exceed ``total``.
- ``by_kind``: alerts per attribution, findings per detector, outcomes per kind.
- ``by_kind_month``: the same kinds per month (for stacked charts).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from cdnet.impact.models import OutcomeKind
from cdnet.reports.figure import Audience, Period
from cdnet.reports.figures.activity import outcomes, sent_alerts
from cdnet.reports.figures.common import UNKNOWN, counted_findings


@dataclass(frozen=True)
class Point:
    """One record as the charts see it: its day, platforms, countries and kind."""

    day: dt.date
    platforms: tuple[str, ...]
    countries: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class Series:
    name: str
    total: int
    by_month: dict[str, int]
    by_platform: dict[str, int]
    by_country: dict[str, int]
    by_kind: dict[str, int]
    by_kind_month: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class ChartSeries:
    """The chart data of one period for one audience."""

    period: Period
    audience: Audience
    alerts: Series
    findings: Series
    outcomes: Series

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["period"] = {
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
        }
        data["audience"] = str(self.audience)
        return data


def months(period: Period) -> list[str]:
    """``YYYY-MM`` of every month the period touches, in order."""
    found: list[str] = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _names(values: Iterable[object]) -> tuple[str, ...]:
    cleaned = tuple(dict.fromkeys(str(v).strip() for v in values if str(v).strip()))
    return cleaned or (UNKNOWN,)


def series(name: str, points: list[Point], period: Period) -> Series:
    by_month = dict.fromkeys(months(period), 0)
    by_kind_month: dict[str, dict[str, int]] = {}
    for point in points:
        month = point.day.strftime("%Y-%m")
        by_month[month] += 1
        per_kind = by_kind_month.setdefault(point.kind, dict.fromkeys(by_month, 0))
        per_kind[month] += 1
    return Series(
        name=name,
        total=len(points),
        by_month=by_month,
        by_platform=_sorted(Counter(p for point in points for p in point.platforms)),
        by_country=_sorted(Counter(c for point in points for c in point.countries)),
        by_kind=_sorted(Counter(point.kind for point in points)),
        by_kind_month=dict(sorted(by_kind_month.items())),
    )


def _sorted(counts: Counter[str]) -> dict[str, int]:
    """Largest first, then by name."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _day(record: object, annotation: str) -> dt.date:
    """The UTC day of an annotated datetime (when sent, when seen)."""
    value: dt.datetime = getattr(record, annotation)
    return value.astimezone(dt.UTC).date()


def alert_points(period: Period, audience: Audience) -> list[Point]:
    return [
        Point(
            day=_day(alert, "sent_at"),
            platforms=_names(str(p).lower() for p in alert.platforms or []),
            countries=_names(str(c).upper() for c in alert.target_countries or []),
            kind=alert.get_attribution_display().lower(),
        )
        for alert in sent_alerts(period, audience)
    ]


def finding_points(period: Period, audience: Audience) -> list[Point]:
    rows = counted_findings(None, period, audience).values_list(  # type: ignore[misc]
        "seen", "payload__platform", "platform", "country", "detector"
    )  # "seen" is counted_findings' annotation, which the Django stubs cannot see
    return [
        Point(
            day=seen.astimezone(dt.UTC).date(),
            platforms=_names([str(in_payload or platform).lower()]),
            countries=_names([country.upper()]),
            kind=detector,
        )
        for seen, in_payload, platform, country, detector in rows.iterator(chunk_size=5_000)
    ]


def outcome_points(period: Period, audience: Audience) -> list[Point]:
    return [
        Point(
            day=outcome.occurred_on,
            platforms=_names([outcome.platform.lower()]),
            countries=_names(
                str(c).upper() for c in (outcome.countries or outcome.alert.target_countries or [])
            ),
            kind=outcome.kind,
        )
        for outcome in outcomes(period, audience, OutcomeKind.values)
    ]


def chart_series(period: Period, audience: Audience) -> ChartSeries:
    """Counts per month, platform, country and kind of alerts, findings and outcomes."""
    return ChartSeries(
        period=period,
        audience=audience,
        alerts=series("alerts", alert_points(period, audience), period),
        findings=series("findings", finding_points(period, audience), period),
        outcomes=series("outcomes", outcome_points(period, audience), period),
    )
