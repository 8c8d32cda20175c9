"""From a run's results to proposed outcomes; a member confirms (→ an Outcome) or rejects them.

A proposal is made once per change of a vantage point's *state*, never at every run: the state
of this run is compared with the last conclusive state (available or gone) of the same vantage
point, and a target that was never checked counts as available (it was flagged while it was up).
Errors and inconclusive answers (403, 429, 5xx) change nothing. A change of content alone is
recorded (``RecheckResult.changed``) and shown, but never proposes an outcome: edits are not
takedowns.

| change                                                   | proposal                         |
|----------------------------------------------------------|----------------------------------|
| direct: → removed (404, 410, removal page)               | removed                          |
| direct: → unavailable page (no reason given)             | removed (the reason says so)     |
| direct: → account suspended page                         | account_suspended                |
| direct: → 451 or a withheld page                         | geo_restricted (no country)      |
| country C: → 451 or withheld page, or gone while direct is available | geo_restricted in C  |
| direct: gone → available                                 | reinstated                       |
| country C: gone → available (direct stayed available)    | reinstated in C                  |
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cdnet.audit.log import record
from cdnet.cases.visibility import visible_alerts
from cdnet.errors import InvalidTransition, NotAllowed, NotFound
from cdnet.impact.models import (
    OutcomeKind,
    ProposalState,
    RecheckProposal,
    RecheckResult,
    RecheckState,
    RecheckTarget,
)
from cdnet.impact.models.recheck import GONE_STATES
from cdnet.network.services import role_of

_KIND_OF = {
    RecheckState.REMOVED: OutcomeKind.REMOVED,
    RecheckState.UNAVAILABLE: OutcomeKind.REMOVED,
    RecheckState.ACCOUNT_SUSPENDED: OutcomeKind.ACCOUNT_SUSPENDED,
    RecheckState.GEO_RESTRICTED: OutcomeKind.GEO_RESTRICTED,
}


@dataclass
class Draft:
    """A proposal before it is stored."""

    kind: str
    reason: str
    results: list[RecheckResult]
    countries: list[str] = field(default_factory=list)


def _seen(result: RecheckResult) -> str:
    code = f"HTTP {result.status_code}" if result.status_code else "no answer"
    phrase = f', page says "{result.matched_phrase}"' if result.matched_phrase else ""
    return f"{code}{phrase}"


def _direct_draft(now: RecheckResult, before: str) -> Draft | None:
    state = now.state
    if state in GONE_STATES and state != before:
        extra = " (the platform gives no reason)" if state == RecheckState.UNAVAILABLE else ""
        reason = f"Checked directly: {_seen(now)}{extra}; it was {before} before."
        return Draft(_KIND_OF[RecheckState(state)], reason, [now])
    if state == RecheckState.AVAILABLE and before in GONE_STATES:
        reason = f"Checked directly: available again ({_seen(now)}); it was {before} before."
        return Draft(OutcomeKind.REINSTATED, reason, [now])
    return None


def _country_drafts(
    results: dict[str, RecheckResult], before: dict[str, str], direct: str | None
) -> list[Draft]:
    blocked: list[RecheckResult] = []
    back: list[RecheckResult] = []
    for vantage, now in sorted(results.items()):
        was = before.get(vantage, RecheckState.AVAILABLE)
        withheld = now.state == RecheckState.GEO_RESTRICTED or (
            now.state in GONE_STATES and direct == RecheckState.AVAILABLE
        )
        if withheld and was not in GONE_STATES:
            blocked.append(now)
        elif now.state == RecheckState.AVAILABLE and was in GONE_STATES:
            back.append(now)
    drafts = []
    if blocked:
        seen = "; ".join(f"through the {r.vantage} proxy: {_seen(r)}" for r in blocked)
        if direct == RecheckState.AVAILABLE:
            seen += "; directly: available"
        countries = [r.vantage for r in blocked]
        drafts.append(Draft(OutcomeKind.GEO_RESTRICTED, f"{seen}.", blocked, countries))
    if back and direct == RecheckState.AVAILABLE:
        seen = "; ".join(f"through the {r.vantage} proxy: available again" for r in back)
        drafts.append(Draft(OutcomeKind.REINSTATED, f"{seen}.", back, [r.vantage for r in back]))
    return drafts


def drafts_for(results: list[RecheckResult], before: dict[str, str]) -> list[Draft]:
    """The proposals a run's results make, given each vantage's last conclusive state."""
    conclusive = {
        r.vantage: r
        for r in results
        if r.state not in (RecheckState.ERROR, RecheckState.INCONCLUSIVE)
    }
    direct = conclusive.pop("", None)
    drafts = []
    direct_before = before.get("", RecheckState.AVAILABLE)
    if direct is not None:
        draft = _direct_draft(direct, direct_before)
        if draft is not None:
            drafts.append(draft)
    direct_state = direct.state if direct is not None else None
    countries = _country_drafts(conclusive, before, direct_state)
    if any(d.kind == OutcomeKind.REINSTATED for d in drafts):  # back everywhere: one proposal
        countries = [d for d in countries if d.kind != OutcomeKind.REINSTATED]
    return drafts + countries


def store(target: RecheckTarget, drafts: list[Draft]) -> list[RecheckProposal]:
    """Append the drafts (inside the caller's transaction), skipping any already pending."""
    stored = []
    for draft in drafts:
        pending = target.proposals.filter(state=ProposalState.PENDING, kind=draft.kind)
        if any(sorted(p.countries) == sorted(draft.countries) for p in pending):
            continue
        proposal = RecheckProposal.objects.create(
            target=target, kind=draft.kind, countries=draft.countries, reason=draft.reason
        )
        proposal.results.set(draft.results)
        record(None, "create", proposal, f"re-check proposes {draft.kind}", {
            "target": target.pk, "countries": draft.countries, "reason": draft.reason,
        })  # fmt: skip
        stored.append(proposal)
    return stored


def _check_member(user: User) -> None:
    if role_of(user) is None:
        raise NotAllowed("only members of the network may decide re-check proposals")


def _lock_pending(proposal_id: int, user: User) -> RecheckProposal:
    proposal = (
        RecheckProposal.objects.select_for_update()
        .select_related("target", "target__alert")
        .get(pk=proposal_id)
    )
    if not visible_alerts(user).filter(pk=proposal.target.alert_id).exists():
        raise NotFound(f"no re-check proposal {proposal_id}")
    if proposal.state != ProposalState.PENDING:
        raise InvalidTransition(f"proposal {proposal.pk} was already {proposal.state}")
    return proposal


def _evidence_url(target: RecheckTarget) -> str:
    path = reverse("recheck_detail", args=[target.pk])
    return f"{str(getattr(settings, 'SITE_URL', '')).rstrip('/')}{path}"


def _first_seen(proposal: RecheckProposal) -> dt.date:
    first = proposal.results.order_by("checked_at").first()
    return (first.checked_at if first else proposal.created_at).date()


def _outcome_countries(proposal: RecheckProposal, given: list[str] | None) -> list[str]:
    """Only a geo-restriction names countries (a reinstatement in DE says so in its note)."""
    if proposal.kind != OutcomeKind.GEO_RESTRICTED:
        return []
    return list(proposal.countries if given is None else given)


def confirm(proposal: RecheckProposal, user: User, note: str = "",
            occurred_on: dt.date | None = None,
            countries: list[str] | None = None) -> RecheckProposal:  # fmt: skip
    """Record the proposed outcome (source ``recheck``) and mark the proposal confirmed.

    ``countries`` replaces the proposed ones: a 451 seen directly, from cdnet's own location,
    names no country, and a geo-restricted outcome needs one."""
    from cdnet.impact.services import record_outcome

    _check_member(user)
    with transaction.atomic():
        locked = _lock_pending(proposal.pk, user)
        target = locked.target
        outcome = record_outcome(
            alert=target.alert, user=user, kind=locked.kind,
            occurred_on=occurred_on or _first_seen(locked),
            note=(f"{locked.reason} {note}").strip(), evidence_url=_evidence_url(target),
            subject=target.url, platform=target.platform,
            countries=_outcome_countries(locked, countries), source="recheck",
        )  # fmt: skip
        return _decide(locked, user, ProposalState.CONFIRMED, note, outcome)


def reject(proposal: RecheckProposal, user: User, note: str = "") -> RecheckProposal:
    """Mark the proposal rejected; no outcome is recorded."""
    _check_member(user)
    with transaction.atomic():
        return _decide(_lock_pending(proposal.pk, user), user, ProposalState.REJECTED, note, None)


def _decide(proposal: RecheckProposal, user: User, state: str, note: str,
            outcome: object | None) -> RecheckProposal:  # fmt: skip
    proposal.state = state
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.decision_note = note
    proposal.outcome = outcome  # type: ignore[assignment]
    proposal.save(update_fields=["state", "decided_by", "decided_at", "decision_note", "outcome"])
    details = {"note": note, "outcome": getattr(outcome, "pk", None)}
    record(user, "transition", proposal, f"re-check proposal {state}", details)
    return proposal
