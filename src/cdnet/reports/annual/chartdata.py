"""The numbers behind the yearly report's charts, from :func:`cdnet.reports.series.chart_series`
(the same records as the figures): alerts, findings and outcomes per month, per platform and per
country."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cdnet.reports.series import ChartSeries, Series

UNKNOWN = "unknown"


@dataclass(frozen=True)
class BarChart:
    """Grouped bars: one tuple of values per series, aligned with ``categories``."""

    key: str
    title: str
    xlabel: str
    categories: tuple[str, ...]
    series: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(any(values) for values in self.series.values())


def _month_label(key: str) -> str:
    """``2025-03`` -> ``Mar`` (``Mar 2025`` would crowd a year's axis)."""
    year, month = (int(part) for part in key.split("-"))
    return dt.date(year, month, 1).strftime("%b")


def per_month(data: ChartSeries) -> BarChart:
    keys = list(data.alerts.by_month)
    series = {s.name: tuple(s.by_month.get(k, 0) for k in keys) for s in _all(data)}
    labels = tuple(_month_label(k) for k in keys)
    return BarChart("per-month", "Per month", "month", labels, series)


def _all(data: ChartSeries) -> tuple[Series, ...]:
    return (data.alerts, data.findings, data.outcomes)


def _grouped(key: str, title: str, xlabel: str, counts: dict[str, dict[str, int]]) -> BarChart:
    totals: dict[str, int] = {}
    for by_category in counts.values():
        for category, n in by_category.items():
            totals[category] = totals.get(category, 0) + n
    named = sorted((c for c in totals if c != UNKNOWN), key=lambda c: (-totals[c], c))
    categories = tuple(named + ([UNKNOWN] if UNKNOWN in totals else []))
    series = {
        name: tuple(by_category.get(c, 0) for c in categories)
        for name, by_category in counts.items()
    }
    return BarChart(key, title, xlabel, categories, series)


def per_platform(data: ChartSeries) -> BarChart:
    counts = {s.name: s.by_platform for s in _all(data)}
    return _grouped("per-platform", "Per platform", "platform", counts)


def per_country(data: ChartSeries) -> BarChart:
    counts = {
        "alerts (target countries)": data.alerts.by_country,
        "findings": data.findings.by_country,
        "outcomes": data.outcomes.by_country,
    }
    return _grouped("per-country", "Per country", "country", counts)
