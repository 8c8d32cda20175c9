"""The yearly report over the API: the years with data, and one year's report in any format."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from cdnet.reports.annual import build_report, parse_audience, render, years_with_data
from cdnet.reports.annual.access import check_may_read, for_viewer

router = Router(tags=["reports"])


@router.get("/reports/years", summary="The years with data (?audience=public|network)")
def years(request: HttpRequest, audience: str = "public") -> dict[str, list[int]]:
    chosen = parse_audience(audience)
    check_may_read(request.user, chosen)
    return {"years": years_with_data(chosen)}


@router.get(
    "/reports/annual/{year}",
    summary="The yearly report (?format=json|md|html|pdf|navigator&audience=public|network)",
)
def annual(
    request: HttpRequest, year: int, format: str = "json", audience: str = "public"
) -> HttpResponse:
    chosen = parse_audience(audience)
    check_may_read(request.user, chosen)
    rendered = render(for_viewer(build_report(year, chosen), request.user), format)
    response = HttpResponse(rendered.content, content_type=rendered.media_type)
    if not format.strip().lower() == "json":
        response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    return response
