"""The years for which cdnet holds data: any finding, alert or impact record dated in them.

Dated as in the report: a finding by when it was seen (else stored), an alert by when it was
sent (a draft never sent dates nothing), an outcome, meeting, article or event by its day."""

from __future__ import annotations

from django.db.models import Q

from cdnet.cases.models import Alert, AlertEvent, AlertState, Finding
from cdnet.errors import NotFound
from cdnet.reports.annual.scope import DATED_RECORDS, for_audience
from cdnet.reports.figure import Audience


def years_with_data(audience: Audience = Audience.NETWORK) -> list[int]:
    """Every year with at least one record the audience may see, oldest first."""
    years: set[int] = set()
    findings = for_audience(Finding.objects.all(), audience)
    seen = findings.filter(first_seen__isnull=False).datetimes("first_seen", "year")
    created = findings.filter(Q(first_seen__isnull=True)).datetimes("created_at", "year")
    years.update(moment.year for moment in seen)
    years.update(moment.year for moment in created)
    alerts = for_audience(Alert.objects.all(), audience)
    sent = AlertEvent.objects.filter(to_state=AlertState.SENT, alert__in=alerts)
    years.update(moment.year for moment in sent.datetimes("at", "year"))
    for model, day_field in DATED_RECORDS:
        days = for_audience(model._default_manager.all(), audience).dates(day_field, "year")
        years.update(day.year for day in days)
    return sorted(years)


def require_year(year: int, audience: Audience) -> None:
    """NotFound naming the years that have data when ``year`` has none for the audience."""
    years = years_with_data(audience)
    if year in years:
        return
    known = ", ".join(str(y) for y in years) if years else "none yet"
    raise NotFound(f"no {audience.value} data for {year}; years with data: {known}")
