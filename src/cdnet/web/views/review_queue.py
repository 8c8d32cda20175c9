"""The review queue pages: open sanctions and political-ad findings, each reviewed with its
evidence side by side, then confirmed or rejected (POST). TLP applies: hidden means 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cdnet.audit.log import record
from cdnet.cases import review_queue
from cdnet.cases.models import Finding, Tlp
from cdnet.cases.review_evidence import evidence_of
from cdnet.cases.visibility import visible_findings
from cdnet.web.views.common import attempt, current_user

_DONE = {"confirm": "confirmed", "reject": "rejected"}


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    """The queue, filtered by detector, state (open by default) and subject."""
    user = current_user(request)
    detector = request.GET.get("detector", "")
    state = request.GET.get("state", "open")
    if state not in review_queue.STATES:
        state = "open"
    detectors = [detector] if detector in review_queue.DETECTORS else review_queue.DETECTORS
    findings = review_queue.queue(user, detectors, state).select_related("dataset")
    query = request.GET.get("q", "").strip()
    if query:
        findings = findings.filter(subject__icontains=query)
    page = Paginator(findings, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "detector": detector,
        "state": state,
        "q": query,
        "detectors": review_queue.DETECTORS,
        "states": review_queue.STATES,
    }
    return render(request, "cdnet/review_queue.html", context)


def _reviewable(request: HttpRequest, pk: int) -> Finding:
    findings = visible_findings(current_user(request)).filter(detector__in=review_queue.DETECTORS)
    return get_object_or_404(findings.select_related("dataset", "organisation"), pk=pk)


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One finding: the evidence side by side, its decisions so far, confirm and reject."""
    user = current_user(request)
    finding = _reviewable(request, pk)
    if finding.tlp == Tlp.RED:
        record(user, "view", finding, "viewed a TLP:RED finding for review")
    context = {
        "finding": finding,
        "evidence": evidence_of(finding),
        "state": review_queue.state_of(finding),
        "history": review_queue.history(finding),
        "is_ad": finding.detector == review_queue.POLITICAL_ADS,
        "labels": review_queue.AD_LABELS,
    }
    return render(request, "cdnet/review_detail.html", context)


@login_required
@require_POST
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm or reject (POST: decision, comment, label); back to the queue when it worked."""
    user = current_user(request)
    finding = _reviewable(request, pk)
    decision = request.POST.get("decision", "")
    review = attempt(
        request,
        lambda: review_queue.decide(
            finding,
            user,
            decision,
            request.POST.get("comment", ""),
            request.POST.get("label", "") if decision == "confirm" else "",
        ),
        f"Finding {finding.pk} {_DONE.get(decision, decision)}.",
    )
    if review is None:
        return redirect("review_detail", pk=pk)
    return redirect("review_list")
