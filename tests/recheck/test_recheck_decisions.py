"""A member confirms a proposal (an Outcome with source recheck) or rejects it (no outcome)."""

from __future__ import annotations

import pytest

from cdnet.audit.models import AuditEntry
from cdnet.errors import BadInput, InvalidTransition, NotAllowed
from cdnet.impact.models import Outcome, ProposalState
from cdnet.impact.recheck.proposals import confirm, reject
from cdnet.impact.recheck.schedule import add_target, run_target
from recheck_helpers import page


def _proposal(network, alert, origin, guard, status=404, **kw):
    origin.answer("/status/1", page("gone", status=status))
    target = add_target(network.alice, alert, origin.url("/status/1"), platform="x", **kw)
    [proposal] = run_target(target, guard).proposals
    return proposal


def test_confirming_a_proposal_records_an_outcome_with_source_recheck(
    network, sent_alert, origin, guard
):
    proposal = _proposal(network, sent_alert, origin, guard)
    confirm(proposal, network.bob, note="also gone in the app")
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decided_by) == (ProposalState.CONFIRMED, network.bob)
    outcome = proposal.outcome
    assert outcome is not None and outcome.alert == sent_alert
    assert (outcome.kind, outcome.source, outcome.recorded_by) == (
        "removed",
        "recheck",
        network.bob,
    )
    assert (outcome.subject, outcome.platform) == (origin.url("/status/1"), "x")
    assert outcome.occurred_on == proposal.results.get().checked_at.date()
    assert "HTTP 404" in outcome.note and "also gone in the app" in outcome.note
    assert outcome.evidence_url.endswith(f"/rechecks/{proposal.target_id}/")
    assert AuditEntry.objects.filter(
        object_id=str(proposal.pk), action="transition", summary__contains="confirmed"
    ).exists()


def test_confirming_a_geo_restriction_records_its_countries(
    network, sent_alert, origin, guard, proxies
):
    origin.answer("/status/1", page("here"), DE=page("blocked", status=451))
    target = add_target(network.alice, sent_alert, origin.url("/status/1"), countries=["DE"])
    [proposal] = run_target(target, guard).proposals
    outcome = confirm(proposal, network.carol).outcome
    assert (outcome.kind, outcome.countries) == ("geo_restricted", ["DE"])


def test_a_451_seen_directly_needs_the_member_to_name_the_countries(
    network, sent_alert, origin, guard
):
    proposal = _proposal(network, sent_alert, origin, guard, status=451)
    assert (proposal.kind, proposal.countries) == ("geo_restricted", [])
    with pytest.raises(BadInput, match="countries"):
        confirm(proposal, network.bob)
    assert not Outcome.objects.exists()
    outcome = confirm(proposal, network.bob, countries=["FR"]).outcome
    assert outcome.countries == ["FR"]


def test_rejecting_a_proposal_records_no_outcome(network, sent_alert, origin, guard):
    proposal = _proposal(network, sent_alert, origin, guard)
    reject(proposal, network.bob, note="the page is down for everyone: an outage")
    proposal.refresh_from_db()
    assert (proposal.state, proposal.outcome) == (ProposalState.REJECTED, None)
    assert proposal.decision_note.startswith("the page is down")
    assert not Outcome.objects.exists()


def test_a_decided_proposal_cannot_be_decided_again(network, sent_alert, origin, guard):
    proposal = _proposal(network, sent_alert, origin, guard)
    reject(proposal, network.bob)
    with pytest.raises(InvalidTransition, match="already rejected"):
        confirm(proposal, network.carol)
    assert not Outcome.objects.exists()


def test_someone_outside_the_network_cannot_decide(network, sent_alert, origin, guard):
    from django.contrib.auth.models import User

    proposal = _proposal(network, sent_alert, origin, guard)
    outsider = User.objects.create_user("mallory", password="x")
    with pytest.raises(NotAllowed):
        confirm(proposal, outsider)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING


def test_a_rejected_change_is_not_proposed_again_while_nothing_changes(
    network, sent_alert, origin, guard
):
    proposal = _proposal(network, sent_alert, origin, guard)
    reject(proposal, network.bob)
    assert run_target(proposal.target, guard).proposals == []
