"""The yearly report as Markdown (GitHub-flavoured tables; the charts' numbers as tables)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cdnet.reports.annual.chartdata import BarChart
from cdnet.reports.annual.document import AnnualReport
from cdnet.reports.figure import Figure

COUNTERS_INTRO = (
    "Counters (DISARM Blue Framework) named on the alerts sent and the outcomes recorded in the "
    "year: how many alerts and outcomes name each."
)


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def figure_value(figure: Figure) -> str:
    return figure.text


def _summary(report: AnnualReport) -> list[str]:
    net = report.network
    eu, non_eu = ", ".join(net.countries_eu), ", ".join(net.countries_non_eu)
    rows = [
        ("Organisations", f"{net.organisations} ({net.organisations_eu} EU, "
                          f"{net.organisations_non_eu} non-EU)"),
        ("Participants", net.participants),
        ("Countries", f"{len(net.countries)} ({len(net.countries_eu)} EU: {eu or '—'}; "
                      f"{len(net.countries_non_eu)} non-EU: {non_eu or '—'})"),
        ("Findings seen", report.totals["findings"]),
        ("Alerts sent", report.totals["alerts"]),
        ("Outcomes recorded", report.totals["outcomes"]),
    ]  # fmt: skip
    return [f"## Network summary (on {net.on.isoformat()})", "", *table(("", ""), rows), ""]


def _figures(report: AnnualReport) -> list[str]:
    lines = ["## Figures", ""]
    if not report.figures:
        return [*lines, "No figures for this year.", ""]
    for section, figures in report.figure_sections():
        lines += [f"### {section}", ""]
        rows = [(f.label, figure_value(f), f.note) for f in figures]
        lines += [*table(("Figure", "Value", "Note"), rows), ""]
    return lines


def _charts(report: AnnualReport) -> list[str]:
    lines = ["## Charts", ""]
    for chart in report.charts:
        if isinstance(chart, BarChart) and not chart.empty:
            lines += [f"### {chart.title}", ""]
            header = (chart.xlabel, *chart.series)
            rows = [
                (cat, *(values[i] for values in chart.series.values()))
                for i, cat in enumerate(chart.categories)
            ]
            lines += [*table(header, rows), ""]
    return lines


def _cop(report: AnnualReport) -> list[str]:
    lines = [
        "## Code of Practice on Disinformation: Commitment 14, Measure 14.3",
        "",
        "TTPs observed in the year, mapped to DISARM (Red Framework): the findings and alerts "
        "that carry each technique, and those records per platform.",
        "",
    ]
    if not report.ttps:
        return [*lines, "No TTPs observed.", "", *_counters(report)]
    header = ("DISARM id", "Technique", "Tactic", "Findings", "Alerts", *report.platforms)
    rows = [
        (r.technique_id, r.name, f"{r.tactic_id} {r.tactic_name}".strip(), r.findings, r.alerts,
         *report.platform_counts(r))
        for r in report.ttps
    ]  # fmt: skip
    return [*lines, *table(header, rows), "", *_counters(report)]


def _counters(report: AnnualReport) -> list[str]:
    lines = ["### DISARM Blue counters applied", "", COUNTERS_INTRO, ""]
    if not report.counters:
        return [*lines, "No counters applied.", ""]
    rows = [(c.counter_id, c.name, c.alerts, c.outcomes) for c in report.counters]
    return [*lines, *table(("DISARM id", "Counter", "Alerts", "Outcomes"), rows), ""]


def _outcomes(report: AnnualReport) -> list[str]:
    lines = ["## Outcomes", ""]
    if not report.outcomes:
        return [*lines, "No outcomes recorded.", ""]
    rows = [
        (o.day.isoformat(), o.kind_label, o.platform, o.subject, ", ".join(o.countries),
         o.alert_title)
        for o in report.outcomes
    ]  # fmt: skip
    header = ("Date", "Outcome", "Platform", "Subject", "Countries", "Alert")
    return [*lines, *table(header, rows), ""]


def render_markdown(report: AnnualReport) -> str:
    lines = [
        f"# {report.title}",
        "",
        f"**TLP:{report.tlp}** · {report.version_label} · generated "
        f"{report.generated_at:%Y-%m-%d %H:%M} UTC",
        "",
        *_summary(report),
        *_figures(report),
        *_charts(report),
        *_cop(report),
        *_outcomes(report),
    ]
    return "\n".join(lines).rstrip() + "\n"
