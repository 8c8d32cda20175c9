"""Outcomes of alerts: typed, checked field by field, appended, timed from the sending."""

from __future__ import annotations

import datetime as dt

import pytest
from impact_helpers import days_ago, sent_alert

from cdnet.audit.models import AuditEntry
from cdnet.cases.models import AlertEvent
from cdnet.dispatch.models import Delivery
from cdnet.errors import BadInput, InvalidTransition, NotAllowed
from cdnet.evidence.services import upload
from cdnet.impact.models import Outcome
from cdnet.impact.services import (
    OutcomeFilter,
    list_outcomes,
    outcomes_for_subject,
    record_outcome,
    time_to_action,
)
from factories import approved_alert, make_finding

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def field_of(excinfo: pytest.ExceptionInfo[BadInput]) -> str | None:
    return excinfo.value.field


def test_alice_records_a_geo_restriction_with_the_countries_it_applies_to(network, alert):
    outcome = record_outcome(
        alert,
        network.alice,
        "geo_restricted",
        days_ago(2),
        "Page withheld in two countries",
        "https://platform.example/notice/1",
        subject="https://x.example/rt_mirror",
        platform="X",
        countries=["de", "EL"],
        counters=["C00006"],
        statement_id="1234-abcd",
    )
    outcome.refresh_from_db()
    assert outcome.countries == ["DE", "GR"]
    assert outcome.platform == "x" and outcome.source == "member"
    assert [c.external_id for c in outcome.counters.all()] == ["C00006"]
    assert outcome.organisation == network.alpha and outcome.recorded_by == network.alice
    entry = AuditEntry.objects.get(object_type="outcome", object_id=str(outcome.pk))
    assert entry.action == "create" and entry.details["kind"] == "geo_restricted"


@pytest.mark.parametrize(
    ("kind", "countries", "field", "reason"),
    [
        ("geo_restricted", [], "countries", "in which countries"),
        ("removed", ["FR"], "countries", "only geo-restricted"),
        ("geo_restricted", ["XX"], "countries", "not an ISO 3166-1"),
        ("vanished", [], "kind", "kind must be one of"),
    ],
)
def test_a_wrong_outcome_is_refused_naming_the_field(
    network, alert, kind, countries, field, reason
):
    with pytest.raises(BadInput, match=reason) as excinfo:
        record_outcome(alert, network.alice, kind, days_ago(1), countries=countries)
    assert field_of(excinfo) == field
    assert Outcome.objects.count() == 0


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"counters": ["T0049"]}, "counters"),
        ({"counters": ["C99999"]}, "counters"),
        ({"source": "rumour"}, "source"),
        ({"statement_id": "has spaces"}, "statement_id"),
        ({"subject": "two words"}, "subject"),
        ({"subject": "ftp://files.example/x"}, "subject"),
        ({"tlp": "ORANGE"}, "tlp"),
        ({"evidence_ids": [999]}, "evidence_ids"),
    ],
)
def test_counters_sources_subjects_and_evidence_are_checked(network, alert, given, field):
    with pytest.raises(BadInput) as excinfo:
        record_outcome(alert, network.alice, "removed", days_ago(1), **given)
    assert field_of(excinfo) == field


def test_an_outcome_cannot_lie_in_the_future_nor_point_at_a_non_http_link(network, alert):
    tomorrow = days_ago(-1)
    with pytest.raises(BadInput) as excinfo:
        record_outcome(alert, network.alice, "removed", tomorrow)
    assert field_of(excinfo) == "occurred_on"
    with pytest.raises(BadInput) as excinfo:
        record_outcome(alert, network.alice, "removed", days_ago(1), evidence_url="javascript:x")
    assert field_of(excinfo) == "evidence_url"


def test_evidence_bob_may_not_see_cannot_back_his_outcome(network, alert):
    red = upload(network.alice, "notice.pdf", PDF, alert=alert, tlp="RED")
    with pytest.raises(BadInput) as excinfo:
        record_outcome(alert, network.bob, "removed", days_ago(1), evidence_ids=[red.pk])
    assert field_of(excinfo) == "evidence_ids"
    outcome = record_outcome(alert, network.alice, "removed", days_ago(1), evidence_ids=[red.pk])
    assert list(outcome.evidence.all()) == [red]


