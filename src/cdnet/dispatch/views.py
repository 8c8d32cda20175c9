"""Dispatch pages: the acknowledgement page (no account), RRS flags, DSA notices, dispatch logs."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cdnet.cases.models import Alert
from cdnet.cases.visibility import visible_alerts
from cdnet.dispatch import acks, log, notices, rrs
from cdnet.dispatch.models import AckStatus, DsaNotice, FlagStatus, NoticeOutcome, Urgency
from cdnet.errors import BadInput, CdnetError
from cdnet.web.views.common import attempt, current_user


@csrf_exempt  # the signed token is the credential; there is no session to protect
def ack_page(request: HttpRequest, token: str) -> HttpResponse:
    """Opening the link shows the choices; only pressing a button records an answer."""
    try:
        delivery = acks.delivery_for_token(token)
        ack = None
        if request.method == "POST":
            status = request.POST.get("status", "")
            ack = acks.acknowledge(token, status, request.POST.get("note", ""))
    except CdnetError as exc:
        reason = {"reason": str(exc)}
        return render(request, "dispatch/ack_refused.html", reason, status=exc.http_status)
    context = {"delivery": delivery, "ack": ack, "statuses": AckStatus.choices}
    return render(request, "dispatch/ack.html", context)


def _moment(value: str) -> dt.datetime | None:
    if not value.strip():
        return None
    parsed = parse_datetime(value.strip())
    if parsed is None:
        raise BadInput(f"not a date and time: {value!r}")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


# --- RRS flags -----------------------------------------------------------------------------------


@login_required
def flag_list(request: HttpRequest) -> HttpResponse:
    flags = rrs.visible_flags(current_user(request))
    context = {"flags": flags[:500], "figures": rrs.figures(flags)}
    return render(request, "dispatch/rrs_flags.html", context)


@login_required
def flag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    flag = get_object_or_404(rrs.visible_flags(user), pk=pk)
    if request.method == "POST":
        post = request.POST

        def run() -> object:
            at = _moment(post.get("at", ""))
            return rrs.change_status(flag, post.get("status", ""), user, post.get("note", ""), at)

        if attempt(request, run, "Recorded."):
            return redirect("rrs_flag_detail", pk=pk)
    context = {"flag": flag, "events": flag.events.select_related("actor"), "to": FlagStatus}
    return render(request, "dispatch/rrs_flag_detail.html", context)


@login_required
@require_POST
def flag_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    alert = get_object_or_404(visible_alerts(user), pk=pk)
    wanted = rrs.FlagRequest(
        urgency=request.POST.get("urgency", Urgency.HIGH),
        policy=request.POST.get("policy", "") or rrs.DEFAULT_POLICY,
    )
    attempt(request, lambda: rrs.create_flags(alert, user, wanted), "RRS flags queued.")
    return redirect("alert_detail", pk=pk)


# --- DSA notices ---------------------------------------------------------------------------------


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    items = notices.visible_notices(current_user(request))
    return render(request, "dispatch/notices.html", {"notices": items[:500]})


def _draft(request: HttpRequest, alert: Alert | None) -> notices.NoticeDraft:
    post = request.POST
    user = current_user(request)
    return notices.NoticeDraft(
        platform=post.get("platform", ""),
        urls=post.get("urls", "").split(),
        explanation=post.get("explanation", ""),
        legal_ground=post.get("legal_ground", ""),
        category=post.get("category", ""),
        notifier_name=post.get("notifier_name", "") or user.get_full_name() or user.username,
        notifier_email=post.get("notifier_email", "") or user.email,
        notifier_organisation=post.get("notifier_organisation", ""),
        good_faith=post.get("good_faith") == "on",
        alert=alert,
    )


@login_required
def notice_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    alert_id = request.POST.get("alert") or request.GET.get("alert")
    alert = get_object_or_404(visible_alerts(user), pk=int(alert_id)) if alert_id else None
    if request.method == "POST":
        draft = _draft(request, alert)
        notice = attempt(request, lambda: notices.create_notice(draft, user), "Notice queued.")
        if notice is not None:
            return redirect("dsa_notice_detail", pk=notice.pk)
    context = {
        "alert": alert,
        "categories": sorted(notices.categories().items()),
        "good_faith": notices.GOOD_FAITH,
        "post": request.POST,
    }
    return render(request, "dispatch/notice_form.html", context)


@login_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    notice = get_object_or_404(notices.visible_notices(user), pk=pk)
    if request.method == "POST" and _answer(request, notice):
        return redirect("dsa_notice_detail", pk=pk)
    context = {"notice": notice, "outcomes": NoticeOutcome.choices[1:]}
    return render(request, "dispatch/notice_detail.html", context)


def _answer(request: HttpRequest, notice: DsaNotice) -> DsaNotice | None:
    post = request.POST

    def run() -> DsaNotice:
        reply = notices.NoticeAnswer(
            acknowledged_at=_moment(post.get("acknowledged_at", "")),
            decided_at=_moment(post.get("decided_at", "")),
            outcome=post.get("outcome", ""),
            statement_id=post.get("statement_id", ""),
            answer=post.get("answer", ""),
        )
        return notices.record_answer(notice, current_user(request), reply)

    return attempt(request, run, "Answer recorded.")


@login_required
def notices_export(request: HttpRequest, fmt: str) -> HttpResponse:
    content = notices.export_notices(current_user(request), fmt)
    mime = "text/csv; charset=utf-8" if fmt == "csv" else "application/vnd.apache.parquet"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="notices.{fmt}"'
    return response


# --- dispatch log --------------------------------------------------------------------------------


@login_required
def dispatch_log(request: HttpRequest) -> HttpResponse:
    rows = log.log_rows(current_user(request))
    return render(request, "dispatch/dispatch_log.html", {"rows": rows[-1000:][::-1]})


def _download(content: bytes, mime: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def dispatch_log_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return _download(*log.export_log(current_user(request), fmt))


@login_required
def alert_log_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    user = current_user(request)
    alert = get_object_or_404(visible_alerts(user), pk=pk)
    return _download(*log.export_log(user, fmt, alert))
