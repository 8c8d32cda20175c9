"""Re-check pages: the targets with their last results, the pending proposals (confirm, reject),
and one target's full history. Targets follow their alert's TLP: hidden means 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from cdnet.cases.visibility import visible_alerts
from cdnet.impact.models import ProposalState, RecheckProposal, RecheckTarget
from cdnet.impact.recheck import proposals
from cdnet.impact.recheck.schedule import latest_results
from cdnet.web.views.common import attempt, current_user


def _targets(request: HttpRequest) -> list[RecheckTarget]:
    alerts = visible_alerts(current_user(request))
    return list(RecheckTarget.objects.filter(alert__in=alerts).select_related("alert"))


@login_required
def recheck_list(request: HttpRequest) -> HttpResponse:
    targets = _targets(request)
    pending = RecheckProposal.objects.filter(
        target__in=targets, state=ProposalState.PENDING
    ).select_related("target")
    latest = latest_results(targets)
    rows = [(t, latest[t.pk]) for t in targets]
    return render(request, "cdnet/rechecks.html", {"rows": rows, "pending": pending})


@login_required
def recheck_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alerts = visible_alerts(current_user(request))
    target = get_object_or_404(RecheckTarget.objects.filter(alert__in=alerts), pk=pk)
    context = {
        "target": target,
        "results": target.results.order_by("-checked_at", "-id")[:200],
        "proposals": target.proposals.select_related("decided_by", "outcome"),
    }
    return render(request, "cdnet/rechecks_detail.html", context)


@login_required
@require_POST
def proposal_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = current_user(request)
    visible = RecheckProposal.objects.filter(target__alert__in=visible_alerts(user))
    proposal = get_object_or_404(visible, pk=pk)
    note = request.POST.get("note", "")
    if action == "confirm":
        countries = request.POST.get("countries", "").replace(",", " ").split() or None
        attempt(request, lambda: proposals.confirm(proposal, user, note, countries=countries),
                "Confirmed: the outcome is recorded.")  # fmt: skip
    elif action == "reject":
        attempt(request, lambda: proposals.reject(proposal, user, note), "Rejected.")
    else:
        raise Http404("no such action")
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/rechecks/") else "recheck_list")


urlpatterns: list[URLPattern] = [
    path("rechecks/", recheck_list, name="recheck_list"),
    path("rechecks/<int:pk>/", recheck_detail, name="recheck_detail"),
    path(
        "rechecks/proposals/<int:pk>/<str:action>/", proposal_decide, name="recheck_proposal_decide"
    ),
]
