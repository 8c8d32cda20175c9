from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cdnet.cases.visibility import visible_alerts
from cdnet.reports.metrics import dashboard_counts


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "cdnet/dashboard.html",
        {
            "counts": dashboard_counts(request.user),
            "recent_alerts": visible_alerts(request.user)[:10],
        },
    )
