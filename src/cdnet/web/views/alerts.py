"""Alert pages: bundle findings, submit, review, send, record outcomes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cdnet.cases import workflow
from cdnet.cases.models import Alert, AlertState, Finding
from cdnet.dispatch import services as dispatch
from cdnet.dispatch.models import Delivery
from cdnet.impact.services import record_outcome
from cdnet.network.services import role_of
from cdnet.web.forms import AlertForm, OutcomeForm, ReviewForm, SendForm
from cdnet.web.views.common import attempt, current_user


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    alerts = Alert.objects.select_related("organisation", "created_by")
    state = request.GET.get("state", "")
    if state:
        alerts = alerts.filter(state=state)
    return render(
        request,
        "cdnet/alerts.html",
        {"alerts": alerts[:200], "state": state, "states": AlertState.choices},
    )


def _suggested_techniques(findings: list[Finding]) -> str:
    ids: list[str] = []
    for finding in findings:
        for tech in finding.techniques.all():
            if tech.external_id not in ids:
                ids.append(tech.external_id)
    return " ".join(ids)


@login_required
def alert_new(request: HttpRequest) -> HttpResponse:
    ids = [int(i) for i in request.POST.getlist("finding") + request.GET.getlist("finding") if i]
    findings = list(Finding.objects.filter(pk__in=ids))
    if request.method == "POST" and "title" in request.POST:
        form = AlertForm(request.POST)
        if form.is_valid():
            user = current_user(request)
            alert = attempt(
                request,
                lambda: workflow.create_alert(
                    user,
                    form.cleaned_data["title"],
                    form.cleaned_data["summary"],
                    form.cleaned_data["tlp"],
                    findings,
                    form.technique_ids(),
                ),
                "Alert drafted.",
            )
            if alert is not None:
                return redirect("alert_detail", pk=alert.pk)
    else:
        summary = "\n".join(f"- {f.subject}: {f.explanation}" for f in findings)
        form = AlertForm(
            initial={"summary": summary, "techniques": _suggested_techniques(findings)}
        )
    return render(request, "cdnet/alert_form.html", {"form": form, "findings": findings})


@login_required
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(Alert.objects.select_related("organisation", "created_by"), pk=pk)
    user = current_user(request)
    context = {
        "alert": alert,
        "is_author": workflow.is_author(alert, user),
        "can_review": role_of(user) in workflow.REVIEWER_ROLES,
        "can_dispatch": workflow.can_dispatch(alert, user),
        "review_form": ReviewForm(),
        "send_form": SendForm(),
        "outcome_form": OutcomeForm(),
        "deliveries": alert.deliveries.select_related("recipient").prefetch_related("attempts"),
        "events": alert.events.select_related("actor"),
        "reviews": alert.reviews.select_related("reviewer"),
        "outcomes": alert.outcomes.select_related("recorded_by"),
    }
    return render(request, "cdnet/alert_detail.html", context)


@login_required
def alert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(Alert, pk=pk)
    form = AlertForm(request.POST or None, initial={"title": alert.title, "summary": alert.summary})
    if request.method == "POST" and form.is_valid():
        user = current_user(request)
        title, summary = form.cleaned_data["title"], form.cleaned_data["summary"]
        if attempt(request, lambda: workflow.revise_alert(alert, user, title, summary), "Revised."):
            return redirect("alert_detail", pk=alert.pk)
    return render(request, "cdnet/alert_form.html", {"form": form, "alert": alert})


@login_required
@require_POST
def alert_submit(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(Alert, pk=pk)
    user = current_user(request)
    attempt(request, lambda: workflow.submit_for_review(alert, user), "Submitted for review.")
    return redirect("alert_detail", pk=pk)


@login_required
@require_POST
def alert_review(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(Alert, pk=pk)
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
    alert = get_object_or_404(Alert, pk=pk)
    form = SendForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose at least one recipient.")
        return redirect("alert_detail", pk=pk)
    user = current_user(request)
    recipients = list(form.cleaned_data["recipients"])
    deliveries = attempt(
        request, lambda: dispatch.dispatch_alert(alert, recipients, user), "Sending finished."
    )
    for delivery in deliveries or []:
        if delivery.last_error:
            messages.error(request, f"Delivery to {delivery.address} failed: {delivery.last_error}")
    return redirect("alert_detail", pk=pk)


@login_required
@require_POST
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(Delivery.objects.select_related("alert"), pk=pk)
    user = current_user(request)
    result = attempt(request, lambda: dispatch.retry_delivery(delivery, user), "Retried.")
    if result is not None and result.last_error:
        messages.error(request, f"Delivery to {result.address} failed again: {result.last_error}")
    return redirect("alert_detail", pk=delivery.alert_id)


@login_required
@require_POST
def alert_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(Alert, pk=pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Outcome not recorded: {form.errors.as_text()}")
        return redirect("alert_detail", pk=pk)
    user = current_user(request)
    data = form.cleaned_data
    attempt(
        request,
        lambda: record_outcome(
            alert, user, data["kind"], data["occurred_on"], data["note"], data["evidence_url"]
        ),
        "Outcome recorded.",
    )
    return redirect("alert_detail", pk=pk)
