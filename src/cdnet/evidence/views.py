"""Evidence pages: an item, its files (downloads are audited), capture, upload, packages.

An item the user may not see is a 404, never a 403: the pages do not reveal that it exists.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from cdnet.audit.log import record
from cdnet.cases.models import Alert, Case, Tlp
from cdnet.errors import CdnetError, NotFound
from cdnet.evidence import services, store
from cdnet.evidence.forms import CaptureForm, UploadForm
from cdnet.evidence.models import EvidenceItem, FileRole
from cdnet.evidence.package import build_package
from cdnet.evidence.sniff import suffix_for
from cdnet.evidence.visibility import visible_evidence
from cdnet.web.views.common import current_user

EXCERPT = 3000


def visible_item(request: HttpRequest, pk: int) -> EvidenceItem:
    item = visible_evidence(current_user(request)).filter(pk=pk).first()
    if item is None:
        raise Http404(f"no evidence item {pk}")
    return item


def parent_url(parent: object) -> str:
    """The page of the finding, case or alert ("" while that page does not exist)."""
    name = f"{type(parent).__name__.lower()}_detail"
    try:
        return reverse(name, args=[getattr(parent, "pk", 0)])
    except NoReverseMatch:
        return ""


@login_required
@require_GET
def evidence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = visible_item(request, pk)
    user = current_user(request)
    if item.tlp == Tlp.RED:
        with transaction.atomic():
            record(user, "view", item, item.title, {"tlp": item.tlp})
    parent = services.parent_of(item)
    newer = visible_evidence(user, EvidenceItem.objects.filter(supersedes=item)).first()
    older = visible_evidence(user, EvidenceItem.objects.filter(superseded_by=item)).first()
    context = {
        "item": item,
        "files": item.files.order_by("role"),
        "parent": parent,
        "parent_kind": type(parent).__name__.lower(),
        "parent_url": parent_url(parent),
        "excerpt": item.extracted_text[:EXCERPT],
        "truncated": len(item.extracted_text) > EXCERPT,
        "has_screenshot": item.files.filter(role=FileRole.SCREENSHOT).exists(),
        "newer": newer,
        "older": older,
    }
    return render(request, "evidence/detail.html", context)


@login_required
@require_GET
def evidence_file(request: HttpRequest, pk: int, role: str) -> FileResponse:
    item = visible_item(request, pk)
    stored = item.files.filter(role=role).first()
    if stored is None:
        raise Http404(f"evidence item {pk} has no {role} file")
    inline = role == FileRole.SCREENSHOT and request.GET.get("inline") == "1"
    with transaction.atomic():
        details = {"role": role, "sha256": stored.sha256, "inline": inline}
        record(current_user(request), "download", item, f"{role} of {item.title}", details)
    name = f"evidence-{item.pk}-v{item.version}-{role}.{suffix_for(stored.mime_type)}"
    response = FileResponse(
        store.absolute(stored.path).open("rb"),
        as_attachment=not inline,
        filename=name,
        content_type=stored.mime_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("dashboard")


def _form_errors(request: HttpRequest, form: CaptureForm | UploadForm) -> HttpResponse:
    for field, errors in form.errors.items():
        messages.error(request, f"{field}: {' '.join(str(e) for e in errors)}")
    return _back(request)


def _create(request: HttpRequest, form: CaptureForm | UploadForm) -> HttpResponse:
    user, data = current_user(request), form.cleaned_data
    try:
        target = services.find_parent(user, data["target_kind"], data["target_id"])
        extra = {"title": data["title"], "tlp": data["tlp"] or None, **target}
        if isinstance(form, CaptureForm):
            item = services.capture_url(user, data["url"], **extra)
        else:
            upload = data["file"]
            item = services.upload(user, upload.name or "upload", upload, **extra)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    except CdnetError as exc:
        messages.error(request, str(exc))
        return _back(request)
    messages.success(request, f"Evidence kept: SHA-256 {item.sha256}.")
    return redirect("evidence_detail", pk=item.pk)


@login_required
@require_POST
def evidence_capture(request: HttpRequest) -> HttpResponse:
    form = CaptureForm(request.POST)
    return _create(request, form) if form.is_valid() else _form_errors(request, form)


@login_required
@require_POST
def evidence_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    return _create(request, form) if form.is_valid() else _form_errors(request, form)


def _package(request: HttpRequest, case: Case | None, alert: Alert | None) -> FileResponse:
    try:
        path = build_package(current_user(request), case=case, alert=alert)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    handle = path.open("rb")
    Path(path).unlink()  # the open handle keeps the bytes until the response is sent
    subject = case or alert
    kind = "case" if case else "alert"
    name = f"cdnet-{kind}-{getattr(subject, 'pk', 0)}-evidence.zip"
    return FileResponse(handle, as_attachment=True, filename=name, content_type="application/zip")


@login_required
@require_GET
def case_package(request: HttpRequest, pk: int) -> FileResponse:
    case = Case.objects.filter(pk=pk).first()
    if case is None:
        raise Http404(f"no case {pk}")
    return _package(request, case, None)


@login_required
@require_GET
def alert_package(request: HttpRequest, pk: int) -> FileResponse:
    alert = Alert.objects.filter(pk=pk).first()
    if alert is None:
        raise Http404(f"no alert {pk}")
    return _package(request, None, alert)
