"""Alert pages: draft (from findings or a case), revise, review, send, outcomes, versions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cdnet.audit.log import record
from cdnet.cases import alerts as content
from cdnet.cases import workflow
from cdnet.cases.models import Alert, AlertState, Finding, Tlp
from cdnet.cases.visibility import visible_alerts, visible_cases, visible_findings
from cdnet.dispatch import services as dispatch
from cdnet.dispatch.models import Delivery
from cdnet.evidence.visibility import visible_evidence
from cdnet.impact.models import Outcome
from cdnet.impact.services import record_outcome, time_to_action
from cdnet.impact.visibility import visible_outcomes
from cdnet.network.services import role_of
from cdnet.web.forms import AlertForm, OutcomeForm, ReviewForm, SendForm
from cdnet.web.views import publication
from cdnet.web.views.common import attempt, current_user


def visible_alert(request: HttpRequest, pk: int) -> Alert:
    """The alert if the user may read it (a 404 otherwise); a read of TLP:RED is audited."""
    user = current_user(request)
    alert = get_object_or_404(
        visible_alerts(user, Alert.objects.select_related("organisation", "created_by")), pk=pk
    )
    if alert.tlp == Tlp.RED and request.method == "GET":
        record(user, "view", alert, "viewed a TLP:RED alert")
    return alert


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    alerts = visible_alerts(current_user(request)).select_related("organisation", "created_by")
    state = request.GET.get("state", "")
    if state:
        alerts = alerts.filter(state=state)
    return render(
        request,
        "cdnet/alerts.html",
        {"alerts": alerts[:200], "state": state, "states": AlertState.choices},
    )


def _suggested_techniques(findings: list[Finding]) -> list[str]:
    ids: dict[str, None] = {}
    for finding in findings:
        for tech in finding.techniques.all():
            if content.is_disarm_technique(tech.external_id):
                ids[tech.external_id] = None
    return list(ids)


@login_required
def alert_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    ids = [int(i) for i in request.POST.getlist("finding") + request.GET.getlist("finding") if i]
    findings = list(visible_findings(user).filter(pk__in=ids))
    if request.method == "POST" and "title" in request.POST:
        form = AlertForm(request.POST)
        if form.is_valid():
            draft = form.content()
            alert = attempt(
                request, lambda: content.create_alert(user, draft, findings), "Alert drafted."
            )
            if alert is not None:
                return redirect("alert_detail", pk=alert.pk)
    else:
        summary = "\n".join(f"- {f.subject}: {f.explanation}" for f in findings)
        form = AlertForm(
            initial={"summary": summary, "techniques": " ".join(_suggested_techniques(findings))}
        )
    return render(request, "cdnet/alert_form.html", {"form": form, "findings": findings})


@login_required
@require_POST
def alert_from_case(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    case = get_object_or_404(visible_cases(user), pk=pk)
    alert = attempt(request, lambda: content.draft_from_case(case, user), "Alert drafted.")
    if alert is None:
        return redirect("case_detail", pk=pk)
    return redirect("alert_edit", pk=alert.pk)


def _outcomes(user: User, alert: Alert) -> list[Outcome]:
    """The alert's outcomes the user may read, each with its ``days_to_action``."""
    rows = visible_outcomes(user, alert.outcomes.all()).select_related("recorded_by")
    outcomes = list(rows.prefetch_related("counters"))
    for outcome in outcomes:
        tta = time_to_action(outcome)
        setattr(outcome, "days_to_action", tta.days if tta is not None else None)  # noqa: B010
    return outcomes


@login_required
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = visible_alert(request, pk)
    user = current_user(request)
    versions = list(alert.versions.select_related("author"))
    context = {
        "alert": alert,
        "credits": content.credits(alert),
        "is_author": workflow.is_author(alert, user),
        "can_review": role_of(user) in workflow.REVIEWER_ROLES,
        "is_coordinator": role_of(user) in workflow.DISPATCHER_ROLES,
        "can_dispatch": workflow.can_dispatch(alert, user),
        "approvals": len(workflow.approvals_this_round(alert)),
        "review_form": ReviewForm(),
        "send_form": SendForm(alert=alert) if workflow.can_dispatch(alert, user) else None,
        "outcome_form": OutcomeForm(),
        "deliveries": alert.deliveries.select_related("recipient").prefetch_related("attempt_log"),
        "events": alert.events.select_related("actor"),
        "reviews": alert.reviews.select_related("reviewer"),
        "outcomes": _outcomes(user, alert),
        "versions": versions,
        "findings": visible_findings(user, alert.findings.all()),
        "evidence": visible_evidence(user, alert.evidence.all()),
        "publication": publication.public_state(user, alert),
    }
    return render(request, "cdnet/alert_detail.html", context)


