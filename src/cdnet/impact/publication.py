"""Approval for publication: what the public yearly report may show besides TLP:CLEAR records.

Coordinators and admins approve (or withdraw the approval of) alerts, findings and every impact
record. The fields on the row say the current state; the audit log keeps every decision.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from cdnet.audit.log import record
from cdnet.cases.models import Alert, Finding
from cdnet.cases.visibility import visible_alerts, visible_findings
from cdnet.errors import NotFound
from cdnet.impact import advocacy, capacity, checks
from cdnet.impact.records import KINDS
from cdnet.impact.visibility import visible_outcomes, visible_records


def _set(user: User, obj: Any, approved: bool) -> Any:
    checks.require_approver(user)
    with transaction.atomic():
        obj.approved_for_publication = approved
        obj.approved_by = user if approved else None
        obj.approved_at = timezone.now() if approved else None
        obj.save(update_fields=["approved_for_publication", "approved_by", "approved_at"])
        what = "approved for publication" if approved else "publication approval withdrawn"
        record(user, "change", obj, what, {"approved_for_publication": approved})
    return obj


def approve_for_publication(user: User, obj: Any) -> Any:
    """Mark an alert, finding or impact record as publishable in the public report."""
    return _set(user, obj, True)


def withdraw_publication(user: User, obj: Any) -> Any:
    """Take an approval back; the record leaves the public report."""
    return _set(user, obj, False)


# Importing advocacy and capacity registered their kinds of record.
PUBLISHABLE = ("alert", "finding", "outcome", *KINDS)
assert advocacy.MEETINGS and capacity.EVENTS  # noqa: S101 - keeps the registering imports


def publishable(kind: str, pk: int, user: User) -> Any:
    """The record of ``kind`` with ``pk`` if ``user`` may read it (alert, finding, outcome,
    meeting, evidencesubmission, pressarticle, briefing, introduction, event)."""
    if kind == "alert":
        obj: Any = visible_alerts(user, Alert.objects.all()).filter(pk=pk).first()
    elif kind == "finding":
        obj = visible_findings(user, Finding.objects.all()).filter(pk=pk).first()
    elif kind == "outcome":
        obj = visible_outcomes(user).filter(pk=pk).first()
    elif kind in KINDS:
        obj = visible_records(user, KINDS[kind].model._default_manager.all()).filter(pk=pk).first()
    else:
        raise NotFound(f"no kind of record {kind!r} (one of {', '.join(PUBLISHABLE)})")
    if obj is None:
        raise NotFound(f"no {kind} {pk}")
    return obj
