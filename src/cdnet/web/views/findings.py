from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cdnet.cases.findings import enter_finding
from cdnet.cases.visibility import visible_findings
from cdnet.web.forms import ManualFindingForm
from cdnet.web.views.common import attempt, current_user


@login_required
def finding_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    findings = visible_findings(user).prefetch_related("techniques")
    detector = request.GET.get("detector", "")
    if detector:
        findings = findings.filter(detector=detector)
    query = request.GET.get("q", "").strip()
    if query:
        findings = findings.filter(subject__icontains=query)
    page = Paginator(findings, 50).get_page(request.GET.get("page"))
    detectors = (
        visible_findings(user).values_list("detector", flat=True).distinct().order_by("detector")
    )
    return render(
        request,
        "cdnet/findings.html",
        {"page": page, "detector": detector, "q": query, "detectors": list(detectors)},
    )


@login_required
def finding_new(request: HttpRequest) -> HttpResponse:
    """Enter a finding by hand."""
    form = ManualFindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data, user = form.cleaned_data, current_user(request)
        finding = attempt(
            request,
            lambda: enter_finding(
                user,
                data["explanation"],
                form.subject_list(),
                tlp=data["tlp"],
                disarm=data["disarm"].replace(",", " ").split(),
                platform=data["platform"],
                country=data["country"].upper(),
                lang=data["language"],
            ),
            "Finding saved.",
        )
        if finding is not None:
            return redirect("finding_list")
    return render(request, "cdnet/finding_form.html", {"form": form})