def test_the_outcome_takes_the_alerts_tlp_unless_told_otherwise(network):
    green = sent_alert(network, tlp="GREEN")
    assert record_outcome(green, network.alice, "labelled", days_ago(1)).tlp == "GREEN"
    clear = record_outcome(green, network.alice, "labelled", days_ago(1), tlp="tlp:clear")
    assert clear.tlp == "CLEAR"


def test_people_outside_the_network_cannot_record_outcomes(alert, outsider):
    with pytest.raises(NotAllowed):
        record_outcome(alert, outsider, "removed", days_ago(1))


def test_outcomes_are_recorded_only_on_sent_alerts(network):
    unsent = approved_alert(network.alice, network.bob)
    with pytest.raises(InvalidTransition):
        record_outcome(unsent, network.alice, "removed", days_ago(1))


def test_a_correction_is_a_new_outcome_and_the_first_stays_as_it_was(network, alert):
    removed = record_outcome(alert, network.alice, "removed", days_ago(5), subject="spiegel.ltd")
    record_outcome(alert, network.bob, "reinstated", days_ago(1), subject="spiegel.ltd")
    kinds = [o.kind for o in Outcome.objects.filter(alert=alert).order_by("occurred_on")]
    assert kinds == ["removed", "reinstated"]
    removed.refresh_from_db()
    assert removed.kind == "removed" and removed.recorded_by == network.alice


def test_the_re_check_monitor_records_its_confirmed_proposals_by_keyword(network, alert):
    outcome = record_outcome(
        alert=alert,
        user=network.carol,
        kind="geo_restricted",
        occurred_on=days_ago(0),
        note="content unavailable in DE",
        evidence_url="",
        subject="https://welt.example/a",
        platform="x",
        countries=["DE"],
        source="recheck",
    )
    assert (outcome.source, outcome.countries) == ("recheck", ["DE"])


def test_time_to_action_counts_the_days_since_the_alert_was_first_sent(network, alert):
    sent_at = dt.datetime.combine(days_ago(10), dt.time(23, 30), tzinfo=dt.UTC)
    AlertEvent.objects.filter(alert=alert, to_state="sent").update(at=sent_at)
    outcome = record_outcome(alert, network.alice, "removed", days_ago(3))
    assert time_to_action(outcome) == dt.timedelta(days=7)
    earlier = record_outcome(alert, network.alice, "labelled", days_ago(12))
    assert time_to_action(earlier) is None  # it happened before the alert went out


def test_without_a_sent_transition_the_first_sent_delivery_counts(network, alert):
    AlertEvent.objects.filter(alert=alert, to_state="sent").delete()
    outcome = record_outcome(alert, network.alice, "removed", days_ago(1))
    assert time_to_action(outcome) is None
    Delivery.objects.create(
        alert=alert,
        recipient=network.platform,
        address="ts@platform.example",
        idempotency_key="<k1@cdnet>",
        subject="alert",
        status="sent",
        sent_at=dt.datetime.combine(days_ago(4), dt.time(8), tzinfo=dt.UTC),
    )
    assert time_to_action(outcome) == dt.timedelta(days=3)


def test_outcomes_of_one_subject_are_found_across_alerts(network, alert):
    other = sent_alert(network, finding=make_finding("welt.pm", "welt.de"), title="Welt clone")
    record_outcome(alert, network.alice, "removed", days_ago(6), subject="@rt_mirror")
    record_outcome(other, network.bob, "reinstated", days_ago(2), subject="@RT_mirror")
    record_outcome(other, network.bob, "removed", days_ago(2), subject="@someone_else")
    found = outcomes_for_subject("@rt_mirror")
    assert [(o.alert_id, o.kind) for o in found] == [
        (alert.pk, "removed"),
        (other.pk, "reinstated"),
    ]
    assert len(outcomes_for_subject("@rt_mirror", network.bob)) == 2


def test_outcomes_are_listed_by_kind_and_period_and_hidden_with_their_alert(network, outsider):
    strict = sent_alert(network, tlp="AMBER+STRICT")
    record_outcome(strict, network.alice, "removed", days_ago(20))
    record_outcome(strict, network.alice, "labelled", days_ago(2))
    assert [o.kind for o in list_outcomes(network.carol, OutcomeFilter(since=days_ago(5)))] == [
        "labelled"
    ]
    assert [o.kind for o in list_outcomes(network.carol, OutcomeFilter(kind="removed"))] == [
        "removed"
    ]
    assert list(list_outcomes(network.bob)) == []  # Beta is not an authoring organisation
    assert list(list_outcomes(outsider)) == []
