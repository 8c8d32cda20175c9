"""The life of an alert: draft → in review → (changes requested →) approved → sent → closed.

Four eyes: a reviewer who is not an author approves. Every transition and every review decision
is a new row; nothing is edited in place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.contrib.auth.models import User
from django.db import transaction

from cdnet.cases.models import (
    Alert,
    AlertEvent,
    AlertState,
    Decision,
    Finding,
    ReviewDecision,
    Tlp,
)
from cdnet.cases.techniques import resolve_techniques
from cdnet.errors import BadInput, InvalidTransition, NotAllowed
from cdnet.network.models import Role
from cdnet.network.services import organisation_of, role_of

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


def is_author(alert: Alert, user: User) -> bool:
    return alert.created_by_id == user.pk or alert.authors.filter(pk=user.pk).exists()


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
    alert.state = to_state
    alert.save(update_fields=["state", "updated_at"])


def create_alert(
    author: User,
    title: str,
    summary: str,
    tlp: str = Tlp.AMBER,
    findings: Sequence[Finding] = (),
    techniques: Iterable[str] = (),
) -> Alert:
    _require_member(author)
    if not title.strip():
        raise BadInput("an alert needs a title", field="title")
    if tlp not in Tlp.values:
        raise BadInput(f"TLP must be one of {', '.join(Tlp.values)}, got {tlp!r}", field="tlp")
    technique_rows = resolve_techniques(techniques, strict=True)
    with transaction.atomic():
        alert = Alert.objects.create(
            title=title.strip(),
            summary=summary,
            tlp=tlp,
            created_by=author,
            organisation=organisation_of(author),
        )
        alert.authors.add(author)
        alert.findings.set(findings)
        alert.techniques.set(technique_rows)
        AlertEvent.objects.create(alert=alert, actor=author, to_state=AlertState.DRAFT)
    return alert


def revise_alert(alert: Alert, author: User, title: str, summary: str) -> Alert:
    if not is_author(alert, author):
        raise NotAllowed("only an author can revise an alert")
    if alert.state not in (AlertState.DRAFT, AlertState.CHANGES_REQUESTED):
        raise InvalidTransition("only a draft or an alert with requested changes can be revised")
    with transaction.atomic():
        alert.title, alert.summary = title.strip() or alert.title, summary
        alert.save(update_fields=["title", "summary", "updated_at"])
        AlertEvent.objects.create(
            alert=alert, actor=author, from_state=alert.state, to_state=alert.state, note="revised"
        )
    return alert


def submit_for_review(alert: Alert, actor: User) -> Alert:
    if not is_author(alert, actor):
        raise NotAllowed("only an author can submit an alert for review")
    with transaction.atomic():
        _move(alert, AlertState.IN_REVIEW, actor)
    return alert


def review(alert: Alert, reviewer: User, decision: str, comment: str = "") -> Alert:
    """Record a review decision; approval needs a reviewer who is not an author (four eyes)."""
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
        ReviewDecision.objects.create(
            alert=alert, reviewer=reviewer, decision=decision, comment=comment
        )
        target = (
            AlertState.APPROVED if decision == Decision.APPROVE else AlertState.CHANGES_REQUESTED
        )
        _move(alert, target, reviewer, note=comment)
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
