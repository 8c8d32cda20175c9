"""Each filter narrows the results: kind, platform, country, technique, dates, state."""

from __future__ import annotations

import datetime as dt

import pytest

from cdnet.cases import workflow
from cdnet.cases.models import Alert, Case
from cdnet.errors import BadInput
from cdnet.search.models import SearchDocument
from cdnet.search.query import search


def found(page):
    return {(r.kind, r.id) for r in page.results}


@pytest.fixture
def records(network, kit):
    finding = kit.finding(
        "rrn.media", "Fake outlet spreading election claims.",
        platform="Telegram", country="DE", techniques=["T0149.003"],
    )  # fmt: skip
    alert = kit.alert(
        network.alice, "Election fake outlet", "The outlet spreads election claims.",
        platforms=["Facebook", "X"], target_countries=["FR"], techniques=["T0085.001"],
    )  # fmt: skip
    case = kit.case(network.alice, "Election outlet case", "Claims again.", findings=[finding])
    item = kit.evidence(network.alice, "Election page capture", "claims", finding=finding)
    return {"finding": finding, "alert": alert, "case": case, "evidence": item}


def test_kinds_restrict_the_results_to_those_kinds(network, records):
    assert {k for k, _ in found(search(network.alice, "election"))} == {
        "finding", "alert", "case", "evidence",
    }  # fmt: skip
    page = search(network.alice, "election", kinds=["alert", "case"])
    assert found(page) == {("alert", records["alert"].pk), ("case", records["case"].pk)}


def test_an_unknown_kind_is_bad_input(network):
    with pytest.raises(BadInput, match="kind must be one of"):
        search(network.alice, "x", kinds=["post"])


def test_platform_matches_findings_alerts_and_what_inherits_from_them(network, records):
    telegram = found(search(network.alice, "election", platform="telegram"))
    assert telegram == {
        ("finding", records["finding"].pk),
        ("case", records["case"].pk),
        ("evidence", records["evidence"].pk),
    }
    assert found(search(network.alice, "election", platform="X")) == {
        ("alert", records["alert"].pk)
    }
    assert found(search(network.alice, "election", platform="tele")) == set()


def test_country_accepts_any_case_and_the_eu_code_for_greece(network, records, kit):
    assert found(search(network.alice, "election", country="fr")) == {
        ("alert", records["alert"].pk)
    }
    greek = kit.alert(network.alice, "Athens election", target_countries=["GR"])
    assert found(search(network.alice, "athens", country="EL")) == {("alert", greek.pk)}
    with pytest.raises(BadInput):
        search(network.alice, "x", country="France")


def test_technique_accepts_a_qualified_or_bare_id_and_includes_sub_techniques(network, records):
    alert = ("alert", records["alert"].pk)
    for technique in ("T0085.001", "t0085.001", "DISARM:T0085.001", "disarm:T0085", "T0085"):
        assert found(search(network.alice, "election", technique=technique)) == {alert}, technique
    assert found(search(network.alice, "election", technique="T0085.002")) == set()
    assert found(search(network.alice, "election", technique="T0008")) == set()
    assert found(search(network.alice, "election", technique="OTHER:T0085.001")) == set()
    assert ("case", records["case"].pk) in found(
        search(network.alice, "election", technique="T0149")
    )


def test_dates_filter_on_creation_or_capture_and_include_the_last_day(network, records):
    alert = records["alert"]
    Alert.objects.filter(pk=alert.pk).update(
        created_at=dt.datetime(2024, 5, 31, 23, 0, tzinfo=dt.UTC)
    )
    SearchDocument.objects.filter(kind="alert", object_id=alert.pk).update(
        date=dt.datetime(2024, 5, 31, 23, 0, tzinfo=dt.UTC)
    )
    may = {"date_from": dt.date(2024, 5, 1), "date_to": dt.date(2024, 5, 31)}
    assert found(search(network.alice, "election", **may)) == {("alert", alert.pk)}
    assert found(search(network.alice, "election", date_to=dt.date(2024, 5, 30))) == set()
    assert len(found(search(network.alice, "election", date_from=dt.date(2024, 6, 1)))) == 3
    with pytest.raises(BadInput, match="after"):
        search(network.alice, "x", date_from=dt.date(2024, 6, 2), date_to=dt.date(2024, 6, 1))


def test_state_filters_alerts_and_cases_by_their_state(network, records, kit):
    alert, case = records["alert"], records["case"]
    with kit.capture(execute=True):
        workflow.submit_for_review(alert, network.alice)
        Case.objects.filter(pk=case.pk).update(state="closed")
        case.refresh_from_db()
        case.save()
    assert found(search(network.alice, "election", state="in_review")) == {("alert", alert.pk)}
    assert found(search(network.alice, "election", state="closed")) == {("case", case.pk)}
    assert found(search(network.alice, "election", state="draft")) == set()
    with pytest.raises(BadInput, match="state must be one of"):
        search(network.alice, "x", state="lost")


def test_filters_combine(network, records):
    page = search(network.alice, "", platform="telegram", kinds=["case"], country="DE")
    assert found(page) == {("case", records["case"].pk)}
