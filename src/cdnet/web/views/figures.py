"""The figures of any period (``/reports/figures/``) and the records behind one figure."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cdnet.errors import BadInput, NotAllowed, NotFound
from cdnet.network.services import role_of
from cdnet.reports.figure import Audience, Figure, Period
from cdnet.reports.figures import compute_figure, compute_figures
from cdnet.reports.figures.access import for_viewer, parse_audience, parse_period


def _query(request: HttpRequest) -> tuple[Period, Audience]:
    get = request.GET
    try:
        audience = parse_audience(get.get("audience", ""), request.user)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    return parse_period(get.get("start", ""), get.get("end", ""), get.get("year")), audience


def _page(
    request: HttpRequest, template: str, compute: Callable[[Period, Audience], list[Figure]]
) -> HttpResponse:
    try:
        period, audience = _query(request)
        figures = for_viewer(compute(period, audience), request.user, audience)
    except BadInput as exc:
        return render(request, template, {"error": str(exc)}, status=400)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    query = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    context = {
        "period": period,
        "audience": audience.value,
        "figures": figures,
        "query": urlencode({**query, "audience": audience.value}),
        "public_query": urlencode({**query, "audience": Audience.PUBLIC.value}),
        "network_query": urlencode({**query, "audience": Audience.NETWORK.value}),
        "member": role_of(request.user) is not None,
    }
    return render(request, template, context)


@login_required
def figure_list(request: HttpRequest) -> HttpResponse:
    """Every figure of the period, each linked to its records."""
    return _page(request, "cdnet/figures.html", compute_figures)


@login_required
def figure_records(request: HttpRequest, key: str) -> HttpResponse:
    """One figure and the records it was counted from."""
    return _page(request, "cdnet/figure_records.html", lambda p, a: [compute_figure(key, p, a)])
