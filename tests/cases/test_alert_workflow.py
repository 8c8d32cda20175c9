from __future__ import annotations

import pytest

from cdnet.cases import workflow
from cdnet.cases.alerts import content_for, revise_alert
from cdnet.cases.models import AlertEvent, AlertState, ReviewDecision
from cdnet.errors import BadInput, InvalidTransition, NotAllowed
from factories import approved_alert, make_alert


def test_a_new_alert_is_a_draft_authored_by_its_creator(network):
    alert = make_alert(network.alice)
    assert alert.state == AlertState.DRAFT
    assert list(alert.authors.all()) == [network.alice]
    assert alert.organisation == network.alpha
    assert [t.qualified_id for t in alert.techniques.all()] == ["DISARM:T0149.003"]


def test_an_alert_rejects_a_technique_id_that_disarm_does_not_know(network):
    with pytest.raises(BadInput, match="T9999"):
        make_alert(network.alice, techniques=["T9999"])


def test_an_alert_rejects_an_unknown_tlp_level(network):
    with pytest.raises(BadInput, match="TLP"):
        make_alert(network.alice, tlp="ORANGE")


def test_the_author_of_an_alert_cannot_approve_it(network):
    alert = make_alert(network.carol)  # carol is a coordinator: her role may review
    workflow.submit_for_review(alert, network.carol)
    with pytest.raises(NotAllowed, match="second person"):
        workflow.review(alert, network.carol, "approve")
    alert.refresh_from_db()
    assert alert.state == AlertState.IN_REVIEW
    assert not ReviewDecision.objects.filter(alert=alert).exists()


def test_a_co_author_cannot_approve_either(network):
    alert = make_alert(network.alice)
    alert.authors.add(network.dave)
    workflow.submit_for_review(alert, network.alice)
    with pytest.raises(NotAllowed):
        workflow.review(alert, network.dave, "approve")


def test_an_analyst_cannot_review(network):
    alert = make_alert(network.carol)
    workflow.submit_for_review(alert, network.carol)
    with pytest.raises(NotAllowed, match="analyst"):
        workflow.review(alert, network.alice, "approve")


def test_a_reviewer_from_another_organisation_approves(network):
    alert = approved_alert(network.alice, network.bob)
    assert alert.state == AlertState.APPROVED
    decision = ReviewDecision.objects.get(alert=alert)
    assert (decision.reviewer, decision.decision) == (network.bob, "approve")


def test_changes_requested_then_revised_then_approved_keeps_every_step(network):
    alert = make_alert(network.alice)
    workflow.submit_for_review(alert, network.alice)
    workflow.review(alert, network.bob, "request_changes", "name the platforms")
    content = content_for(alert)
    content.summary += "\n\nOn X."
    revise_alert(alert, network.alice, content)
    workflow.submit_for_review(alert, network.alice)
    workflow.review(alert, network.bob, "approve", "good")
    steps = list(AlertEvent.objects.filter(alert=alert).values_list("from_state", "to_state"))
    assert steps == [
        ("", "draft"),
        ("draft", "in_review"),
        ("in_review", "changes_requested"),
        ("changes_requested", "changes_requested"),
        ("changes_requested", "in_review"),
        ("in_review", "approved"),
    ]
    assert ReviewDecision.objects.filter(alert=alert).count() == 2


def test_requesting_changes_needs_a_comment(network):
    alert = make_alert(network.alice)
    workflow.submit_for_review(alert, network.alice)
    with pytest.raises(BadInput, match="changes"):
        workflow.review(alert, network.bob, "request_changes", "  ")


def test_a_draft_cannot_be_approved_before_it_is_submitted(network):
    alert = make_alert(network.alice)
    with pytest.raises(InvalidTransition):
        workflow.review(alert, network.bob, "approve")


def test_only_an_author_submits_an_alert(network):
    alert = make_alert(network.alice)
    with pytest.raises(NotAllowed):
        workflow.submit_for_review(alert, network.bob)


def test_a_withdrawn_alert_cannot_be_submitted(network):
    alert = make_alert(network.alice)
    workflow.withdraw(alert, network.alice, "duplicate")
    with pytest.raises(InvalidTransition):
        workflow.submit_for_review(alert, network.alice)
