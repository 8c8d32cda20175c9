"""One report, many formats: the bytes, their media type and a file name."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from cdnet.errors import BadInput
from cdnet.reports.annual.document import AnnualReport
from cdnet.reports.figure import Audience

FORMATS = ("md", "html", "pdf", "json", "navigator")
_MEDIA = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "json": "application/json",
    "navigator": "application/json",
}
_SUFFIX = {"md": "md", "html": "html", "pdf": "pdf", "json": "json", "navigator": "layer.json"}


@dataclass(frozen=True)
class Rendered:
    content: bytes
    media_type: str
    filename: str


def parse_audience(value: str) -> Audience:
    try:
        return Audience(value.strip().lower())
    except ValueError:
        raise BadInput("audience must be public or network", field="audience") from None


def check_format(value: str) -> str:
    fmt = value.strip().lower()
    if fmt not in FORMATS:
        raise BadInput(f"format must be one of {', '.join(FORMATS)}", field="format")
    return fmt


def as_data(report: AnnualReport) -> dict[str, Any]:
    """The report as JSON-ready data (charts as their numbers, not pictures)."""
    return {
        "year": report.year,
        "audience": report.audience.value,
        "tlp": report.tlp,
        "title": report.title,
        "generated_at": report.generated_at.isoformat(),
        "network": report.network.as_dict(),
        "totals": report.totals,
        "figures": [asdict(f) for f in report.figures],
        "code_of_practice": {
            "commitment": 14,
            "measure": "14.3",
            "platforms": list(report.platforms),
            "ttps": [{**asdict(r), "total": r.total} for r in report.ttps],
            "counters": [{**asdict(c), "total": c.total} for c in report.counters],
        },
        "outcomes": [{**asdict(o), "day": o.day.isoformat()} for o in report.outcomes],
        "charts": [asdict(c) for c in report.charts],
    }


def render(report: AnnualReport, fmt: str) -> Rendered:
    """The report in ``fmt`` (one of :data:`FORMATS`)."""
    fmt = check_format(fmt)
    if fmt == "pdf":
        from cdnet.reports.annual.pdf import render_pdf

        content = render_pdf(report)
    elif fmt == "html":
        from cdnet.reports.annual.html import render_html

        content = render_html(report).encode("utf-8")
    elif fmt == "md":
        from cdnet.reports.annual.markdown import render_markdown

        content = render_markdown(report).encode("utf-8")
    else:
        data = report.navigator_layer() if fmt == "navigator" else as_data(report)
        content = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    return Rendered(content, _MEDIA[fmt], f"{report.filename}.{_SUFFIX[fmt]}")
