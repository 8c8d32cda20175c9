"""The yearly report as one value: built once from the records, rendered as Markdown, HTML, PDF,
JSON or a DISARM Navigator layer.

``build_report(year, audience)`` gathers, for the records of the year the audience may see:
the network summary at the year's end, the totals, the figures of
:func:`cdnet.reports.figures.compute_figures`, the charts, the TTPs and the DISARM Blue counters
applied for the Code of Practice (Commitment 14, Measure 14.3) and the list of outcomes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from cdnet.analysis.reference import disarm
from cdnet.cases.models import Alert
from cdnet.network.growth import NetworkSize, network_on
from cdnet.reports.annual import chartdata, cop, navigator, scope
from cdnet.reports.annual.chartdata import BarChart
from cdnet.reports.annual.charts import Heatmap, heatmap_of
from cdnet.reports.annual.years import require_year
from cdnet.reports.figure import Audience, Figure, Period
from cdnet.reports.figures import compute_figures
from cdnet.reports.series import ChartSeries, chart_series

Chart = BarChart | Heatmap


@dataclass(frozen=True)
class OutcomeLine:
    """One outcome as the report lists it; the alert is named only if the audience may see it."""

    pk: int
    day: dt.date
    kind: str
    kind_label: str
    platform: str
    subject: str
    countries: tuple[str, ...]
    alert_id: int | None
    alert_title: str
    tlp: str = "CLEAR"


@dataclass(frozen=True)
class AnnualReport:
    year: int
    audience: Audience
    tlp: str
    generated_at: dt.datetime
    network: NetworkSize
    totals: dict[str, int]
    figures: tuple[Figure, ...]
    ttps: tuple[cop.TtpRow, ...]
    platforms: tuple[str, ...]
    outcomes: tuple[OutcomeLine, ...]
    charts: tuple[Chart, ...]
    counters: tuple[cop.CounterRow, ...] = ()  # DISARM Blue counters applied (CoP section)

    @property
    def title(self) -> str:
        return f"Yearly report {self.year}"

    @property
    def version_label(self) -> str:
        if self.audience == Audience.PUBLIC:
            return "Public version (TLP:CLEAR and approved records only)"
        return "Network version (all records; for the members of the network)"

    @property
    def filename(self) -> str:
        return f"cdnet-report-{self.year}-{self.audience.value}"

    def navigator_layer(self) -> dict[str, Any]:
        return navigator.navigator_layer(
            list(self.ttps),
            f"cdnet {self.year} ({self.audience.value})",
            f"DISARM techniques observed in {self.year}: score = findings + alerts. "
            f"TLP:{self.tlp}.",
        )

    def figure_sections(self) -> list[tuple[str, list[Figure]]]:
        """The figures grouped by their section, in the order they came."""
        sections: dict[str, list[Figure]] = {}
        for figure in self.figures:
            sections.setdefault(figure.section or "Figures", []).append(figure)
        return list(sections.items())

    def platform_counts(self, row: cop.TtpRow) -> list[int]:
        return [row.per_platform.get(p, 0) for p in self.platforms]


def _outcomes(period: Period, audience: Audience) -> tuple[OutcomeLine, ...]:
    visible_alerts = set(
        scope.for_audience(Alert.objects.all(), audience).values_list("pk", flat=True)
    )
    lines = []
    for outcome in scope.outcomes_in(period, audience).select_related("alert"):
        shown = outcome.alert_id in visible_alerts
        lines.append(
            OutcomeLine(
                pk=outcome.pk,
                day=outcome.occurred_on,
                kind=outcome.kind,
                kind_label=outcome.get_kind_display(),
                platform=outcome.platform,
                subject=outcome.subject,
                countries=tuple(str(c) for c in outcome.countries or []),
                alert_id=outcome.alert_id if shown else None,
                alert_title=outcome.alert.title if shown else "",
                tlp=outcome.tlp,
            )
        )
    return tuple(lines)


def _totals(data: ChartSeries) -> dict[str, int]:
    return {
        "findings": data.findings.total,
        "alerts": data.alerts.total,
        "outcomes": data.outcomes.total,
    }


def _charts(data: ChartSeries, ttps: list[cop.TtpRow]) -> tuple[Chart, ...]:
    order = [(t.id, t.name) for t in disarm.load().tactics]
    return (
        chartdata.per_month(data),
        chartdata.per_platform(data),
        chartdata.per_country(data),
        heatmap_of(ttps, order),
    )


def build_report(year: int, audience: Audience = Audience.PUBLIC) -> AnnualReport:
    """The yearly report of ``year`` for ``audience``; NotFound when the year has no data."""
    period = Period.year(year)
    require_year(year, audience)
    ttps = cop.observed_ttps(period, audience)
    data = chart_series(period, audience)
    return AnnualReport(
        year=year,
        audience=audience,
        tlp=str(scope.tlp_of_records(period, audience)),
        generated_at=timezone.now(),
        network=network_on(period.end),
        totals=_totals(data),
        figures=tuple(compute_figures(period, audience)),
        ttps=tuple(ttps),
        platforms=tuple(cop.platforms_of(ttps)),
        outcomes=_outcomes(period, audience),
        charts=_charts(data, ttps),
        counters=tuple(cop.applied_counters(period, audience)),
    )
