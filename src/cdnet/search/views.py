"""The search page: a form with the filters, results with snippets, a pager."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from cdnet.cases.models import AlertState, CaseState
from cdnet.errors import BadInput
from cdnet.search.models import Kind
from cdnet.search.query import SearchPage, search
from cdnet.web.views.common import current_user

_STATES = [("", "Any state")] + [
    (value, f"{label} ({kind})")
    for kind, choices in (("alert", AlertState.choices), ("case", CaseState.choices))
    for value, label in choices
    if not (kind == "case" and value in AlertState.values)
]


class SearchForm(forms.Form):
    q = forms.CharField(required=False, label="Search", max_length=500)
    kind = forms.ChoiceField(required=False, choices=[("", "Everything"), *Kind.choices])
    platform = forms.CharField(required=False, max_length=40)
    country = forms.CharField(required=False, max_length=2, label="Country (ISO)")
    technique = forms.CharField(required=False, max_length=40, label="DISARM technique")
    date_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    state = forms.ChoiceField(required=False, choices=_STATES)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


def _run(request: HttpRequest, data: dict[str, Any]) -> SearchPage:
    page = search(
        current_user(request),
        data["q"],
        kinds=[data["kind"]] if data["kind"] else None,
        platform=data["platform"],
        country=data["country"],
        technique=data["technique"],
        date_from=data["date_from"],
        date_to=data["date_to"],
        state=data["state"],
        page=data["page"] or 1,
    )
    # Snippets are escaped by cdnet.search.snippets; their only markup is <mark>.
    safe = [replace(r, snippet=mark_safe(r.snippet)) for r in page.results]  # noqa: S308
    return replace(page, results=safe)


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page: SearchPage | None = None
    error = ""
    if form.is_bound and form.is_valid():
        try:
            page = _run(request, form.cleaned_data)
        except BadInput as exc:
            error = str(exc)
    elif form.is_bound:
        error = "; ".join(
            f"{name}: {' '.join(map(str, errs))}" for name, errs in form.errors.items()
        )
    return render(
        request, "search/search.html", {"form": form, "result_page": page, "error": error}
    )
