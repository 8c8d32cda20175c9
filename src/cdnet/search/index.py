"""Keep one search document per finding, evidence item, case and alert.

``reindex(obj)`` writes (or rewrites) the document of one object, ``remove(obj)`` deletes it,
``rebuild()`` recreates every document. The signal handlers in ``cdnet.search.signals`` call
``reindex_key`` after the writing transaction commits, so a rolled-back write leaves nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Model, QuerySet

from cdnet.cases.models import Alert, Case, Finding, Technique
from cdnet.evidence.models import EvidenceItem
from cdnet.network.countries import normalise_country
from cdnet.search.models import Kind, SearchDocument

# A tsvector holds at most 1 MB; evidence pages can be larger. The rest is not searchable.
MAX_BODY = 200_000

Progress = Callable[[str, int, int], None]


def _padded(values: Iterable[str]) -> str:
    unique = sorted({v.strip() for v in values if v and v.strip()})
    return f" {' '.join(unique)} " if unique else ""


def _platforms(values: Iterable[Any]) -> str:
    return _padded(str(v).lower().replace(" ", "_") for v in values if v)


def _countries(values: Iterable[Any]) -> str:
    return _padded(normalise_country(str(v)) for v in values if v)


def _techniques(rows: Iterable[Technique]) -> str:
    return _padded(t.qualified_id.upper() for t in rows)


def _text_of(value: Any) -> Iterator[str]:
    """Every string inside a JSON value (the payload of a finding)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _text_of(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _text_of(item)


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)[:MAX_BODY]


def finding_fields(finding: Finding) -> dict[str, Any]:
    payload = "\n".join(dict.fromkeys(_text_of(finding.payload)))
    return {
        "title": finding.subject or finding.detector,
        "body": _join(finding.explanation, finding.detector, payload),
        "platform": _platforms([finding.platform]),
        "country": _countries([finding.country]),
        "techniques": _techniques(finding.techniques.all()),
        "state": "",
        "date": finding.created_at,
        "tlp": finding.tlp,
    }


def evidence_fields(item: EvidenceItem) -> dict[str, Any]:
    """Evidence takes its platform, country and techniques from the finding or alert it is on."""
    fields = {
        "title": item.title,
        "body": _join(item.source_url, item.original_name, item.extracted_text),
        "platform": "",
        "country": "",
        "techniques": "",
        "state": "",
        "date": item.captured_at,
        "tlp": item.tlp,
    }
    parent = item.finding or item.alert
    if parent is not None:
        inherited = finding_fields(parent) if isinstance(parent, Finding) else alert_fields(parent)
        for name in ("platform", "country", "techniques"):
            fields[name] = inherited[name]
    return fields


def case_fields(case: Case) -> dict[str, Any]:
    """A case is searchable by its comments; it filters by the platforms etc. of its findings."""
    findings = list(case.findings.prefetch_related("techniques"))
    comments = [c.body for c in case.comments.all()]
    return {
        "title": case.title,
        "body": _join(case.description, *comments),
        "platform": _platforms(f.platform for f in findings),
        "country": _countries(f.country for f in findings),
        "techniques": _techniques(t for f in findings for t in f.techniques.all()),
        "state": case.state,
        "date": case.created_at,
        "tlp": case.tlp,
    }


def alert_fields(alert: Alert) -> dict[str, Any]:
    return {
        "title": alert.title,
        "body": _join(alert.summary, alert.what_happened, alert.recommended_actions, alert.actor),
        "platform": _platforms(alert.platforms or []),
        "country": _countries(alert.target_countries or []),
        "techniques": _techniques(alert.techniques.all()),
        "state": alert.state,
        "date": alert.created_at,
        "tlp": alert.tlp,
    }


@dataclass(frozen=True)
class _Source:
    model: type[Model]
    fields: Callable[[Any], dict[str, Any]]
    related: tuple[str, ...]
    prefetch: tuple[str, ...]

    def queryset(self) -> QuerySet[Any]:
        manager = self.model._default_manager
        return manager.select_related(*self.related).prefetch_related(*self.prefetch)


SOURCES: dict[str, _Source] = {
    Kind.FINDING: _Source(Finding, finding_fields, (), ("techniques",)),
    Kind.EVIDENCE: _Source(
        EvidenceItem, evidence_fields, ("finding", "alert"), ("finding__techniques",)
    ),
    Kind.CASE: _Source(Case, case_fields, (), ("comments",)),
    Kind.ALERT: _Source(Alert, alert_fields, (), ("techniques",)),
}


def kind_of(obj: Model) -> str:
    for kind, source in SOURCES.items():
        if isinstance(obj, source.model):
            return kind
    raise TypeError(f"{type(obj).__name__} is not searchable")


def reindex(obj: Model) -> SearchDocument:
    """Write the search document of ``obj`` now (inside the caller's transaction)."""
    kind = kind_of(obj)
    document, _ = SearchDocument.objects.update_or_create(
        kind=kind, object_id=obj.pk, defaults=SOURCES[kind].fields(obj)
    )
    return document


def remove(obj: Model) -> None:
    """Delete the search document of ``obj``, if any."""
    SearchDocument.objects.filter(kind=kind_of(obj), object_id=obj.pk).delete()


def reindex_key(kind: str, pk: int) -> None:
    """Bring the document of one object in line with the database: write it, or delete it."""
    obj = SOURCES[kind].queryset().filter(pk=pk).first()
    if obj is None:
        SearchDocument.objects.filter(kind=kind, object_id=pk).delete()
    else:
        reindex(obj)


def _documents(kind: str) -> Iterator[SearchDocument]:
    source = SOURCES[kind]
    for obj in source.queryset().order_by("pk").iterator(chunk_size=500):
        yield SearchDocument(kind=kind, object_id=obj.pk, **source.fields(obj))


def rebuild(progress: Progress | None = None, batch: int = 500) -> int:
    """Recreate every document in one transaction; return how many there are.

    ``progress(kind, done, total)`` is called after each batch (the CLI draws a bar with it).
    """
    written = 0
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        for kind, source in SOURCES.items():
            total, done, pending = source.model._default_manager.count(), 0, []
            for document in _documents(kind):
                pending.append(document)
                if len(pending) >= batch:
                    SearchDocument.objects.bulk_create(pending)
                    done, pending = done + len(pending), []
                    if progress:
                        progress(kind, done, total)
            SearchDocument.objects.bulk_create(pending)
            written += done + len(pending)
            if progress:
                progress(kind, done + len(pending), total)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:  # also repairs an index that drifted
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    return written
