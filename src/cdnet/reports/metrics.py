"""Counts for the dashboard, computed from the records a user may see (TLP applies)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, QuerySet

from cdnet.cases.visibility import visible_alerts, visible_findings
from cdnet.dispatch.models import Delivery
from cdnet.impact.models import Outcome


@dataclass(frozen=True)
class DashboardCounts:
    findings: int
    findings_by_detector: dict[str, int]
    alerts: int
    alerts_by_state: dict[str, int]
    deliveries: int
    deliveries_by_status: dict[str, int]
    outcomes: int
    outcomes_by_kind: dict[str, int]

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _group(queryset: QuerySet[Any], field: str) -> dict[str, int]:
    rows = queryset.order_by().values(field).annotate(n=Count("id")).order_by(field)
    return {str(row[field]): int(row["n"]) for row in rows}


def dashboard_counts(user: User | AnonymousUser) -> DashboardCounts:
    alerts = visible_alerts(user)
    by_detector = _group(visible_findings(user), "detector")
    by_state = _group(alerts, "state")
    by_status = _group(Delivery.objects.filter(alert__in=alerts), "status")
    by_kind = _group(Outcome.objects.filter(alert__in=alerts), "kind")
    return DashboardCounts(
        findings=sum(by_detector.values()),
        findings_by_detector=by_detector,
        alerts=sum(by_state.values()),
        alerts_by_state=by_state,
        deliveries=sum(by_status.values()),
        deliveries_by_status=by_status,
        outcomes=sum(by_kind.values()),
        outcomes_by_kind=by_kind,
    )
