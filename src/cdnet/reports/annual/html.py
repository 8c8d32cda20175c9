"""The yearly report as HTML: a standalone file (inline CSS and SVG charts, no external asset)
and the same body inside the web app's layout."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from cdnet.reports.annual.charts import render_svg
from cdnet.reports.annual.document import AnnualReport
from cdnet.reports.annual.markdown import COUNTERS_INTRO


def annual_context(report: AnnualReport) -> dict[str, Any]:
    """What the templates ``reports/_annual_body.html`` and its wrappers need."""
    charts = [
        {"key": chart.key, "title": chart.title, "svg": mark_safe(render_svg(chart))}  # noqa: S308 - matplotlib's own SVG
        for chart in report.charts
        if not chart.empty
    ]
    return {
        "report": report,
        "sections": report.figure_sections(),
        "charts": charts,
        "cop_rows": [(row, report.platform_counts(row)) for row in report.ttps],
        "counters_intro": COUNTERS_INTRO,
    }


def render_html(report: AnnualReport) -> str:
    """A standalone HTML document: opens offline, prints well."""
    return render_to_string("reports/annual.html", annual_context(report))
