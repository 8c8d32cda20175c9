"""The impact page: outcomes, meetings, evidence submitted, press, briefings, introductions,
events and trainings of a year; add forms for members, publication approval for coordinators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from cdnet.errors import CdnetError
from cdnet.impact import services
from cdnet.impact.checks import APPROVER_ROLES, today
from cdnet.impact.outcomes import OutcomeFilter
from cdnet.network.services import role_of
from cdnet.web.views.common import attempt, current_user
from cdnet.web.views.impact_forms import FORMS, RecordForm

SECTION_TITLES = {
    "meeting": "Meetings",
    "evidencesubmission": "Evidence submitted",
    "pressarticle": "Press",
    "briefing": "Briefings",
    "introduction": "Introductions",
    "event": "Events & trainings",
}


@dataclass
class Row:
    kind: str
    obj: Any
    day: dt.date
    summary: str


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row]
    form: RecordForm | None


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    return int(raw) if raw.isdigit() and 1990 <= int(raw) <= 2100 else today().year


def _outcome_section(request: HttpRequest, start: dt.date, end: dt.date) -> Section:
    flt = OutcomeFilter(since=start, until=end)
    rows = [
        Row("outcome", o, o.occurred_on, f"{o.get_kind_display()}: {o.subject or o.alert}")
        for o in services.list_outcomes(current_user(request), flt)
    ]
    return Section("outcome", "Outcomes", rows, None)


def _sections(request: HttpRequest, year: int, forms: dict[str, RecordForm]) -> list[Section]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    sections = [_outcome_section(request, start, end)]
    for name, title in SECTION_TITLES.items():
        kind = services.find_kind(name)
        records = services.list_records(kind, current_user(request), start, end)
        rows = [Row(name, obj, getattr(obj, kind.date_field), str(obj)) for obj in records]
        form = forms.get(name) or FORMS[name](prefix=name)
        sections.append(Section(name, title, rows, form))
    return sections


def _render(request: HttpRequest, year: int, forms: dict[str, RecordForm]) -> HttpResponse:
    user = current_user(request)
    context = {
        "year": year,
        "years": list(range(today().year, today().year - 6, -1)),
        "sections": _sections(request, year, forms),
        "is_member": role_of(user) is not None,
        "can_approve": role_of(user) in APPROVER_ROLES,
    }
    return render(request, "cdnet/impact.html", context)


@login_required
def impact_page(request: HttpRequest) -> HttpResponse:
    return _render(request, _year(request), {})


@login_required
@require_POST
def impact_add(request: HttpRequest, kind: str) -> HttpResponse:
    """Save a new record; on a mistake, show the page again with the form as typed."""
    if kind not in FORMS:
        raise Http404(kind)
    year, user = _year(request), current_user(request)
    form = FORMS[kind](request.POST, prefix=kind)
    if form.is_valid():
        saved = attempt(
            request,
            lambda: services.create_record(user, form.record_fields()),
            f"{services.find_kind(kind).label} recorded.",
        )
        if saved is not None:
            return redirect(f"{reverse('impact')}?year={year}#{kind}")
    else:
        messages.error(request, f"Not recorded: {form.errors.as_text()}")
    return _render(request, year, {kind: form})


@login_required
@require_POST
def impact_publication(request: HttpRequest, kind: str, pk: int, action: str) -> HttpResponse:
    user = current_user(request)
    try:
        obj = services.publishable(kind, pk, user)
    except CdnetError as exc:
        raise Http404(str(exc)) from exc
    if action == "approve":
        done = "Approved for publication."
        attempt(request, lambda: services.approve_for_publication(user, obj), done)
    elif action == "withdraw":
        attempt(request, lambda: services.withdraw_publication(user, obj), "Approval withdrawn.")
    else:
        raise Http404(action)
    return redirect(f"{reverse('impact')}?year={_year(request)}#{kind}")


urlpatterns = [
    path("impact/", impact_page, name="impact"),
    path("impact/add/<str:kind>/", impact_add, name="impact_add"),
    path(
        "impact/publication/<str:kind>/<int:pk>/<str:action>/",
        impact_publication,
        name="impact_publication",
    ),
]
