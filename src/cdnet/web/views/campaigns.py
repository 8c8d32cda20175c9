"""The campaign view: a coordination finding as a graph, a timeline and sample posts, and a
button that opens a case from it. TLP applies as on the finding page: hidden means 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cdnet.audit.log import record
from cdnet.cases.campaigns import DETECTOR, load_campaign, open_case_from_campaign, samples
from cdnet.cases.models import Finding, Tlp
from cdnet.cases.visibility import visible_cases, visible_findings
from cdnet.web import campaign_layout
from cdnet.web.views.common import attempt, current_user


def _campaign_finding(request: HttpRequest, pk: int) -> Finding:
    user = current_user(request)
    queryset = visible_findings(user).filter(detector=DETECTOR).select_related("dataset")
    return get_object_or_404(queryset, pk=pk)


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    finding = _campaign_finding(request, pk)
    if finding.tlp == Tlp.RED:
        record(user, "view", finding, "viewed a TLP:RED campaign")
    campaign = load_campaign(finding)
    context = {
        "finding": finding,
        "campaign": campaign,
        "graph": campaign_layout.graph(campaign),
        "timeline": campaign_layout.timeline(campaign),
        "samples": samples(campaign),
        "cases": visible_cases(user, finding.cases.all()),
        "max_marks": campaign_layout.MAX_MARKS,
    }
    return render(request, "cdnet/campaign.html", context)


@login_required
@require_POST
def campaign_open_case(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a case with this campaign's finding (POST; the case page is where it lands)."""
    user = current_user(request)
    finding = _campaign_finding(request, pk)
    case = attempt(
        request, lambda: open_case_from_campaign(user, finding), "Case opened from this campaign."
    )
    if case is None:
        return redirect("campaign_detail", pk=pk)
    return redirect("case_detail", pk=case.pk)
