"""Datasets: upload (multipart, streamed, size-limited), list, read with statistics, delete.

Members of the network read and upload datasets; a dataset someone may not see is a 404.
Deleting is for the uploader's organisation and coordinators (403 for other members); the
record stays as a tombstone and the findings derived from it are marked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status

from cdnet.cases.datasets import (
    delete_dataset,
    format_choices,
    ingest_upload,
    require_member,
    stats_of,
    visible_datasets,
)
from cdnet.cases.models import Dataset, Finding
from cdnet.cases.visibility import visible_findings
from cdnet.errors import BadInput
from cdnet.web.dataset_upload import install_handler

router = Router(tags=["datasets"])


class DatasetOut(Schema):
    """A dataset's provenance; ``tables`` names its tables, ``table_rows`` counts their rows."""

    id: int
    name: str
    source: str
    sha256: str
    size: int
    format: str
    on_error: str
    rows: int
    rows_skipped: int
    tables: list[str]
    table_rows: dict[str, int]
    warnings: list[str]
    uploaded_by: str | None
    organisation: str | None
    created_at: dt.datetime
    deleted_at: dt.datetime | None
    deleted_by: str | None


class ColumnStatsOut(Schema):
    name: str
    type: str
    non_null: int
    distinct: int | None
    min: Any = None
    max: Any = None
    top: list[list[Any]]


class TableStatsOut(Schema):
    name: str
    rows: int
    columns: list[ColumnStatsOut]


class DatasetDetailOut(DatasetOut):
    stats: list[TableStatsOut]
    finding_ids: list[int]


class DeletedOut(Schema):
    dataset: DatasetOut
    findings_marked: int


_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "name": {"type": "string"},
                        "format": {"type": "string", "default": "auto"},
                        "on_error": {"type": "string", "enum": ["stop", "skip"]},
                    },
                }
            }
        },
    }
}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - token auth guarantees it
    return user


def _name(user: User | None) -> str | None:
    return user.get_username() if user else None


def dataset_out(d: Dataset) -> DatasetOut:
    return DatasetOut(
        id=d.pk,
        name=d.name,
        source=d.source,
        sha256=d.sha256,
        size=d.size,
        format=d.format,
        on_error=d.on_error,
        rows=d.rows,
        rows_skipped=d.rows_skipped,
        tables=sorted(d.table_rows),
        table_rows=dict(d.table_rows),
        warnings=list(d.warnings),
        uploaded_by=_name(d.uploaded_by),
        organisation=d.organisation.name if d.organisation else None,
        created_at=d.created_at,
        deleted_at=d.deleted_at,
        deleted_by=_name(d.deleted_by),
    )


@router.get("/datasets", response=list[DatasetOut], summary="Datasets, newest first")
def list_datasets(
    request: HttpRequest, include_deleted: bool = False, limit: int = 200, offset: int = 0
) -> list[DatasetOut]:
    datasets = visible_datasets(request.user)
    if not include_deleted:
        datasets = datasets.filter(deleted_at__isnull=True)
    return [dataset_out(d) for d in datasets[offset : offset + min(limit, 1000)]]


@router.get(
    "/datasets/{dataset_id}",
    response=DatasetDetailOut,
    summary="A dataset: provenance, tables, column statistics, the findings derived from it",
)
def get_dataset(request: HttpRequest, dataset_id: int) -> DatasetDetailOut:
    dataset = get_object_or_404(visible_datasets(request.user), pk=dataset_id)
    stats = stats_of(dataset)
    findings = visible_findings(request.user, Finding.objects.filter(dataset=dataset))
    return DatasetDetailOut(
        **dataset_out(dataset).model_dump(),
        stats=[TableStatsOut(name=name, **table) for name, table in sorted(stats.items())],
        finding_ids=list(findings.order_by("id").values_list("pk", flat=True)),
    )


@router.post(
    "/datasets",
    response={201: DatasetOut},
    summary="Upload a file (multipart: file, name, format, on_error) and ingest it",
    description="`format` is one of: " + ", ".join(format_choices()) + ". Larger than "
    "CDNET_MAX_UPLOAD_MB: 413, and nothing is stored. Bad input: 400 naming file:row:field.",
    openapi_extra=_UPLOAD_BODY,
)
def upload_dataset(request: HttpRequest) -> Status[DatasetOut]:
    user = _user(request)
    require_member(user)
    handler = install_handler(request)  # before anything reads the body
    try:
        request.FILES  # noqa: B018 - parses the body through the handler
        if handler.error is not None:
            raise handler.error
        if handler.stored is None:
            raise BadInput("send the file in the multipart field 'file'", field="file")
        form = request.POST
        dataset = ingest_upload(
            handler.stored,
            form.get("name", ""),
            user,
            form.get("format", "") or "auto",
            form.get("on_error", "") or "stop",
        )
    finally:
        handler.discard()
    return Status(201, dataset_out(dataset))


@router.delete(
    "/datasets/{dataset_id}",
    response=DeletedOut,
    summary="Delete a dataset's files; its record stays, its findings are marked",
)
def remove_dataset(request: HttpRequest, dataset_id: int) -> DeletedOut:
    dataset = get_object_or_404(visible_datasets(request.user), pk=dataset_id)
    marked = delete_dataset(dataset, _user(request))
    return DeletedOut(dataset=dataset_out(dataset), findings_marked=marked)
