"""Detection on a dataset, findings. (Dataset routes: :mod:`cdnet.web.api_routes.datasets`.)"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.responses import Status

from cdnet.cases import findings as finding_service
from cdnet.cases.datasets import visible_datasets
from cdnet.cases.detection import detect_on_dataset
from cdnet.cases.findings import save_findings
from cdnet.cases.models import Finding
from cdnet.cases.visibility import visible_findings
from cdnet.web.api_routes.schemas import (
    DetectIn,
    DetectOut,
    FindingOut,
    FindingsIn,
    ManualFindingIn,
    SavedOut,
)

router = Router(tags=["data"])


def _user_or_none(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _finding_out(f: Finding) -> FindingOut:
    return FindingOut(
        id=f.pk,
        detector=f.detector,
        subject=f.subject,
        score=f.score,
        explanation=f.explanation,
        disarm=[t.external_id for t in f.techniques.all()],
        payload=f.payload,
        dataset_id=f.dataset_id,
        dataset_deleted_at=f.dataset_deleted_at,
    )


@router.get("/findings", response=list[FindingOut], summary="Findings, best score first")
def list_findings(
    request: HttpRequest, detector: str = "", limit: int = 100, offset: int = 0
) -> list[FindingOut]:
    findings = visible_findings(request.user).prefetch_related("techniques")
    if detector:
        findings = findings.filter(detector=detector)
    return [_finding_out(f) for f in findings[offset : offset + min(limit, 1000)]]


@router.post("/findings", response=SavedOut, summary="Save findings as `cdnet detect` prints them")
def add_findings(request: HttpRequest, body: FindingsIn) -> SavedOut:
    saved = save_findings(body.findings, source=body.source, user=_user_or_none(request))
    return SavedOut(saved=saved)


@router.post("/detect", response=DetectOut, summary="Run a detector on a dataset, save findings")
def detect(request: HttpRequest, body: DetectIn) -> DetectOut:
    dataset = get_object_or_404(visible_datasets(request.user), pk=body.dataset_id)
    run = detect_on_dataset(dataset, body.detector, body.options, _user_or_none(request))
    return DetectOut(detector=run.detector, findings=run.findings, saved=run.saved)


@router.post("/findings/manual", response={201: FindingOut}, summary="Enter a finding by hand")
def enter_finding(request: HttpRequest, body: ManualFindingIn) -> Status[FindingOut]:
    user = _user_or_none(request)
    assert user is not None  # noqa: S101 - token auth guarantees it
    finding = finding_service.enter_finding(
        user,
        body.explanation,
        body.subjects,
        score=body.score,
        tlp=body.tlp,
        disarm=body.disarm,
        platform=body.platform,
        country=body.country,
        lang=body.language,
        first_seen=body.first_seen,
        last_seen=body.last_seen,
    )
    return Status(201, _finding_out(finding))
