"""Cases: open, read, claim, tasks, comments, suggestions, draft an alert from one."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.responses import Status

from cdnet.audit.log import record
from cdnet.cases import alerts as content
from cdnet.cases import casework, suggestions
from cdnet.cases.models import Case, CaseComment, CaseSuggestion, CaseTask, SuggestionState, Tlp
from cdnet.cases.visibility import visible_cases, visible_findings
from cdnet.errors import BadInput
from cdnet.web.api_routes.alerts import alert_out
from cdnet.web.api_routes.schemas import AlertOut, CaseIn, CaseOut, TextIn

router = Router(tags=["cases"])


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - token auth guarantees it
    return user


def _case(request: HttpRequest, case_id: int) -> Case:
    case = get_object_or_404(visible_cases(request.user), pk=case_id)
    if case.tlp == Tlp.RED and request.method == "GET":
        record(request.user, "view", case, "viewed a TLP:RED case (API)")
    return case


def _comment(c: CaseComment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "author": c.author.get_username(),
        "body": c.body,
        "mentions": [u.get_username() for u in c.mentions.all()],
    }


def case_out(request: HttpRequest, case: Case) -> CaseOut:
    return CaseOut(
        id=case.pk,
        title=case.title,
        description=case.description,
        tlp=case.tlp,
        state=case.state,
        lead_organisation=case.lead_organisation.name,
        participants=sorted(u.get_username() for u in case.participants.all()),
        claimed_by=case.claimed_by.get_username() if case.claimed_by else None,
        finding_ids=list(
            visible_findings(request.user, case.findings.all()).values_list("pk", flat=True)
        ),
        alert_ids=list(case.alerts.values_list("pk", flat=True)),
        tasks=[{"id": t.pk, "title": t.title, "done": t.done} for t in case.tasks.all()],
        comments=[_comment(c) for c in case.comments.select_related("author")],
        suggestions=[
            {"id": s.pk, "finding_id": s.finding_id, "matched_on": s.matched_on}
            for s in case.suggestions.filter(state=SuggestionState.PENDING)
        ],
    )


@router.get("/cases", response=list[CaseOut], summary="Cases you may read")
def list_cases(request: HttpRequest, state: str = "") -> list[CaseOut]:
    cases = visible_cases(request.user)
    if state:
        cases = cases.filter(state=state)
    return [case_out(request, c) for c in cases[:200]]


@router.post("/cases", response={201: CaseOut}, summary="Open a case from findings")
def open_case(request: HttpRequest, body: CaseIn) -> Status[CaseOut]:
    findings = list(visible_findings(request.user).filter(pk__in=body.finding_ids))
    if len(findings) != len(set(body.finding_ids)):
        raise BadInput("unknown finding id", field="finding_ids")
    case = casework.open_case(_user(request), body.title, body.description, body.tlp, findings)
    return Status(201, case_out(request, case))


@router.get("/cases/{case_id}", response=CaseOut, summary="One case")
def get_case(request: HttpRequest, case_id: int) -> CaseOut:
    return case_out(request, _case(request, case_id))


@router.post("/cases/{case_id}/findings", response=CaseOut, summary="Add findings")
def add_findings(request: HttpRequest, case_id: int, finding_ids: list[int]) -> CaseOut:
    case = _case(request, case_id)
    findings = list(visible_findings(request.user).filter(pk__in=finding_ids))
    return case_out(request, casework.add_findings(case, _user(request), findings))


@router.post("/cases/{case_id}/claim", response=CaseOut, summary="Claim the case")
def claim(request: HttpRequest, case_id: int) -> CaseOut:
    return case_out(request, casework.claim(_case(request, case_id), _user(request)))


@router.post("/cases/{case_id}/join", response=CaseOut, summary="Join the case")
def join(request: HttpRequest, case_id: int) -> CaseOut:
    return case_out(request, casework.join(_case(request, case_id), _user(request)))


@router.post("/cases/{case_id}/release", response=CaseOut, summary="Release your claim")
def release(request: HttpRequest, case_id: int) -> CaseOut:
    return case_out(request, casework.release(_case(request, case_id), _user(request)))


@router.post("/cases/{case_id}/close", response=CaseOut, summary="Close the case")
def close(request: HttpRequest, case_id: int) -> CaseOut:
    return case_out(request, casework.close_case(_case(request, case_id), _user(request)))


@router.post("/cases/{case_id}/tasks", response=CaseOut, summary="Add a task")
def add_task(request: HttpRequest, case_id: int, body: TextIn) -> CaseOut:
    case = _case(request, case_id)
    casework.add_task(case, _user(request), body.text)
    return case_out(request, case)


@router.post("/tasks/{task_id}/done", response=CaseOut, summary="Mark a task done")
def task_done(request: HttpRequest, task_id: int) -> CaseOut:
    cases = visible_cases(request.user)
    task = get_object_or_404(CaseTask.objects.filter(case__in=cases), pk=task_id)
    casework.complete_task(task, _user(request))
    return case_out(request, task.case)


@router.post("/cases/{case_id}/comments", response=CaseOut, summary="Comment (@mentions)")
def add_comment(request: HttpRequest, case_id: int, body: TextIn) -> CaseOut:
    case = _case(request, case_id)
    casework.comment(case, _user(request), body.text)
    return case_out(request, case)


@router.post(
    "/suggestions/{suggestion_id}", response=CaseOut, summary="Accept or dismiss a suggestion"
)
def decide(request: HttpRequest, suggestion_id: int, accept: bool) -> CaseOut:
    cases = visible_cases(request.user)
    suggestion = get_object_or_404(CaseSuggestion.objects.filter(case__in=cases), pk=suggestion_id)
    suggestions.decide(suggestion, _user(request), accept)
    return case_out(request, suggestion.case)


@router.post("/cases/{case_id}/alert", response={201: AlertOut}, summary="Draft an alert")
def draft_alert(request: HttpRequest, case_id: int) -> Status[AlertOut]:
    alert = content.draft_from_case(_case(request, case_id), _user(request))
    return Status(201, alert_out(alert))
