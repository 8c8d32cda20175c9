"""The review queue: findings waiting for a person's decision, and the decisions themselves."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status

from cdnet.audit.log import record
from cdnet.cases import review_queue
from cdnet.cases.models import Finding, FindingReview, Tlp
from cdnet.cases.visibility import visible_findings
from cdnet.errors import BadInput

router = Router(tags=["review queue"])

MAX_LIMIT = 1000


class QueueItemOut(Schema):
    id: int
    detector: str
    subject: str
    score: float
    explanation: str
    tlp: str
    payload: dict[str, Any]
    dataset_id: int | None = None
    state: str  # open, confirmed or rejected
    label: str = ""  # political or issue for a confirmed ad


class FindingReviewIn(Schema):
    decision: str  # confirm or reject
    comment: str = ""
    label: str = ""  # confirmed ads: political (the default) or issue


class FindingReviewOut(Schema):
    id: int
    finding_id: int
    decision: str
    label: str
    comment: str
    by: str
    organisation: str
    at: dt.datetime
    state: str  # the finding's state after this decision


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - token auth guarantees it
    return user


def _item(f: Finding) -> QueueItemOut:
    decision = getattr(f, "review_decision", None)
    state = {"confirm": "confirmed", "reject": "rejected"}.get(decision or "", "open")
    return QueueItemOut(
        id=f.pk,
        detector=f.detector,
        subject=f.subject,
        score=f.score,
        explanation=f.explanation,
        tlp=f.tlp,
        payload=f.payload,
        dataset_id=f.dataset_id,
        state=state,
        label=getattr(f, "review_label", None) or "",
    )


def _review_out(r: FindingReview, state: str) -> FindingReviewOut:
    return FindingReviewOut(
        id=r.pk,
        finding_id=r.finding_id,
        decision=r.decision,
        label=r.label,
        comment=r.comment,
        by=r.by.get_username(),
        organisation=r.organisation.name,
        at=r.at,
        state=state,
    )


@router.get("/review-queue", response=list[QueueItemOut], summary="Findings to confirm or reject")
def list_queue(
    request: HttpRequest, detector: str = "", state: str = "open", limit: int = 100, offset: int = 0
) -> list[QueueItemOut]:
    """Sanctions and undeclared-political-ads findings you may read, best score first;
    ``state`` is open (no decision yet), confirmed, rejected or all."""
    if detector and detector not in review_queue.DETECTORS:
        raise BadInput(f"detector must be one of {', '.join(review_queue.DETECTORS)}")
    detectors = [detector] if detector else review_queue.DETECTORS
    findings = review_queue.queue(request.user, detectors, state)
    return [_item(f) for f in findings[max(offset, 0) : max(offset, 0) + min(limit, MAX_LIMIT)]]


def _finding(request: HttpRequest, finding_id: int) -> Finding:
    finding = get_object_or_404(visible_findings(request.user), pk=finding_id)
    if finding.tlp == Tlp.RED and request.method == "GET":
        record(request.user, "view", finding, "viewed a TLP:RED finding's reviews (API)")
    return finding


@router.post(
    "/findings/{finding_id}/review",
    response={201: FindingReviewOut},
    summary="Confirm or reject a finding",
)
def review_finding(
    request: HttpRequest, finding_id: int, body: FindingReviewIn
) -> Status[FindingReviewOut]:
    """Append your decision; it becomes the finding's state. To reverse your own decision,
    another member decides (409 when it changes nothing, 403 for your own reversal)."""
    finding = _finding(request, finding_id)
    review = review_queue.decide(finding, _user(request), body.decision, body.comment, body.label)
    return Status(201, _review_out(review, review_queue.state_of(finding)))


@router.get(
    "/findings/{finding_id}/reviews",
    response=list[FindingReviewOut],
    summary="The decisions on a finding, oldest first",
)
def list_reviews(request: HttpRequest, finding_id: int) -> list[FindingReviewOut]:
    finding = _finding(request, finding_id)
    states = {"confirm": "confirmed", "reject": "rejected"}
    return [_review_out(r, states[r.decision]) for r in review_queue.history(finding)]
