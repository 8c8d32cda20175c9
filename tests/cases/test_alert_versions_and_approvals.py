from __future__ import annotations

import pytest

from cdnet.cases import casework, workflow
from cdnet.cases.alerts import (
    add_coauthor,
    content_for,
    credits,
    diff_versions,
    draft_from_case,
    revise_alert,
)
from cdnet.cases.models import AlertState, AlertVersion
from cdnet.errors import BadInput, InvalidTransition, NotAllowed
from factories import make_alert, make_finding


def test_each_revision_is_a_new_version_and_the_old_one_stays(network):
    alert = make_alert(network.alice, summary="First words.")
    content = content_for(alert)
    content.summary = "First words.\nSecond line."
    content.platforms = ["x"]
    revise_alert(alert, network.alice, content)
    v1, v2 = AlertVersion.objects.filter(alert=alert).order_by("number")
    assert v1.content["summary"] == "First words."
    assert v2.content["summary"] == "First words.\nSecond line."
    diffs = {d.field: d for d in diff_versions(alert, 1, 2)}
    assert set(diffs) == {"summary", "platforms"}
    assert "+Second line." in diffs["summary"].unified
    assert (diffs["platforms"].before, diffs["platforms"].after) == ([], ["x"])


def test_a_sent_or_approved_alert_cannot_be_revised(network):
    alert = make_alert(network.alice)
    workflow.submit_for_review(alert, network.alice)
    workflow.review(alert, network.bob, "approve")
    with pytest.raises(InvalidTransition):
        revise_alert(alert, network.alice, content_for(alert))


def test_a_red_alert_needs_two_approvals_from_different_reviewers(network):
    alert = make_alert(network.alice, tlp="RED")
    assert alert.required_approvals == 2
    workflow.submit_for_review(alert, network.alice)
    workflow.review(alert, network.bob, "approve")
    assert alert.state == AlertState.IN_REVIEW
    with pytest.raises(InvalidTransition, match="another reviewer"):
        workflow.review(alert, network.bob, "approve")
    workflow.review(alert, network.dave, "approve")
    assert alert.state == AlertState.APPROVED


def test_a_legally_sensitive_alert_needs_two_approvals(network):
    alert = make_alert(network.alice, legally_sensitive=True)
    assert alert.required_approvals == 2


def test_approvals_from_before_a_change_request_do_not_count(network):
    alert = make_alert(network.alice, tlp="RED")
    workflow.submit_for_review(alert, network.alice)
    workflow.review(alert, network.bob, "approve")
    workflow.review(alert, network.dave, "request_changes", "cite the posts")
    workflow.submit_for_review(alert, network.alice)
    workflow.review(alert, network.bob, "approve")
    assert alert.state == AlertState.IN_REVIEW


def test_a_coordinator_can_require_two_approvals_but_not_fewer_than_the_rules(network):
    alert = make_alert(network.alice)
    workflow.require_approvals(alert, network.carol, 2)
    assert alert.required_approvals == 2
    red = make_alert(network.alice, tlp="RED")
    assert workflow.require_approvals(red, network.carol, 1).required_approvals == 2
    with pytest.raises(NotAllowed):
        workflow.require_approvals(alert, network.bob, 3)


def test_co_authors_from_other_organisations_are_credited_and_cannot_approve(network):
    alert = make_alert(network.alice)
    add_coauthor(alert, network.alice, network.bob)
    assert credits(alert) == ["Alpha Fact-Check", "Beta Research Lab"]
    workflow.submit_for_review(alert, network.alice)
    with pytest.raises(NotAllowed):
        workflow.review(alert, network.bob, "approve")


def test_an_alert_drafted_from_a_case_takes_its_findings_techniques_and_tlp(network):
    finding = make_finding()
    case = casework.open_case(network.alice, "Spiegel clones", "Details.", "GREEN", [finding])
    alert = draft_from_case(case, network.alice)
    assert alert.case == case
    assert list(alert.findings.all()) == [finding]
    assert alert.tlp == "GREEN"
    assert alert.summary == "Details."
    assert [t.external_id for t in alert.techniques.all()] == ["T0149.003"]


def test_attribution_needs_a_confidence_and_a_known_category(network):
    with pytest.raises(BadInput, match="confident"):
        make_alert(network.alice, attribution="state_linked")
    with pytest.raises(BadInput, match="attribution must be one of"):
        make_alert(network.alice, attribution="kremlin", attribution_confidence="high")
    alert = make_alert(network.alice, attribution="state_linked", attribution_confidence="high")
    assert alert.get_attribution_display() == "State-linked"


def test_suggested_counters_must_be_disarm_blue_ids(network):
    alert = make_alert(network.alice, counters=["C00012"])
    assert [c.external_id for c in alert.counters.all()] == ["C00012"]
    with pytest.raises(BadInput):
        make_alert(network.alice, counters=["T0049"])
