"""Keep search documents in sync with the rows they describe.

Every save, delete or many-to-many change marks the object as dirty; once the transaction
commits, each dirty object is re-read and its document written or deleted (``reindex_key``).
A rolled-back transaction discards the pending work, so it leaves no document behind. Marks are
collected per transaction, so saving an alert and then setting its techniques reindexes it once.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import transaction
from django.db.models import Model, signals

from cdnet.cases.models import Alert, Case, CaseComment, Finding
from cdnet.evidence.models import EvidenceItem
from cdnet.search.index import reindex_key
from cdnet.search.models import Kind

_local = threading.local()


class _Pending:
    """The objects to reindex when the current transaction commits."""

    def __init__(self) -> None:
        self.keys: set[tuple[str, int]] = set()

    def flush(self) -> None:
        if getattr(_local, "pending", None) is self:
            _local.pending = None
        for kind, pk in sorted(self.keys):
            reindex_key(kind, pk)


def _still_scheduled(pending: _Pending) -> bool:
    conn = transaction.get_connection()
    return conn.in_atomic_block and any(cb[1] == pending.flush for cb in conn.run_on_commit)


def mark(kind: str, pk: Any) -> None:
    """Reindex ``kind:pk`` when the current transaction commits (now, outside one)."""
    if pk is None:
        return
    pending: _Pending | None = getattr(_local, "pending", None)
    if pending is not None and _still_scheduled(pending):
        pending.keys.add((kind, int(pk)))
        return
    pending = _Pending()
    pending.keys.add((kind, int(pk)))
    _local.pending = pending
    transaction.on_commit(pending.flush)


_KINDS: dict[type[Model], str] = {
    Finding: Kind.FINDING,
    EvidenceItem: Kind.EVIDENCE,
    Case: Kind.CASE,
    Alert: Kind.ALERT,
}


def _saved_or_deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures: `cdnet search reindex` afterwards
        return
    mark(_KINDS[sender], instance.pk)


def _comment_changed(sender: type[Model], instance: CaseComment, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        mark(Kind.CASE, instance.case_id)


def _links_changed(kind: str) -> Any:
    """A handler for ``m2m_changed`` on a relation whose owner has documents of ``kind``.

    A clear from the reverse side (``technique.findings.clear()``) does not say which owners
    changed; nothing in cdnet does that, and `cdnet search reindex` repairs it.
    """

    def handler(instance: Model, action: str, reverse: bool, pk_set: Any, **kwargs: Any) -> None:
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        for pk in (pk_set or ()) if reverse else (instance.pk,):
            mark(kind, pk)

    return handler


_M2M = (
    (Finding.techniques.through, Kind.FINDING),
    (Alert.techniques.through, Kind.ALERT),
    (Case.findings.through, Kind.CASE),
)
_handlers: list[Any] = []  # m2m handlers are closures: keep them alive (weak references)


def connect() -> None:
    """Connect the handlers; called once from ``SearchConfig.ready``."""
    for model in _KINDS:
        uid = f"cdnet.search.{model.__name__}"
        signals.post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=f"{uid}.save")
        signals.post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=f"{uid}.del")
    signals.post_save.connect(_comment_changed, sender=CaseComment, dispatch_uid="search.cc.s")
    signals.post_delete.connect(_comment_changed, sender=CaseComment, dispatch_uid="search.cc.d")
    for through, kind in _M2M:
        handler = _links_changed(kind)
        _handlers.append(handler)
        signals.m2m_changed.connect(
            handler, sender=through, dispatch_uid=f"cdnet.search.m2m.{through.__name__}"
        )
