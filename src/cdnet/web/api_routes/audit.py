"""The audit log and its verification: coordinators and admins only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from cdnet.audit.models import AuditEntry
from cdnet.errors import NotAllowed
from cdnet.network.models import Role
from cdnet.network.services import role_of

router = Router(tags=["audit"])

READERS = frozenset({Role.COORDINATOR, Role.ADMIN})
MAX_LIMIT = 1000


class AuditEntryOut(Schema):
    id: int
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    summary: str
    details: dict[str, Any]
    prev_hash: str
    hash: str


class VerifyOut(Schema):
    ok: bool
    entries: int
    summary: str
    problems: list[str]


def _entry_out(e: AuditEntry) -> AuditEntryOut:
    return AuditEntryOut(
        id=e.pk,
        at=e.at,
        actor=e.actor_name,
        action=e.action,
        object_type=e.object_type,
        object_id=e.object_id,
        summary=e.summary,
        details=e.details,
        prev_hash=e.prev_hash,
        hash=e.hash,
    )


def _require_reader(request: HttpRequest) -> None:
    if role_of(request.user) not in READERS:
        raise NotAllowed("only coordinators and admins may read the audit log")


@router.get("/audit", response=list[AuditEntryOut], summary="Audit entries, newest first")
def audit_log(
    request: HttpRequest, object_type: str = "", object_id: str = "", limit: int = 100
) -> list[AuditEntryOut]:
    """Filter by `object_type` (e.g. `alert`) and `object_id`; at most `limit` (≤ 1000)."""
    _require_reader(request)
    entries = AuditEntry.objects.order_by("-id")
    if object_type:
        entries = entries.filter(object_type=object_type.strip().lower())
    if object_id:
        entries = entries.filter(object_id=object_id.strip())
    return [_entry_out(e) for e in entries[: max(1, min(limit, MAX_LIMIT))]]


@router.get("/audit/verify", response=VerifyOut, summary="Check the audit log's hash chain")
def audit_verify(request: HttpRequest) -> VerifyOut:
    _require_reader(request)
    from cdnet.audit.verify import verify

    report = verify()
    return VerifyOut(
        ok=report.ok, entries=report.entries, summary=report.summary(), problems=report.problems
    )
