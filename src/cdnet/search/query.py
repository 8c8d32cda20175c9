"""Search findings, evidence, cases and alerts: text, filters, TLP, pages.

TLP comes first: the candidates are restricted to what the user may read (``visible_*``) before
anything is counted or paged, so totals and page numbers never reveal a hidden record.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse

from cdnet.analysis.reference.disarm_objects import normalize_id
from cdnet.cases.models import AlertState, CaseState
from cdnet.errors import BadInput
from cdnet.network.countries import normalise_country
from cdnet.search import engines
from cdnet.search.models import Kind, SearchDocument
from cdnet.search.parse import Query, parse
from cdnet.search.snippets import snippet

MAX_PER_PAGE = 100
STATES = frozenset(AlertState.values) | frozenset(CaseState.values)
_DETAIL_URLS: dict[str, str] = {
    Kind.ALERT: "alert_detail",
    Kind.CASE: "case_detail",
    Kind.EVIDENCE: "evidence_detail",
    Kind.FINDING: "finding_detail",
}


@dataclass(frozen=True)
class SearchResult:
    kind: str
    id: int
    title: str
    snippet: str  # HTML: escaped text, matches in <mark>
    score: float
    url: str
    date: dt.datetime
    tlp: str
    state: str


@dataclass(frozen=True)
class SearchPage:
    results: list[SearchResult]
    total: int
    page: int
    pages: int


def visible_documents(user: User | AnonymousUser) -> QuerySet[SearchDocument]:
    """The documents of the records ``user`` may read under TLP."""
    from cdnet.cases.visibility import visible_alerts, visible_cases, visible_findings
    from cdnet.evidence.visibility import visible_evidence

    rule = (
        Q(kind=Kind.FINDING, object_id__in=visible_findings(user).values("pk"))
        | Q(kind=Kind.CASE, object_id__in=visible_cases(user).values("pk"))
        | Q(kind=Kind.ALERT, object_id__in=visible_alerts(user).values("pk"))
    )
    rule |= Q(kind=Kind.EVIDENCE, object_id__in=visible_evidence(user).values("pk"))
    return SearchDocument.objects.filter(rule)


def _kinds(kinds: Iterable[str] | None) -> Q:
    wanted = {k.strip().lower() for k in kinds or () if k.strip()}
    if unknown := wanted - set(Kind.values):
        raise BadInput(
            f"kind must be one of {', '.join(Kind.values)}, got {', '.join(sorted(unknown))}",
            field="kind",
        )
    return Q(kind__in=wanted) if wanted else Q()


def _technique(value: str) -> Q:
    """``T0149`` matches it and its sub-techniques in any framework; ``DISARM:T0149`` only there."""
    framework, _, tid = value.strip().rpartition(":")
    tid = normalize_id(tid)
    if not tid:
        raise BadInput(f"not a technique id: {value!r}", field="technique")
    head = f" {framework.strip().upper()}:{tid}" if framework.strip() else f":{tid}"
    return Q(techniques__contains=f"{head} ") | Q(techniques__contains=f"{head}.")


def _day_start(value: dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime.combine(value, dt.time.min, tzinfo=dt.UTC)


def _dates(date_from: dt.date | None, date_to: dt.date | None) -> Q:
    """``date_to`` as a date includes that whole day (UTC)."""
    rule = Q()
    if date_from is not None:
        rule &= Q(date__gte=_day_start(date_from))
    if date_to is not None:
        if isinstance(date_to, dt.datetime):
            rule &= Q(date__lte=_day_start(date_to))
        else:
            rule &= Q(date__lt=_day_start(date_to + dt.timedelta(days=1)))
    if date_from and date_to and _day_start(date_from) > _day_start(date_to):
        raise BadInput("date_from is after date_to", field="date_from")
    return rule


def filters(
    kinds: Iterable[str] | None = None,
    platform: str | None = None,
    country: str | None = None,
    technique: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    state: str | None = None,
) -> Q:
    """The filters as one condition on ``SearchDocument``; bad values raise ``BadInput``."""
    rule = _kinds(kinds) & _dates(date_from, date_to)
    if platform and platform.strip():
        rule &= Q(platform__contains=f" {platform.strip().lower().replace(' ', '_')} ")
    if country and country.strip():
        code = normalise_country(country)
        if len(code) != 2 or not code.isalpha():
            raise BadInput(f"country must be a two-letter code, got {country!r}", field="country")
        rule &= Q(country__contains=f" {code} ")
    if technique and technique.strip():
        rule &= _technique(technique)
    if state and state.strip():
        if state.strip() not in STATES:
            raise BadInput(f"state must be one of {', '.join(sorted(STATES))}", field="state")
        rule &= Q(state=state.strip())
    return rule


def url_of(kind: str, pk: int) -> str:
    """The page of a result; empty while that kind has no page yet."""
    try:
        return reverse(_DETAIL_URLS[kind], args=[pk])
    except NoReverseMatch:
        return ""


def _page_numbers(page: int, per_page: int) -> tuple[int, int]:
    if page < 1:
        raise BadInput("page starts at 1", field="page")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise BadInput(f"per_page must be 1..{MAX_PER_PAGE}", field="per_page")
    return (page - 1) * per_page, per_page


def _result(document: SearchDocument, score: float, query: Query) -> SearchResult:
    return SearchResult(
        kind=document.kind,
        id=document.object_id,
        title=document.title,
        snippet=snippet(document.body, query),
        score=round(score, 6),
        url=url_of(document.kind, document.object_id),
        date=document.date,
        tlp=document.tlp,
        state=document.state,
    )


def search(
    user: User | AnonymousUser,
    text: str,
    *,
    kinds: Iterable[str] | None = None,
    platform: str | None = None,
    country: str | None = None,
    technique: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    state: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchPage:
    """One page of the records matching ``text`` and the filters that ``user`` may read.

    Blank text lists everything that passes the filters, newest first.
    """
    offset, limit = _page_numbers(page, per_page)
    rule = filters(kinds, platform, country, technique, date_from, date_to, state)
    candidates = visible_documents(user).filter(rule)
    query = parse(text)
    if query.empty and text.strip():
        return SearchPage([], 0, page, 1)  # only punctuation: nothing to look for
    if query.empty:
        total = candidates.count()
        hits = [(d, 0.0) for d in candidates.order_by("-date", "-id")[offset : offset + limit]]
    else:
        total, scored = engines.match(query, candidates, offset, limit)
        documents = SearchDocument.objects.in_bulk([pk for pk, _ in scored])
        hits = [(documents[pk], score) for pk, score in scored if pk in documents]
    results = [_result(d, score, query) for d, score in hits]
    return SearchPage(results, total, page, max(1, math.ceil(total / per_page)))
