"""Dataset pages: upload (streamed, with a progress bar), the list, one dataset, delete.

Every member of the network may read and upload datasets; anyone else gets a 404. Deleting is
for the uploader's organisation and for coordinators (see :mod:`cdnet.cases.datasets`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from cdnet.cases.dataset_stats import sample_rows
from cdnet.cases.datasets import (
    can_delete,
    delete_dataset,
    ingest_upload,
    max_upload_bytes,
    stats_of,
    tables_of,
    visible_datasets,
)
from cdnet.cases.models import Dataset, Finding
from cdnet.cases.visibility import visible_findings
from cdnet.errors import BadInput, CdnetError
from cdnet.network.services import role_of
from cdnet.web.dataset_upload import DatasetUploadForm, DatasetUploadHandler, install_handler
from cdnet.web.views.common import current_user


def _member(request: HttpRequest) -> User:
    user = current_user(request)
    if role_of(user) is None:
        raise Http404("not a member of the network")
    return user


@login_required
def dataset_list(request: HttpRequest) -> HttpResponse:
    datasets = visible_datasets(_member(request))
    return render(request, "cdnet/datasets.html", {"datasets": datasets})


@csrf_exempt  # the upload handler must be in place before the CSRF check reads the body
@login_required
def dataset_upload(request: HttpRequest) -> HttpResponse:
    handler = install_handler(request)
    try:
        return _upload(request, handler)
    finally:
        handler.discard()


@csrf_protect
def _upload(request: HttpRequest, handler: DatasetUploadHandler) -> HttpResponse:
    user = _member(request)
    if request.method != "POST":
        return _upload_page(request, DatasetUploadForm())
    form = DatasetUploadForm(request.POST, request.FILES)
    if handler.error is not None:
        return _refused(request, form, handler.error)
    if not form.is_valid() or handler.stored is None:
        return _refused(request, form, BadInput(_form_errors(form)))
    data = form.cleaned_data
    try:
        dataset = ingest_upload(
            handler.stored, data["name"], user, data["format"] or "auto", data["on_error"] or "stop"
        )
    except CdnetError as exc:
        return _refused(request, form, exc)
    rows = ", ".join(f"{n:,} {t}" for t, n in dataset.table_rows.items()) or "no rows"
    messages.success(request, f"Dataset registered: {rows}.")
    url = reverse("dataset_detail", args=[dataset.pk])
    if _wants_json(request):
        return JsonResponse({"id": dataset.pk, "location": url}, status=201)
    return redirect(url)


def _form_errors(form: DatasetUploadForm) -> str:
    errors = [f"{name}: {' '.join(str(e) for e in errs)}" for name, errs in form.errors.items()]
    return "; ".join(errors) or "choose a file to upload"


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _refused(request: HttpRequest, form: DatasetUploadForm, error: CdnetError) -> HttpResponse:
    status = error.http_status if 400 <= error.http_status < 500 else 400
    if _wants_json(request):
        return JsonResponse({"error": str(error)}, status=status)
    return _upload_page(request, form, str(error), status)


def _upload_page(
    request: HttpRequest, form: DatasetUploadForm, error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "error": error,
        "max_bytes": max_upload_bytes(),
        "max_mb": settings.CDNET_MAX_UPLOAD_MB,
    }
    return render(request, "cdnet/dataset_upload.html", context, status=status)


def _table_views(dataset: Dataset) -> tuple[list[dict[str, Any]], str]:
    """Per table: name, column statistics and a sample; or why the files are not there."""
    if dataset.is_deleted:
        return [], ""
    try:
        tables, stats = tables_of(dataset), stats_of(dataset)
    except CdnetError as exc:
        return [], str(exc)
    views = []
    for name, path in tables.items():
        columns, rows = sample_rows(path)
        views.append({"name": name, "stats": stats[name], "columns": columns, "rows": rows})
    return views, ""


@login_required
def dataset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _member(request)
    dataset = get_object_or_404(visible_datasets(user), pk=pk)
    tables, missing = _table_views(dataset)
    findings = visible_findings(user, Finding.objects.filter(dataset=dataset))
    context = {
        "dataset": dataset,
        "tables": tables,
        "missing": missing,
        "findings": findings.order_by("-score", "id")[:200],
        "can_delete": can_delete(user, dataset) and not dataset.is_deleted,
    }
    return render(request, "cdnet/dataset_detail.html", context)


@login_required
@require_POST
def dataset_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _member(request)
    dataset = get_object_or_404(visible_datasets(user), pk=pk)
    if not can_delete(user, dataset):
        raise PermissionDenied("only the uploader's organisation or a coordinator may delete it")
    try:
        marked = delete_dataset(dataset, user)
    except CdnetError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"Dataset deleted: its files are removed, its record is kept; {marked} findings "
            "derived from it are marked “source dataset deleted”.",
        )
    return redirect("dataset_detail", pk=pk)
