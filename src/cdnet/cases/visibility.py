"""Who may read what: TLP 2.0 enforced on every read path.

- ``TLP:CLEAR`` and ``TLP:GREEN``: every member of the network.
- ``TLP:AMBER``: the network (every member).
- ``TLP:AMBER+STRICT``: only the members of the authoring organisations.
- ``TLP:RED``: only named people.

Who authored or is named depends on the kind of record:

| record   | authoring organisations                          | named people                      |
|----------|--------------------------------------------------|-----------------------------------|
| alert    | the organisations of its authors                 | its authors and its red readers   |
| case     | the lead organisation and its participants' orgs | its creator and its participants  |
| finding  | its organisation (or its creator's)              | its creator                       |
| evidence | its own TLP and the record it is attached to     | the capturer, plus the parent's   |

A user who is not a member of the network (no role) sees nothing. Every page, API call, export,
search result, download and dashboard count goes through the functions below.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model, Q, QuerySet

from cdnet.cases.models import Alert, Case, Finding, Tlp
from cdnet.network.models import Member
from cdnet.network.services import role_of

OPEN_LEVELS = (Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER)

M = TypeVar("M", bound=Model)


def _org_id(user: User) -> int | None:
    member = Member.objects.filter(user_id=user.pk).only("organisation_id").first()
    return member.organisation_id if member else None


def _is_member(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and role_of(user) is not None


def alert_filter(user: User) -> Q:
    org = _org_id(user)
    strict = Q(tlp=Tlp.AMBER_STRICT) & Q(authors__member__organisation_id=org)
    red = Q(tlp=Tlp.RED) & (Q(authors=user) | Q(red_readers=user))
    return Q(tlp__in=OPEN_LEVELS) | (strict if org else Q(pk__in=[])) | red


def case_filter(user: User) -> Q:
    org = _org_id(user)
    strict = Q(tlp=Tlp.AMBER_STRICT) & (
        Q(lead_organisation_id=org) | Q(participants__member__organisation_id=org)
    )
    red = Q(tlp=Tlp.RED) & (Q(created_by=user) | Q(participants=user))
    return Q(tlp__in=OPEN_LEVELS) | (strict if org else Q(pk__in=[])) | red


def finding_filter(user: User) -> Q:
    org = _org_id(user)
    strict = Q(tlp=Tlp.AMBER_STRICT) & (
        Q(organisation_id=org)
        | Q(organisation__isnull=True, created_by__member__organisation_id=org)
    )
    red = Q(tlp=Tlp.RED) & Q(created_by=user)
    return Q(tlp__in=OPEN_LEVELS) | (strict if org else Q(pk__in=[])) | red


def _restrict(queryset: QuerySet[M], user: User | AnonymousUser, rule: Any) -> QuerySet[M]:
    if not _is_member(user):
        return queryset.none()
    assert isinstance(user, User)  # noqa: S101 - members are authenticated users
    ids = queryset.model._default_manager.filter(rule(user)).values("pk")
    return queryset.filter(pk__in=ids)


def visible_alerts(
    user: User | AnonymousUser, queryset: QuerySet[Alert] | None = None
) -> QuerySet[Alert]:
    return _restrict(Alert.objects.all() if queryset is None else queryset, user, alert_filter)


def visible_cases(
    user: User | AnonymousUser, queryset: QuerySet[Case] | None = None
) -> QuerySet[Case]:
    return _restrict(Case.objects.all() if queryset is None else queryset, user, case_filter)


def visible_findings(
    user: User | AnonymousUser, queryset: QuerySet[Finding] | None = None
) -> QuerySet[Finding]:
    return _restrict(Finding.objects.all() if queryset is None else queryset, user, finding_filter)


def can_see(user: User | AnonymousUser, obj: Alert | Case | Finding) -> bool:
    """Whether ``user`` may read this one record."""
    if isinstance(obj, Alert):
        return visible_alerts(user).filter(pk=obj.pk).exists()
    if isinstance(obj, Case):
        return visible_cases(user).filter(pk=obj.pk).exists()
    return visible_findings(user).filter(pk=obj.pk).exists()