@login_required
@require_POST
def alert_publication(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Approve the alert for the public yearly report, or withdraw that (coordinators)."""
    alert = visible_alert(request, pk)
    publication.decide(request, current_user(request), alert, action)
    return redirect("alert_detail", pk=pk)


@login_required
def alert_diff(request: HttpRequest, pk: int) -> HttpResponse:
    alert = visible_alert(request, pk)
    last = alert.versions.count()
    old = int(request.GET.get("old", max(last - 1, 1)))
    new = int(request.GET.get("new", last))
    diffs = attempt(request, lambda: content.diff_versions(alert, old, new), "") or []
    return render(
        request,
        "cdnet/alert_diff.html",
        {"alert": alert, "diffs": diffs, "old": old, "new": new, "last": last},
    )


@login_required
def alert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    alert = visible_alert(request, pk)
    user = current_user(request)
    form = AlertForm(
        request.POST or None, initial=AlertForm.initial_from(content.content_for(alert))
    )
    if request.method == "POST" and form.is_valid():
        revised = form.content()
        if attempt(request, lambda: content.revise_alert(alert, user, revised), "Revised."):
            return redirect("alert_detail", pk=alert.pk)
    return render(request, "cdnet/alert_form.html", {"form": form, "alert": alert})


@login_required
@require_POST
def alert_submit(request: HttpRequest, pk: int) -> HttpResponse:
    alert = visible_alert(request, pk)
    user = current_user(request)
    attempt(request, lambda: workflow.submit_for_review(alert, user), "Submitted for review.")
    return redirect("alert_detail", pk=pk)


@login_required
@require_POST
def alert_review(request: HttpRequest, pk: int) -> HttpResponse:
    alert = visible_alert(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a decision.")
        return redirect("alert_detail", pk=pk)
    user = current_user(request)
    decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
    attempt(request, lambda: workflow.review(alert, user, decision, comment), "Review recorded.")
    return redirect("alert_detail", pk=pk)


@login_required
@require_POST
def alert_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the alert for the recipients ticked on the send form (suggestions come pre-ticked)."""
    alert = visible_alert(request, pk)
    form = SendForm(request.POST, alert=alert)
    if not form.is_valid():
        for error in form.errors.get("recipients", []):
            messages.error(request, str(error))
        return redirect("alert_detail", pk=pk)
    user = current_user(request)
    recipients = list(form.cleaned_data["recipients"])
    deliveries = attempt(request, lambda: dispatch.dispatch_alert(alert, recipients, user), "")
    if deliveries is not None:
        names = ", ".join(sorted({d.recipient.name for d in deliveries}))
        messages.success(
            request,
            f"Queued {len(deliveries)} deliveries ({names})."
            if deliveries
            else "Nothing new to send.",
        )
    for delivery in deliveries or []:
        if delivery.last_error:
            messages.error(request, f"Delivery to {delivery.address} failed: {delivery.last_error}")
    return redirect("alert_detail", pk=pk)


@login_required
@require_POST
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    delivery = get_object_or_404(
        Delivery.objects.select_related("alert").filter(alert__in=visible_alerts(user)), pk=pk
    )
    queued = "Queued for another attempt: the worker sends it."
    attempt(request, lambda: dispatch.retry_delivery(delivery, user), queued)
    return redirect("alert_detail", pk=delivery.alert_id)


@login_required
@require_POST
def alert_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    alert = visible_alert(request, pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Outcome not recorded: {form.errors.as_text()}")
        return redirect("alert_detail", pk=pk)
    user = current_user(request)
    data, options = form.cleaned_data, form.options()
    attempt(
        request,
        lambda: record_outcome(
            alert,
            user,
            data["kind"],
            data["occurred_on"],
            data["note"],
            data["evidence_url"],
            **options,
        ),
        "Outcome recorded.",
    )
    return redirect("alert_detail", pk=pk)


@login_required
@require_POST
def alert_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """coauthor, approvals, withdraw, close."""
    alert = visible_alert(request, pk)
    user = current_user(request)
    value = request.POST.get("value", "").strip()
    if action == "coauthor":
        coauthor = User.objects.filter(username=value).first()
        if coauthor is None:
            messages.error(request, f"No member named {value!r}.")
        else:
            attempt(
                request, lambda: content.add_coauthor(alert, user, coauthor), "Co-author added."
            )
    elif action == "approvals":
        count = int(value) if value.isdigit() else 0
        attempt(
            request,
            lambda: workflow.require_approvals(alert, user, count),
            "Approvals required updated.",
        )
    elif action == "withdraw":
        attempt(request, lambda: workflow.withdraw(alert, user, value), "Alert withdrawn.")
    elif action == "close":
        attempt(request, lambda: workflow.close(alert, user, value), "Alert closed.")
    return redirect("alert_detail", pk=pk)
