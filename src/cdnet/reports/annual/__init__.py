"""The yearly report: ``build_report(year, audience)`` and ``render(report, format)``.

Formats: ``md`` (Markdown), ``html`` (standalone, inline SVG charts), ``pdf``, ``json`` (the
figures, TTPs and outcomes as data) and ``navigator`` (a DISARM Navigator layer of the TTPs).
"""

from __future__ import annotations

from cdnet.reports.annual.document import AnnualReport, build_report
from cdnet.reports.annual.export import FORMATS, Rendered, parse_audience, render
from cdnet.reports.annual.years import years_with_data

__all__ = [
    "FORMATS",
    "AnnualReport",
    "Rendered",
    "build_report",
    "parse_audience",
    "render",
    "years_with_data",
]
