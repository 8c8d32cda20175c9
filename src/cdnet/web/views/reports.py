"""The yearly report's pages: the years, one year's report in the app, its downloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cdnet.errors import BadInput, NotAllowed, NotFound
from cdnet.reports.annual import AnnualReport, build_report, parse_audience, years_with_data
from cdnet.reports.annual import render as render_report
from cdnet.reports.annual.access import check_may_read, for_viewer, may_read
from cdnet.reports.annual.html import annual_context
from cdnet.reports.figure import Audience

DOWNLOADS = (("pdf", "PDF"), ("html", "HTML"), ("md", "Markdown"), ("navigator", "Navigator layer"),
             ("json", "JSON"))  # fmt: skip


def _audience(request: HttpRequest) -> Audience:
    try:
        audience = parse_audience(request.GET.get("audience", "public"))
        check_may_read(request.user, audience)
    except BadInput as exc:
        raise Http404(str(exc)) from exc
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    return audience


def _report(request: HttpRequest, year: int, audience: Audience) -> AnnualReport:
    try:
        return for_viewer(build_report(year, audience), request.user)
    except (NotFound, BadInput) as exc:
        raise Http404(str(exc)) from exc


@login_required
def report_index(request: HttpRequest) -> HttpResponse:
    audience = _audience(request)
    return render(
        request,
        "reports/index.html",
        {
            "years": list(reversed(years_with_data(audience))),
            "audience": audience.value,
            "member": may_read(request.user, Audience.NETWORK),
            "downloads": DOWNLOADS,
        },
    )


@login_required
def annual_page(request: HttpRequest, year: int) -> HttpResponse:
    audience = _audience(request)
    context = annual_context(_report(request, year, audience))
    context.update(
        member=may_read(request.user, Audience.NETWORK),
        audience=audience.value,
        downloads=DOWNLOADS,
        in_app=True,  # figures link to the page of their records
    )
    return render(request, "reports/annual_page.html", context)


@login_required
def annual_download(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    audience = _audience(request)
    try:
        rendered = render_report(_report(request, year, audience), fmt)
    except BadInput as exc:
        raise Http404(str(exc)) from exc
    response = HttpResponse(rendered.content, content_type=rendered.media_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    return response
