"""The life of an alert: draft → in review → (changes requested →) approved → sent → closed.

Four eyes: a reviewer who is not an author approves; TLP:RED and legally sensitive alerts need two
approvals from different reviewers (a coordinator can require two for any alert). Every transition
and every review decision is a new row; nothing is edited in place.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from cdnet.audit.log import record
from cdnet.cases.alerts import is_author
from cdnet.cases.models import Alert, AlertEvent, AlertState, Decision, ReviewDecision
from cdnet.errors import BadInput, InvalidTransition, NotAllowed
from cdnet.network.models import Role
from cdnet.network.services import role_of

REVIEWER_ROLES = frozenset({Role.REVIEWER, Role.COORDINATOR, Role.ADMIN})
DISPATCHER_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})

_ALLOWED: dict[str, frozenset[str]] = {
    AlertState.DRAFT: frozenset({AlertState.IN_REVIEW, AlertState.WITHDRAWN}),
    AlertState.IN_REVIEW: frozenset(
        {AlertState.APPROVED, AlertState.CHANGES_REQUESTED, AlertState.WITHDRAWN}
    ),
    AlertState.CHANGES_REQUESTED: frozenset({AlertState.IN_REVIEW, AlertState.WITHDRAWN}),
    AlertState.APPROVED: frozenset({AlertState.SENT, AlertState.WITHDRAWN}),
    AlertState.SENT: frozenset({AlertState.CLOSED}),
    AlertState.CLOSED: frozenset(),
    AlertState.WITHDRAWN: frozenset(),
}

__all__ = ["is_author", "review", "submit_for_review"]


def _require_member(user: User) -> str:
    role = role_of(user)
    if role is None:
        raise NotAllowed("only members of the network may do this")
    return role


def _move(alert: Alert, to_state: str, actor: User | None, note: str = "") -> None:
    if to_state not in _ALLOWED[alert.state]:
        raise InvalidTransition(
            f"alert {alert.pk} is {alert.get_state_display().lower()}; "
            f"it cannot become {AlertState(to_state).label.lower()}"
        )
    AlertEvent.objects.create(
        alert=alert, actor=actor, from_state=alert.state, to_state=to_state, note=note
    )
    record(actor, "transition", alert, f"{alert.state} → {to_state}", {"note": note})
    alert.state = to_state
    alert.save(update_fields=["state", "updated_at"])


def submit_for_review(alert: Alert, actor: User) -> Alert:
    if not is_author(alert, actor):
        raise NotAllowed("only an author can submit an alert for review")
    with transaction.atomic():
        _move(alert, AlertState.IN_REVIEW, actor)
    return alert


def approvals_this_round(alert: Alert) -> set[int]:
    """Reviewers who approved since the alert last entered review."""
    entered = (
        AlertEvent.objects.filter(alert=alert, to_state=AlertState.IN_REVIEW)
        .exclude(from_state=AlertState.IN_REVIEW)
        .order_by("-at", "-id")
        .first()
    )
    decisions = ReviewDecision.objects.filter(alert=alert, decision=Decision.APPROVE)
    if entered is not None:
        decisions = decisions.filter(decided_at__gte=entered.at)
    return set(decisions.values_list("reviewer_id", flat=True))


def review(alert: Alert, reviewer: User, decision: str, comment: str = "") -> Alert:
    """Record a review decision; approval needs reviewers who are not authors (four eyes)."""
    role = _require_member(reviewer)
    if decision not in Decision.values:
        raise BadInput(f"decision must be one of {', '.join(Decision.values)}", field="decision")
    if is_author(alert, reviewer):
        raise NotAllowed("an author cannot review their own alert: a second person must")
    if role not in REVIEWER_ROLES:
        raise NotAllowed(f"a member with the role {role!r} cannot review alerts")
    if alert.state != AlertState.IN_REVIEW:
        raise InvalidTransition(f"alert {alert.pk} is not in review")
    if decision == Decision.REQUEST_CHANGES and not comment.strip():
        raise BadInput("say which changes you request", field="comment")
    with transaction.atomic():
        if decision == Decision.APPROVE and reviewer.pk in approvals_this_round(alert):
            raise InvalidTransition("you already approved this alert: another reviewer must")
        ReviewDecision.objects.create(
            alert=alert, reviewer=reviewer, decision=decision, comment=comment
        )
        record(reviewer, "change", alert, f"review: {decision}", {"comment": comment})
        if decision == Decision.REQUEST_CHANGES:
            _move(alert, AlertState.CHANGES_REQUESTED, reviewer, note=comment)
        elif len(approvals_this_round(alert)) >= alert.required_approvals:
            _move(alert, AlertState.APPROVED, reviewer, note=comment)
    return alert


def require_approvals(alert: Alert, coordinator: User, count: int) -> Alert:
    """A coordinator may require more approvals (never fewer than the rules demand)."""
    if role_of(coordinator) not in DISPATCHER_ROLES:
        raise NotAllowed("only a coordinator can change how many approvals an alert needs")
    if not 1 <= count <= 5:
        raise BadInput("an alert needs between 1 and 5 approvals", field="count")
    floor = 2 if alert.tlp == "RED" or alert.legally_sensitive else 1
    with transaction.atomic():
        alert.required_approvals = max(count, floor)
        alert.save(update_fields=["required_approvals", "updated_at"])
        record(coordinator, "change", alert, f"requires {alert.required_approvals} approvals")
    return alert


def can_dispatch(alert: Alert, user: User) -> bool:
    role = role_of(user)
    return role in DISPATCHER_ROLES or (role is not None and is_author(alert, user))


def mark_sent(alert: Alert, actor: User | None) -> None:
    if alert.state == AlertState.APPROVED:
        _move(alert, AlertState.SENT, actor)


def withdraw(alert: Alert, actor: User, reason: str) -> Alert:
    if not (is_author(alert, actor) or role_of(actor) in DISPATCHER_ROLES):
        raise NotAllowed("only an author or a coordinator can withdraw an alert")
    with transaction.atomic():
        _move(alert, AlertState.WITHDRAWN, actor, note=reason)
    return alert


def close(alert: Alert, actor: User, note: str = "") -> Alert:
    _require_member(actor)
    with transaction.atomic():
        _move(alert, AlertState.CLOSED, actor, note=note)
    return alert
