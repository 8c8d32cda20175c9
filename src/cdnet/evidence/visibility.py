"""Who may see an evidence item: its parent must be visible AND its own TLP must allow it.

The parent is the finding, case or alert it is attached to (``cdnet.cases.visibility``). On top:

| item TLP               | who, among those who see the parent                                 |
|------------------------|---------------------------------------------------------------------|
| CLEAR, GREEN, AMBER    | every member                                                        |
| AMBER+STRICT           | members of the capturer's organisation or of the parent's authoring |
|                        | organisations (finding: its organisation or its creator's; case:    |
|                        | lead organisation and participants' organisations; alert: authors') |
| RED                    | the capturer and the parent's named people (finding: its creator;   |
|                        | case: creator and participants; alert: authors and red readers)     |

Evidence whose parent a user cannot see is invisible whatever its own TLP: an item cannot be
more open than the record it documents.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from cdnet.cases.models import Tlp
from cdnet.cases.visibility import (
    OPEN_LEVELS,
    visible_alerts,
    visible_cases,
    visible_findings,
)
from cdnet.evidence.models import EvidenceItem
from cdnet.network.models import Member
from cdnet.network.services import role_of


def _parent_visible(user: User) -> Q:
    return (
        Q(finding__in=visible_findings(user).values("pk"))
        | Q(case__in=visible_cases(user).values("pk"))
        | Q(alert__in=visible_alerts(user).values("pk"))
    )


def _strict(org: int) -> Q:
    return (
        Q(captured_by__member__organisation_id=org)
        | Q(finding__organisation_id=org)
        | Q(finding__organisation__isnull=True, finding__created_by__member__organisation_id=org)
        | Q(case__lead_organisation_id=org)
        | Q(case__participants__member__organisation_id=org)
        | Q(alert__authors__member__organisation_id=org)
    )


def _red(user: User) -> Q:
    return (
        Q(captured_by=user)
        | Q(finding__created_by=user)
        | Q(case__created_by=user)
        | Q(case__participants=user)
        | Q(alert__authors=user)
        | Q(alert__red_readers=user)
    )


def evidence_filter(user: User) -> Q:
    """The rule above as a filter on EvidenceItem (it may join: use it inside ``pk__in``)."""
    member = Member.objects.filter(user_id=user.pk).only("organisation_id").first()
    own = Q(tlp__in=OPEN_LEVELS)
    if member is not None:
        own |= Q(tlp=Tlp.AMBER_STRICT) & _strict(member.organisation_id)
    own |= Q(tlp=Tlp.RED) & _red(user)
    return _parent_visible(user) & own


def visible_evidence(
    user: User | AnonymousUser, queryset: QuerySet[EvidenceItem] | None = None
) -> QuerySet[EvidenceItem]:
    """The items of ``queryset`` (default: all) that ``user`` may see."""
    queryset = EvidenceItem.objects.all() if queryset is None else queryset
    if not user.is_authenticated or not isinstance(user, User) or role_of(user) is None:
        return queryset.none()
    ids = EvidenceItem.objects.filter(evidence_filter(user)).values("pk")
    return queryset.filter(pk__in=ids)


def can_see_evidence(user: User | AnonymousUser, item: EvidenceItem) -> bool:
    """Whether ``user`` may see this one item (and download its files)."""
    return visible_evidence(user).filter(pk=item.pk).exists()
