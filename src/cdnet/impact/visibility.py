"""Who may read impact records: the TLP rules of :mod:`cdnet.cases.visibility`.

- ``TLP:CLEAR``, ``GREEN``, ``AMBER``: every member of the network.
- ``TLP:AMBER+STRICT``: members of the organisation that recorded it.
- ``TLP:RED``: only the person who recorded it.

An outcome is read only when its alert is readable too.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from cdnet.cases.models import Tlp
from cdnet.cases.visibility import OPEN_LEVELS, visible_alerts
from cdnet.impact.models import Outcome, Reportable
from cdnet.network.services import organisation_of, role_of

R = TypeVar("R", bound=Reportable)


def reportable_filter(user: User) -> Q:
    org = organisation_of(user)
    rule = Q(tlp__in=OPEN_LEVELS) | (Q(tlp=Tlp.RED) & Q(recorded_by=user))
    if org is not None:
        same_org = Q(organisation_id=org.pk) | Q(
            organisation__isnull=True, recorded_by__member__organisation_id=org.pk
        )
        rule |= Q(tlp=Tlp.AMBER_STRICT) & same_org
    return rule


def visible_records(user: User | AnonymousUser, queryset: QuerySet[R]) -> QuerySet[R]:
    """The rows of ``queryset`` ``user`` may read (none for non-members)."""
    if not isinstance(user, User) or role_of(user) is None:
        return queryset.none()
    ids = queryset.model._default_manager.filter(reportable_filter(user)).values("pk")
    queryset = queryset.filter(pk__in=ids)
    if queryset.model is Outcome:
        queryset = queryset.filter(alert__in=visible_alerts(user))
    return queryset


def visible_outcomes(
    user: User | AnonymousUser, queryset: QuerySet[Outcome] | None = None
) -> QuerySet[Outcome]:
    return visible_records(user, Outcome.objects.all() if queryset is None else queryset)
