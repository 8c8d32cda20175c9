"""The DISARM matrix and a page per technique (or counter) with the findings and alerts using it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cdnet.analysis.reference import disarm
from cdnet.cases.models import Technique
from cdnet.cases.techniques import FRAMEWORK
from cdnet.cases.visibility import visible_alerts, visible_findings
from cdnet.errors import NotFound
from cdnet.web.views.common import current_user


@login_required
def matrix(request: HttpRequest) -> HttpResponse:
    framework = disarm.load()
    query = request.GET.get("q", "").strip()
    used = set(Technique.objects.filter(framework=FRAMEWORK).values_list("external_id", flat=True))
    phases = [
        {
            "id": p.phase.id,
            "name": p.phase.name,
            "tactics": [
                {
                    "id": t.tactic.id,
                    "name": t.tactic.name,
                    "techniques": [
                        item for c in t.techniques for item in (c.technique, *c.subtechniques)
                    ],
                }
                for t in p.tactics
            ],
        }
        for p in framework.matrix()
    ]
    results = framework.search(query, limit=50) if query else None
    return render(
        request,
        "cdnet/disarm_matrix.html",
        {
            "matrix": phases,
            "used": used,
            "q": query,
            "results": results,
            "attribution": disarm.ATTRIBUTION,
        },
    )


@login_required
def technique(request: HttpRequest, technique_id: str) -> HttpResponse:
    framework = disarm.load()
    try:
        item = framework.get(technique_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    context: dict[str, object] = {"t": item, "framework": item.framework, "counters": []}
    if isinstance(item, disarm.Technique):
        context["tactic"] = framework.tactic(item.tactic_id)
        context["parent"] = framework.technique(item.parent_id) if item.parent_id else None
        context["subs"] = framework.subtechniques(item.id)
        context["counters"] = framework.counters_for(item.id, include_subtechniques=True)
    elif isinstance(item, disarm.Counter):
        context["counters"] = framework.techniques_for_counter(item.id)
    rows = Technique.objects.filter(framework=FRAMEWORK, external_id=item.id)
    user = current_user(request)
    context["findings"] = visible_findings(user).filter(techniques__in=rows).distinct()[:100]
    context["alerts"] = visible_alerts(user).filter(techniques__in=rows).distinct()[:100]
    return render(request, "cdnet/disarm_technique.html", context)
