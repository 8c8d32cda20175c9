"""Append to the audit log. Each entry's hash covers its content and the previous entry's hash,
so an edited, removed or reordered row breaks the chain (`cdnet audit verify`)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from cdnet.audit.models import AuditAction, AuditEntry, AuditHead

GENESIS = "0" * 64


def object_ref(obj: Model | tuple[str, str | int]) -> tuple[str, str]:
    """``("alert", "12")`` for a model instance, or the pair as given."""
    if isinstance(obj, Model):
        return obj._meta.model_name or type(obj).__name__.lower(), str(obj.pk)
    return obj[0], str(obj[1])


def entry_hash(
    prev_hash: str,
    at: str,
    actor_id: int | None,
    actor_name: str,
    action: str,
    object_type: str,
    object_id: str,
    summary: str,
    details: Any,
) -> str:
    """The SHA-256 of an entry's fields and the hash before it, over canonical JSON."""
    body = json.dumps(
        [prev_hash, at, actor_id, actor_name, action, object_type, object_id, summary, details],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def hash_of(entry: AuditEntry) -> str:
    return entry_hash(
        entry.prev_hash,
        entry.at.isoformat(),
        entry.actor_id,
        entry.actor_name,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.summary,
        entry.details,
    )


def record(
    actor: User | AnonymousUser | None,
    action: str,
    obj: Model | tuple[str, str | int],
    summary: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry; runs inside the caller's transaction, so it commits with the change."""
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action {action!r}")
    user = actor if isinstance(actor, User) else None
    object_type, object_id = object_ref(obj)
    # A JSON round trip makes the stored details equal to what verify will read back.
    clean = json.loads(json.dumps(details or {}, default=str))
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": GENESIS}
        )
        entry = AuditEntry(
            at=timezone.now(),
            actor=user,
            actor_name=user.get_username() if user else "system",
            action=action,
            object_type=object_type,
            object_id=object_id,
            summary=summary[:500],
            details=clean,
            prev_hash=head.last_hash,
        )
        entry.hash = hash_of(entry)
        entry.save(force_insert=True)
        head.last_hash, head.count = entry.hash, head.count + 1
        head.save(update_fields=["last_hash", "count"])
    return entry
