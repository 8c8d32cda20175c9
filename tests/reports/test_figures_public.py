"""The public report's filter across every figure: only TLP:CLEAR or approved records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cdnet.cases.models import Alert, Finding, Tlp
from cdnet.dispatch.models import RrsFlag
from cdnet.impact.models import (
    Briefing,
    Event,
    EvidenceSubmission,
    Introduction,
    Meeting,
    Outcome,
    PressArticle,
)
from cdnet.reports.figure import Audience, Period
from cdnet.reports.figures import compute_figures, figure_keys
from reports.figure_helpers import at, flag, found, outcome, sent_alert

YEAR_2025 = Period.year(2025)
MODELS: dict[str, Any] = {
    "alert": Alert,
    "finding": Finding,
    "outcome": Outcome,
    "meeting": Meeting,
    "evidence_submission": EvidenceSubmission,
    "press_article": PressArticle,
    "briefing": Briefing,
    "introduction": Introduction,
    "event": Event,
}


def _variants(make: Any) -> None:
    """Each record three times: CLEAR, AMBER approved for publication, AMBER not approved."""
    make(tlp=Tlp.CLEAR, approved=False)
    make(tlp=Tlp.AMBER, approved=True)
    make(tlp=Tlp.AMBER, approved=False)


@pytest.fixture
def everything(network: Any) -> None:
    n = iter(range(1000))
    who = {"recorded_by": network.carol}
    day = dt.date(2025, 5, 5)

    def alert_with_outcomes(tlp: str, approved: bool) -> None:
        alert = sent_alert(
            network.alice, network.bob, at(3), tlp=tlp, approved=approved, platforms=["x"]
        )
        flag(alert, "x", at(3, 20), network.alice)
        for kind in ("removed", "geo_restricted", "labelled"):
            countries = ["FR"] if kind == "geo_restricted" else []
            outcome(
                alert,
                kind,
                day,
                network.alice,
                subject=f"s{next(n)}",
                countries=countries,
                tlp=tlp,
                approved_for_publication=approved,
            )

    def findings(tlp: str, approved: bool) -> None:
        k = next(n)
        kw = {"tlp": tlp, "approved": approved}
        found("sanctions", at(2), channel_id=f"c{k}", platform="telegram", **kw)
        found(
            "undeclared-political-ads",
            at(2),
            ad_id=f"a{k}",
            declared_category="none",
            reasons=["state-media"],
            **kw,
        )
        found(
            "ai-images",
            at(2),
            image_id=f"i{k}",
            verdict="ai-generated",
            labelled=False,
            unlabelled=True,
            **kw,
        )
        found("lookalike-domains", at(2), domain=f"d{k}.example", post_ids=[f"p{k}"], **kw)
        found("targeted-organisations", at(2), org_id=f"o{k}", name="Org", kind="targeted", **kw)
        found(
            "election-silence",
            at(2),
            post_id=f"e{k}",
            election_id="fr-2025-06-15",
            violation="campaigning",
            **kw,
        )
        found(
            "notice-action", at(2), platform=f"pf{k}", shortfalls=["Only 10 % acknowledged."], **kw
        )

    def impact(tlp: str, approved: bool) -> None:
        kw = {"tlp": tlp, "approved_for_publication": approved, **who}
        Meeting.objects.create(institution="DSC", held_on=day, topic="t", **kw)
        EvidenceSubmission.objects.create(authority="INGE", submitted_on=day, **kw)
        PressArticle.objects.create(
            outlet="o", url="https://o.example/", published_on=day, estimated_readers=10, **kw
        )
        Briefing.objects.create(
            election_id="fr-2025-06-15", title="b", given_on=day, audience="a", **kw
        )
        Introduction.objects.create(
            member_organisation=network.beta, institution="i", made_on=day, **kw
        )
        for kind in ("training", "workshop", "presentation"):
            Event.objects.create(kind=kind, title=kind, held_on=day, participants=5, **kw)

    for make in (alert_with_outcomes, findings, impact):
        _variants(make)


def _is_public(kind: str, pk: int) -> bool:
    if kind == "rrs_flag":
        alert = RrsFlag.objects.get(pk=pk).alert
        return alert.tlp == Tlp.CLEAR or alert.approved_for_publication
    row = MODELS[kind]._default_manager.get(pk=pk)
    return bool(row.tlp == Tlp.CLEAR or row.approved_for_publication)


def test_every_record_behind_a_public_figure_is_clear_or_approved(everything: None) -> None:
    public = compute_figures(YEAR_2025, Audience.PUBLIC)
    checked = [(r.kind, r.pk) for f in public for r in f.records]
    assert len(checked) > 40
    assert all(_is_public(kind, pk) for kind, pk in checked)


def test_the_network_figures_count_the_unapproved_amber_records_the_public_ones_leave_out(
    everything: None,
) -> None:
    public = {f.key: f for f in compute_figures(YEAR_2025, Audience.PUBLIC)}
    network = {f.key: f for f in compute_figures(YEAR_2025, Audience.NETWORK)}
    for key in network:
        if key in ("organisations", "participants", "countries"):
            assert public[key].value == network[key].value  # the network itself carries no TLP
            continue
        assert {(r.kind, r.pk) for r in public[key].records} < {
            (r.kind, r.pk) for r in network[key].records
        }, key
        assert public[key].value < network[key].value, key


def test_the_figures_come_in_the_order_of_their_keys(network: Any) -> None:
    assert [f.key for f in compute_figures(YEAR_2025, Audience.NETWORK)] == figure_keys()


def test_a_figure_of_one_reads_in_the_singular_and_others_in_the_plural():
    from cdnet.reports.figure import Figure

    assert Figure("m", "Meetings", 1, unit="meetings").text == "1 meeting"
    assert Figure("c", "Countries", 1, unit="countries").text == "1 country"
    assert Figure("p", "People trained", 1, unit="people").text == "1 person"
    assert Figure("r", "Reach", 1200, unit="readers").text == "1,200 readers"
    assert Figure("n", "No unit", 3).text == "3"
