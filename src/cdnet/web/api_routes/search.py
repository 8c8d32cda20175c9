"""Search findings, evidence, cases and alerts (TLP applies: hidden records are not counted)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from cdnet.search.query import search as run_search

router = Router(tags=["search"])


class SearchResultOut(Schema):
    kind: str
    id: int
    title: str
    snippet: str  # HTML: escaped text, the matching words in <mark>
    score: float
    url: str
    date: dt.datetime
    tlp: str
    state: str


class SearchPageOut(Schema):
    results: list[SearchResultOut]
    total: int
    page: int
    pages: int


@router.get("/search", response=SearchPageOut, summary="Full-text search with filters")
def search(
    request: HttpRequest,
    q: str = "",
    kind: str = "",
    platform: str = "",
    country: str = "",
    technique: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    state: str = "",
    page: int = 1,
    per_page: int = 20,
) -> SearchPageOut:
    """Words (all must match), `"a phrase"`, `a OR b`, `-word`, `prefix*`.

    `kind` is a comma-separated list of finding, evidence, case, alert; `technique` a DISARM id,
    bare (`T0085`, also its sub-techniques) or qualified (`DISARM:T0085.001`); `date_to` includes
    that day. Blank `q` lists everything that passes the filters, newest first.
    """
    found = run_search(
        request.user,
        q,
        kinds=[k for k in kind.split(",") if k.strip()],
        platform=platform,
        country=country,
        technique=technique,
        date_from=date_from,
        date_to=date_to,
        state=state,
        page=page,
        per_page=per_page,
    )
    return SearchPageOut(
        results=[SearchResultOut(**vars(r)) for r in found.results],
        total=found.total,
        page=found.page,
        pages=found.pages,
    )
