"""Re-checks: targets, running checks, their results, and deciding the proposals they make.

Targets follow their alert's TLP: what a member cannot see is a 404. "Run now" enqueues a task
for the worker and answers 202 with its id (``GET /rechecks/tasks/{id}`` tells how it went);
``?wait=true`` runs the checks inside the request instead and answers with what they found."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status

from cdnet.cases.visibility import visible_alerts
from cdnet.errors import BadInput, NotAllowed, NotFound
from cdnet.impact.models import RecheckProposal, RecheckResult, RecheckTarget
from cdnet.impact.recheck import proposals, tasks
from cdnet.impact.recheck.schedule import (
    add_target,
    last_results,
    latest_results,
    run_all,
    run_due_rechecks,
    run_target,
    set_active,
)
from cdnet.network.services import role_of

router = Router(tags=["rechecks"])


class TargetIn(Schema):
    url: str
    alert_id: int
    every_hours: int = 24
    countries: list[str] = []
    platform: str = ""


class ResultOut(Schema):
    id: int
    run: str
    vantage: str
    proxy_url: str
    checked_at: dt.datetime
    reachable: bool
    status_code: int | None
    final_url: str
    content_sha256: str
    state: str
    unavailable: bool
    matched_phrase: str
    meaning: str
    error: str
    changed: bool


class TargetOut(Schema):
    id: int
    url: str
    alert_id: int
    platform: str
    every_hours: int
    countries: list[str]
    active: bool
    next_due_at: dt.datetime
    created_by: str
    last_results: list[ResultOut]


class ProposalOut(Schema):
    id: int
    target_id: int
    url: str
    kind: str
    countries: list[str]
    reason: str
    state: str
    result_ids: list[int]
    created_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_note: str
    outcome_id: int | None


class RunIn(Schema):
    scope: str = "due"  # due | all


class RunOut(Schema):
    checked: int
    results: list[ResultOut]
    proposals: list[ProposalOut]


class QueuedOut(Schema):
    task_id: str
    status: str
    scope: str  # due | all | target
    target_id: int | None = None


class TaskOut(Schema):
    task_id: str
    status: str  # READY | RUNNING | SUCCESSFUL | FAILED
    enqueued_at: dt.datetime | None
    finished_at: dt.datetime | None
    checked: int | None  # targets checked, once it succeeded
    errors: list[str]


class ActiveIn(Schema):
    active: bool


class DecisionIn(Schema):
    note: str = ""
    countries: list[str] | None = None
    occurred_on: dt.date | None = None


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - token auth guarantees it
    return user


def _result_out(r: RecheckResult) -> ResultOut:
    return ResultOut.model_validate(r, from_attributes=True)


def _target_out(t: RecheckTarget, latest: list[RecheckResult] | None = None) -> TargetOut:
    latest = last_results(t) if latest is None else latest
    return TargetOut(
        id=t.pk, url=t.url, alert_id=t.alert_id, platform=t.platform, every_hours=t.every_hours,
        countries=t.countries, active=t.active, next_due_at=t.next_due_at,
        created_by=t.created_by.get_username(),
        last_results=[_result_out(r) for r in latest],
    )  # fmt: skip


def _proposal_out(p: RecheckProposal) -> ProposalOut:
    return ProposalOut(
        id=p.pk, target_id=p.target_id, url=p.target.url, kind=p.kind, countries=p.countries,
        reason=p.reason, state=p.state, result_ids=[r.pk for r in p.results.all()],
        created_at=p.created_at, decided_by=p.decided_by.get_username() if p.decided_by else None,
        decided_at=p.decided_at, decision_note=p.decision_note, outcome_id=p.outcome_id,
    )  # fmt: skip


def _targets(request: HttpRequest) -> list[RecheckTarget]:
    alerts = visible_alerts(_user(request))
    rows = RecheckTarget.objects.filter(alert__in=alerts).select_related("created_by")
    return list(rows.order_by("id"))


def _target(request: HttpRequest, target_id: int) -> RecheckTarget:
    alerts = visible_alerts(_user(request))
    return get_object_or_404(RecheckTarget.objects.filter(alert__in=alerts), pk=target_id)


def _proposal(request: HttpRequest, proposal_id: int) -> RecheckProposal:
    visible = RecheckProposal.objects.filter(target__alert__in=visible_alerts(_user(request)))
    return get_object_or_404(visible.select_related("target"), pk=proposal_id)


@router.get("/rechecks", response=list[TargetOut], summary="Re-check targets")
def list_targets(request: HttpRequest) -> list[TargetOut]:
    targets = _targets(request)
    latest = latest_results(targets)
    return [_target_out(t, latest[t.pk]) for t in targets]


@router.post("/rechecks", response={201: TargetOut}, summary="Re-check a flagged URL")
def create_target(request: HttpRequest, body: TargetIn) -> Status[TargetOut]:
    alert = get_object_or_404(visible_alerts(_user(request)), pk=body.alert_id)
    target = add_target(
        _user(request), alert, body.url, body.every_hours, body.countries, body.platform
    )
    return Status(201, _target_out(target))


@router.get("/rechecks/proposals", response=list[ProposalOut], summary="Proposed outcomes")
def list_proposals(request: HttpRequest, state: str = "pending") -> list[ProposalOut]:
    if state not in ("pending", "confirmed", "rejected", "all"):
        raise BadInput("state must be pending, confirmed, rejected or all", field="state")
    rows = RecheckProposal.objects.filter(target__alert__in=visible_alerts(_user(request)))
    if state != "all":
        rows = rows.filter(state=state)
    rows = rows.select_related("target", "decided_by").prefetch_related("results")
    return [_proposal_out(p) for p in rows]


@router.post("/rechecks/proposals/{proposal_id}/confirm", response=ProposalOut,
             summary="Confirm a proposal: records the outcome")  # fmt: skip
def confirm_proposal(request: HttpRequest, proposal_id: int, body: DecisionIn) -> ProposalOut:
    proposal = _proposal(request, proposal_id)
    done = proposals.confirm(proposal, _user(request), body.note, body.occurred_on, body.countries)
    return _proposal_out(done)


@router.post("/rechecks/proposals/{proposal_id}/reject", response=ProposalOut,
             summary="Reject a proposal: no outcome")  # fmt: skip
def reject_proposal(request: HttpRequest, proposal_id: int, body: DecisionIn) -> ProposalOut:
    done = proposals.reject(_proposal(request, proposal_id), _user(request), body.note)
    return _proposal_out(done)


def _check_member(request: HttpRequest) -> None:
    if role_of(_user(request)) is None:
        raise NotAllowed("only members of the network may run re-checks")


def _queued(scope: str, target_id: int | None = None) -> Status[QueuedOut]:
    queued = tasks.enqueue_run(scope, target_id)
    out = QueuedOut(task_id=str(queued.id), status=str(queued.status), scope=scope,
                    target_id=target_id)  # fmt: skip
    return Status(202, out)


@router.get("/rechecks/tasks/{task_id}", response=TaskOut, summary="A queued re-check run")
def queued_task(request: HttpRequest, task_id: str) -> TaskOut:
    _check_member(request)
    result = tasks.queued_result(task_id)
    if result is None:
        raise NotFound(f"no re-check task {task_id}")
    checked = int(result.return_value or 0) if result.status == "SUCCESSFUL" else None
    return TaskOut(
        task_id=str(result.id), status=str(result.status), enqueued_at=result.enqueued_at,
        finished_at=result.finished_at, checked=checked,
        errors=[(e.traceback.strip().splitlines() or [e.exception_class_path])[-1]
                for e in result.errors],
    )  # fmt: skip


@router.post("/rechecks/run", response={200: RunOut, 202: QueuedOut},
             summary="Run the due (or all) re-checks now")  # fmt: skip
def run_checks(request: HttpRequest, body: RunIn, wait: bool = False) -> RunOut | Status[QueuedOut]:
    """Enqueues them for the worker (202); ``wait=true`` runs them in the request and shows
    what the member may see."""
    if body.scope not in ("due", "all"):
        raise BadInput("scope must be due or all", field="scope")
    _check_member(request)
    if not wait:
        return _queued(body.scope)
    reports = run_due_rechecks() if body.scope == "due" else run_all()
    seen = set(visible_alerts(_user(request)).values_list("pk", flat=True))
    shown = [rep for rep in reports if rep.target.alert_id in seen]
    return RunOut(
        checked=len(reports),
        results=[_result_out(r) for rep in shown for r in rep.results],
        proposals=[_proposal_out(p) for rep in shown for p in rep.proposals],
    )


@router.get("/rechecks/{target_id}", response=TargetOut, summary="One target")
def get_target(request: HttpRequest, target_id: int) -> TargetOut:
    return _target_out(_target(request, target_id))


@router.get("/rechecks/{target_id}/results", response=list[ResultOut], summary="Its checks")
def target_results(request: HttpRequest, target_id: int) -> list[ResultOut]:
    target = _target(request, target_id)
    return [_result_out(r) for r in target.results.order_by("-checked_at", "-id")[:500]]


@router.post("/rechecks/{target_id}/run", response={200: RunOut, 202: QueuedOut},
             summary="Check one target now")  # fmt: skip
def run_one(request: HttpRequest, target_id: int, wait: bool = False) -> RunOut | Status[QueuedOut]:
    """Enqueues the check for the worker (202); ``wait=true`` checks in the request."""
    target = _target(request, target_id)
    if not wait:
        return _queued("target", target.pk)
    report = run_target(target)
    return RunOut(
        checked=1,
        results=[_result_out(r) for r in report.results],
        proposals=[_proposal_out(p) for p in report.proposals],
    )


@router.post("/rechecks/{target_id}/active", response=TargetOut, summary="Pause or resume")
def target_active(request: HttpRequest, target_id: int, body: ActiveIn) -> TargetOut:
    return _target_out(set_active(_target(request, target_id), _user(request), body.active))
