"""Evidence: capture a URL, upload a file, read an item and its files, correct it, packages.

Every read is TLP-checked; an item (or case, alert) the caller may not see is a 404, like one
that does not exist. Downloads, exports and reads of TLP:RED items are audited.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.http import FileResponse, HttpRequest
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from cdnet.audit.log import record
from cdnet.cases.models import Alert, Case, Tlp
from cdnet.errors import BadInput, NotFound
from cdnet.evidence import services, store
from cdnet.evidence.models import EvidenceItem
from cdnet.evidence.package import build_package
from cdnet.evidence.sniff import suffix_for
from cdnet.evidence.visibility import visible_evidence

router = Router(tags=["evidence"])


class EvidenceFileOut(Schema):
    role: str
    sha256: str
    size: int
    mime_type: str
    url: str


class EvidenceOut(Schema):
    id: int
    version: int
    supersedes: int | None
    superseded_by: int | None
    title: str
    kind: str
    tlp: str
    source_url: str
    original_name: str
    captured_at: dt.datetime
    captured_by: str
    sha256: str
    size: int
    mime_type: str
    finding_id: int | None
    case_id: int | None
    alert_id: int | None
    metadata: dict[str, Any]
    files: list[EvidenceFileOut]


class CaptureIn(Schema):
    url: str
    finding_id: int | None = None
    case_id: int | None = None
    alert_id: int | None = None
    title: str = ""
    tlp: str | None = None


class TargetForm(Schema):
    finding_id: int | None = None
    case_id: int | None = None
    alert_id: int | None = None
    title: str = ""
    tlp: str | None = None


class CorrectionForm(Schema):
    url: str | None = None
    title: str = ""
    tlp: str | None = None


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - token auth guarantees it
    return user


def evidence_out(item: EvidenceItem) -> EvidenceOut:
    newer = EvidenceItem.objects.filter(supersedes=item).values_list("pk", flat=True).first()
    return EvidenceOut(
        id=item.pk, version=item.version, supersedes=item.supersedes_id, superseded_by=newer,
        title=item.title, kind=item.kind, tlp=item.tlp, source_url=item.source_url,
        original_name=item.original_name, captured_at=item.captured_at,
        captured_by=item.captured_by.get_username(), sha256=item.sha256, size=item.size,
        mime_type=item.mime_type, finding_id=item.finding_id, case_id=item.case_id,
        alert_id=item.alert_id, metadata=item.metadata,
        files=[
            EvidenceFileOut(role=f.role, sha256=f.sha256, size=f.size, mime_type=f.mime_type,
                            url=f"/api/evidence/{item.pk}/files/{f.role}")
            for f in item.files.order_by("role")
        ],
    )  # fmt: skip


def _target(user: User, body: CaptureIn | TargetForm) -> dict[str, Any]:
    given = [
        (kind, pk)
        for kind, pk in (("finding", body.finding_id), ("case", body.case_id),
                         ("alert", body.alert_id))
        if pk is not None
    ]  # fmt: skip
    if len(given) != 1:
        raise BadInput("give exactly one of finding_id, case_id, alert_id", field="target")
    return dict(services.find_parent(user, *given[0]))


def _visible(user: User, evidence_id: int) -> EvidenceItem:
    item = visible_evidence(user).filter(pk=evidence_id).first()
    if item is None:
        raise NotFound(f"no evidence item {evidence_id}")
    return item


@router.post("/evidence/capture", response={201: EvidenceOut}, summary="Capture a web page")
def capture(request: HttpRequest, body: CaptureIn) -> Status[EvidenceOut]:
    user = _user(request)
    target = _target(user, body)
    item = services.capture_url(user, body.url, title=body.title, tlp=body.tlp, **target)
    return Status(201, evidence_out(item))


@router.post("/evidence/upload", response={201: EvidenceOut}, summary="Upload a file (multipart)")
def upload(
    request: HttpRequest, form: Form[TargetForm], file: File[UploadedFile]
) -> Status[EvidenceOut]:
    user = _user(request)
    target = _target(user, form)
    name = file.name or "upload"
    item = services.upload(user, name, file, title=form.title, tlp=form.tlp, **target)
    return Status(201, evidence_out(item))


@router.get("/evidence/{evidence_id}", response=EvidenceOut, summary="One evidence item")
def get_evidence(request: HttpRequest, evidence_id: int) -> EvidenceOut:
    user = _user(request)
    item = _visible(user, evidence_id)
    if item.tlp == Tlp.RED:
        with transaction.atomic():
            record(user, "view", item, item.title, {"tlp": item.tlp, "via": "api"})
    return evidence_out(item)


@router.get("/evidence/{evidence_id}/files/{role}", summary="Download one file of an item")
def get_file(request: HttpRequest, evidence_id: int, role: str) -> FileResponse:
    user = _user(request)
    item = _visible(user, evidence_id)
    stored = item.files.filter(role=role).first()
    if stored is None:
        raise NotFound(f"evidence item {evidence_id} has no {role} file")
    with transaction.atomic():
        details = {"role": role, "sha256": stored.sha256, "via": "api"}
        record(user, "download", item, f"{role} of {item.title}", details)
    name = f"evidence-{item.pk}-v{item.version}-{role}.{suffix_for(stored.mime_type)}"
    response = FileResponse(
        store.absolute(stored.path).open("rb"), as_attachment=True, filename=name,
        content_type=stored.mime_type,
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.post(
    "/evidence/{evidence_id}/corrections",
    response={201: EvidenceOut},
    summary="Correct an item: a new version from a new capture (url) or file",
)
def correct(
    request: HttpRequest,
    evidence_id: int,
    form: Form[CorrectionForm],
    file: File[UploadedFile] | None = None,
) -> Status[EvidenceOut]:
    user = _user(request)
    item = _visible(user, evidence_id)
    new = services.correct(
        user, item, url=form.url or None, name=file.name if file else None, content=file,
        title=form.title, tlp=form.tlp,
    )  # fmt: skip
    return Status(201, evidence_out(new))


def _package(request: HttpRequest, case: Case | None, alert: Alert | None) -> FileResponse:
    path = build_package(_user(request), case=case, alert=alert)
    handle = path.open("rb")
    Path(path).unlink()  # the open handle keeps the bytes until the response is sent
    kind, pk = ("case", case.pk) if case else ("alert", alert.pk if alert else 0)
    name = f"cdnet-{kind}-{pk}-evidence.zip"
    return FileResponse(handle, as_attachment=True, filename=name, content_type="application/zip")


@router.get("/cases/{case_id}/evidence-package", summary="Evidence package of a case (zip)")
def case_package(request: HttpRequest, case_id: int) -> FileResponse:
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        raise NotFound(f"no case {case_id}")
    return _package(request, case, None)


@router.get("/alerts/{alert_id}/evidence-package", summary="Evidence package of an alert (zip)")
def alert_package(request: HttpRequest, alert_id: int) -> FileResponse:
    alert = Alert.objects.filter(pk=alert_id).first()
    if alert is None:
        raise NotFound(f"no alert {alert_id}")
    return _package(request, None, alert)
