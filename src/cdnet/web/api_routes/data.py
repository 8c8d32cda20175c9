"""Datasets (ingest), detection, findings."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from cdnet.cases import findings as finding_service
from cdnet.cases.datasets import register_dataset, store_upload, tables_of
from cdnet.cases.detection import detect_on_dataset
from cdnet.cases.findings import save_findings
from cdnet.cases.models import Dataset, Finding
from cdnet.cases.visibility import visible_findings
from cdnet.web.api_routes.schemas import (
    DatasetOut,
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


def _dataset_out(d: Dataset) -> DatasetOut:
    return DatasetOut(
        id=d.pk, name=d.name, rows=d.rows, sha256=d.sha256, tables=sorted(tables_of(d))
    )


def _finding_out(f: Finding) -> FindingOut:
    return FindingOut(
        id=f.pk,
        detector=f.detector,
        subject=f.subject,
        score=f.score,
        explanation=f.explanation,
        disarm=[t.external_id for t in f.techniques.all()],
        payload=f.payload,
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


@router.post("/datasets", response={201: DatasetOut}, summary="Upload a file and ingest it")
def upload_dataset(
    request: HttpRequest, file: File[UploadedFile], name: Form[str] = ""
) -> Status[DatasetOut]:
    max_bytes = settings.CDNET_MAX_UPLOAD_MB << 20
    stored = store_upload(file.name or "upload", file.chunks(), max_bytes)
    dataset = register_dataset(stored, name, _user_or_none(request))
    return Status(201, _dataset_out(dataset))


@router.get("/datasets", response=list[DatasetOut], summary="Registered datasets")
def list_datasets(request: HttpRequest) -> list[DatasetOut]:
    return [_dataset_out(d) for d in Dataset.objects.order_by("-created_at")[:200]]


@router.post("/detect", response=DetectOut, summary="Run a detector on a dataset, save findings")
def detect(request: HttpRequest, body: DetectIn) -> DetectOut:
    dataset = get_object_or_404(Dataset, pk=body.dataset_id)
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
