"""The text match on each engine: FTS5 with bm25 on SQLite, tsvector with ts_rank on PostgreSQL.

Both take the candidate documents as an ORM queryset (filters and TLP already applied) and
return the total and one page of ``(document id, score)``, best first. The user's text only ever
reaches the database as a bound parameter built by ``cdnet.search.parse``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from cdnet.errors import ConfigurationError
from cdnet.search.models import SearchDocument
from cdnet.search.parse import Query, to_fts5, to_tsquery

# Title matches count more than body matches.
_SQLITE_RANK = "-bm25(search_fts, 4.0, 1.0)"
_POSTGRES_RANK = "ts_rank(d.search_vector, q.query)"

Hits = tuple[int, list[tuple[int, float]]]


def _candidates_sql(candidates: QuerySet[SearchDocument]) -> tuple[str, tuple[Any, ...]]:
    sql, params = candidates.order_by().values("id").query.sql_with_params()
    return sql, tuple(params)


def _sqlite(query: Query, candidates: QuerySet[SearchDocument], offset: int, limit: int) -> Hits:
    sub, sub_params = _candidates_sql(candidates)
    where = f"search_fts MATCH %s AND search_fts.rowid IN ({sub})"
    params = (to_fts5(query), *sub_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM search_fts WHERE {where}", params)  # noqa: S608
        total = int(cursor.fetchone()[0])
        cursor.execute(
            f"SELECT search_fts.rowid, {_SQLITE_RANK} AS score FROM search_fts "  # noqa: S608
            f"WHERE {where} ORDER BY score DESC, search_fts.rowid LIMIT %s OFFSET %s",
            (*params, limit, offset),
        )
        rows = [(int(pk), float(score)) for pk, score in cursor.fetchall()]
    return total, rows


def _postgres(query: Query, candidates: QuerySet[SearchDocument], offset: int, limit: int) -> Hits:
    sub, sub_params = _candidates_sql(candidates)
    source = (
        "FROM search_searchdocument d CROSS JOIN to_tsquery('simple', %s) AS q(query) "
        f"WHERE d.search_vector @@ q.query AND d.id IN ({sub})"
    )
    params = (to_tsquery(query), *sub_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) {source}", params)
        total = int(cursor.fetchone()[0])
        cursor.execute(
            f"SELECT d.id, {_POSTGRES_RANK} AS score {source} "
            "ORDER BY score DESC, d.id LIMIT %s OFFSET %s",
            (*params, limit, offset),
        )
        rows = [(int(pk), float(score)) for pk, score in cursor.fetchall()]
    return total, rows


def match(query: Query, candidates: QuerySet[SearchDocument], offset: int, limit: int) -> Hits:
    try:
        candidates.order_by().values("id").query.sql_with_params()
    except EmptyResultSet:  # e.g. a user who is not a member: nothing to search
        return 0, []
    if connection.vendor == "sqlite":
        return _sqlite(query, candidates, offset, limit)
    if connection.vendor == "postgresql":
        return _postgres(query, candidates, offset, limit)
    raise ConfigurationError(
        f"full-text search supports SQLite and PostgreSQL, not {connection.vendor}"
    )
