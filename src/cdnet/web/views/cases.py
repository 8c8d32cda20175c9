"""Case pages: open a case from findings, claim it, tasks, comments, suggestions, close."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cdnet.audit.log import record
from cdnet.cases import casework, suggestions
from cdnet.cases.markup import render_markdown
from cdnet.cases.models import Case, CaseState, CaseSuggestion, CaseTask, SuggestionState, Tlp
from cdnet.cases.visibility import visible_alerts, visible_cases, visible_findings
from cdnet.evidence.visibility import visible_evidence
from cdnet.web.forms import CaseForm, CommentForm, TaskForm
from cdnet.web.views.common import attempt, current_user


def visible_case(request: HttpRequest, pk: int) -> Case:
    user = current_user(request)
    case = get_object_or_404(visible_cases(user).select_related("lead_organisation"), pk=pk)
    if case.tlp == Tlp.RED and request.method == "GET":
        record(user, "view", case, "viewed a TLP:RED case")
    return case


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    cases = visible_cases(current_user(request)).select_related("lead_organisation", "claimed_by")
    state = request.GET.get("state", CaseState.OPEN)
    if state:
        cases = cases.filter(state=state)
    return render(request, "cdnet/cases.html", {"cases": cases[:200], "state": state})


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    ids = [int(i) for i in request.POST.getlist("finding") if i]
    findings = list(visible_findings(user).filter(pk__in=ids))
    form = CaseForm(request.POST if "title" in request.POST else None)
    if form.is_valid():
        data = form.cleaned_data
        case = attempt(
            request,
            lambda: casework.open_case(
                user, data["title"], data["description"], data["tlp"], findings
            ),
            "Case opened.",
        )
        if case is not None:
            return redirect("case_detail", pk=case.pk)
    if not form.is_bound and findings:
        form = CaseForm(initial={"title": f"{findings[0].detector}: {findings[0].subject}"})
    return render(request, "cdnet/case_form.html", {"form": form, "findings": findings})


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = visible_case(request, pk)
    user = current_user(request)
    context = {
        "case": case,
        "description_html": render_markdown(case.description),
        "findings": visible_findings(user, case.findings.all()).prefetch_related("techniques"),
        "participants": case.participants.all(),
        "tasks": case.tasks.select_related("assignee"),
        "comments": case.comments.select_related("author"),
        "suggestions": case.suggestions.filter(state=SuggestionState.PENDING).select_related(
            "finding"
        ),
        "alerts": visible_alerts(user, case.alerts.all()),
        "evidence": visible_evidence(user, case.evidence.all()),
        "comment_form": CommentForm(),
        "task_form": TaskForm(),
    }
    return render(request, "cdnet/case_detail.html", context)


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """claim, release, join, close, comment, task."""
    case = visible_case(request, pk)
    user = current_user(request)
    if action == "claim":
        attempt(request, lambda: casework.claim(case, user), "You claimed this case.")
    elif action == "release":
        attempt(request, lambda: casework.release(case, user), "Claim released.")
    elif action == "join":
        attempt(request, lambda: casework.join(case, user), "You joined this case.")
    elif action == "close":
        attempt(request, lambda: casework.close_case(case, user), "Case closed.")
    elif action == "comment":
        body = request.POST.get("body", "")
        attempt(request, lambda: casework.comment(case, user, body), "Comment added.")
    elif action == "task":
        title = request.POST.get("title", "")
        attempt(request, lambda: casework.add_task(case, user, title), "Task added.")
    return redirect("case_detail", pk=pk)


@login_required
@require_POST
def task_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    task = get_object_or_404(CaseTask.objects.filter(case__in=visible_cases(user)), pk=pk)
    attempt(request, lambda: casework.complete_task(task, user), "Task done.")
    return redirect("case_detail", pk=task.case_id)


@login_required
@require_POST
def suggestion_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    suggestion = get_object_or_404(
        CaseSuggestion.objects.filter(case__in=visible_cases(user)), pk=pk
    )
    accept = request.POST.get("accept") == "1"
    attempt(
        request,
        lambda: suggestions.decide(suggestion, user, accept),
        "Finding added to the case." if accept else "Suggestion dismissed.",
    )
    return redirect("case_detail", pk=suggestion.case_id)
