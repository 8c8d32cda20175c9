"""The figures of the yearly report with the records behind each, and the chart series."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from cdnet.reports.figure import Audience, Figure, Period
from cdnet.reports.figures import compute_figure, compute_figures
from cdnet.reports.figures.access import for_viewer, parse_audience, parse_period
from cdnet.reports.series import chart_series

router = Router(tags=["reports"])


class RecordOut(Schema):
    kind: str
    id: int
    label: str
    url: str


class FigureOut(Schema):
    key: str
    label: str
    value: int
    unit: str
    section: str
    note: str
    breakdown: dict[str, int]
    records: list[RecordOut]


class FiguresOut(Schema):
    start: str
    end: str
    label: str
    audience: str
    figures: list[FigureOut]


def figure_out(figure: Figure) -> FigureOut:
    return FigureOut(
        key=figure.key,
        label=figure.label,
        value=figure.value,
        unit=figure.unit,
        section=figure.section,
        note=figure.note,
        breakdown=figure.breakdown,
        records=[RecordOut(kind=r.kind, id=r.pk, label=r.label, url=r.url) for r in figure.records],
    )


def _figures(
    request: HttpRequest, period: Period, audience: Audience, figures: list[Figure]
) -> FiguresOut:
    return FiguresOut(
        start=period.start.isoformat(),
        end=period.end.isoformat(),
        label=period.label,
        audience=audience.value,
        figures=[figure_out(f) for f in for_viewer(figures, request.user, audience)],
    )


@router.get("/reports/figures", response=FiguresOut, summary="The figures of a period")
def list_figures(
    request: HttpRequest, start: str = "", end: str = "", year: str = "", audience: str = "public"
) -> FiguresOut:
    """Every figure of the period (``start`` and ``end``, or ``year``; default this year) for
    the ``public`` (TLP:CLEAR or approved records) or the ``network`` audience (members only),
    each with the records it was counted from."""
    chosen = parse_audience(audience, request.user)
    period = parse_period(start, end, year)
    return _figures(request, period, chosen, compute_figures(period, chosen))


@router.get("/reports/figures/{key}", response=FiguresOut, summary="One figure of a period")
def one_figure(
    request: HttpRequest,
    key: str,
    start: str = "",
    end: str = "",
    year: str = "",
    audience: str = "public",
) -> FiguresOut:
    """One figure by its key (404 for an unknown key), as ``/reports/figures`` gives it."""
    chosen = parse_audience(audience, request.user)
    period = parse_period(start, end, year)
    return _figures(request, period, chosen, [compute_figure(key, period, chosen)])


@router.get("/reports/series", response=dict[str, Any], summary="Chart data of a period")
def series(
    request: HttpRequest, start: str = "", end: str = "", year: str = "", audience: str = "public"
) -> dict[str, Any]:
    """Alerts, findings and outcomes of the period per month, platform, country and kind."""
    chosen = parse_audience(audience, request.user)
    return chart_series(parse_period(start, end, year), chosen).as_dict()
