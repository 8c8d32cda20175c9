"""DISARM look-ups and the dashboard counts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from cdnet.analysis.reference import disarm
from cdnet.cases.models import Technique
from cdnet.cases.techniques import FRAMEWORK
from cdnet.cases.visibility import visible_alerts, visible_findings
from cdnet.reports.metrics import dashboard_counts
from cdnet.web.api_routes.schemas import TechniqueOut

router = Router(tags=["reference"])


@router.get(
    "/disarm/{technique_id}", response=TechniqueOut, summary="A DISARM technique and its uses"
)
def technique(request: HttpRequest, technique_id: str) -> TechniqueOut:
    framework = disarm.load()
    item = framework.technique(technique_id)
    rows = Technique.objects.filter(framework=FRAMEWORK, external_id=item.id)
    return TechniqueOut(
        id=item.id,
        framework=item.framework,
        name=item.name,
        summary=item.summary,
        counters=[{"id": c.id, "name": c.name} for c in framework.counters_for(item.id)],
        finding_ids=list(
            visible_findings(request.user)
            .filter(techniques__in=rows)
            .values_list("pk", flat=True)
            .distinct()
        ),
        alert_ids=list(
            visible_alerts(request.user)
            .filter(techniques__in=rows)
            .values_list("pk", flat=True)
            .distinct()
        ),
    )


@router.get("/dashboard", summary="Counts of findings, alerts, deliveries and outcomes")
def dashboard(request: HttpRequest) -> dict[str, Any]:
    return dashboard_counts(request.user).as_dict()
