from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cdnet.audit.log import record
from cdnet.cases.findings import enter_finding
from cdnet.cases.models import Tlp
from cdnet.cases.visibility import visible_alerts, visible_cases, visible_findings
from cdnet.evidence.visibility import visible_evidence
from cdnet.web.forms import ManualFindingForm
from cdnet.web.views import publication
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


@login_required
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    finding = get_object_or_404(visible_findings(user), pk=pk)
    if finding.tlp == Tlp.RED:
        record(user, "view", finding, "viewed a TLP:RED finding")
    context = {
        "finding": finding,
        "subjects": finding.subjects.all(),
        "cases": visible_cases(user, finding.cases.all()),
        "alerts": visible_alerts(user, finding.alerts.all()),
        "evidence": visible_evidence(user, finding.evidence.all()),
        "publication": publication.public_state(user, finding),
    }
    return render(request, "cdnet/finding_detail.html", context)


@login_required
@require_POST
def finding_publication(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Approve the finding for the public yearly report, or withdraw that (coordinators)."""
    user = current_user(request)
    finding = get_object_or_404(visible_findings(user), pk=pk)
    publication.decide(request, user, finding, action)
    return redirect("finding_detail", pk=pk)
