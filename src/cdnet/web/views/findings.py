from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cdnet.cases.models import Finding


@login_required
def finding_list(request: HttpRequest) -> HttpResponse:
    findings = Finding.objects.prefetch_related("techniques")
    detector = request.GET.get("detector", "")
    if detector:
        findings = findings.filter(detector=detector)
    query = request.GET.get("q", "").strip()
    if query:
        findings = findings.filter(subject__icontains=query)
    page = Paginator(findings, 50).get_page(request.GET.get("page"))
    detectors = Finding.objects.values_list("detector", flat=True).distinct().order_by("detector")
    return render(
        request,
        "cdnet/findings.html",
        {"page": page, "detector": detector, "q": query, "detectors": list(detectors)},
    )
