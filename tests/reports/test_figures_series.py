"""The chart series: findings per detector and month, outcomes per kind, against SQL counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from cdnet.reports.figure import Audience, Period
from cdnet.reports.series import chart_series, months
from reports.figure_helpers import (
    END,
    PUBLIC_AND,
    START,
    at,
    found,
    outcome,
    reject,
    rows,
    sent_alert,
)

YEAR_2025 = Period.year(2025)


@pytest.fixture
def records(network: Any) -> None:
    found("sanctions", at(1, 1, 0), tlp="CLEAR", channel_id="c1", platform="telegram")
    found("sanctions", at(3), channel_id="c2", platform="X")
    found("lookalike-domains", at(3), tlp="CLEAR", domain="spiegel.ltd", post_ids=["p1"])
    reject(found("sanctions", at(3), tlp="CLEAR", channel_id="c3", platform="x"), network.bob)
    found("lookalike-domains", at(1, 1, 0, year=2026), tlp="CLEAR", domain="bild.work")
    alert = sent_alert(
        network.alice, network.bob, at(2), tlp="CLEAR", target_countries=["FR", "DE"]
    )
    outcome(alert, "removed", dt.date(2025, 3, 2), network.alice, platform="x", tlp="CLEAR")
    outcome(alert, "geo_restricted", dt.date(2025, 3, 3), network.alice, countries=["DE"])
    outcome(alert, "labelled", dt.date(2024, 12, 31), network.alice, tlp="CLEAR")


def _findings_per_detector_and_month(public: bool) -> dict[tuple[str, str], int]:
    bounds = [connection.ops.adapt_datetimefield_value(t) for t in (START, END)]
    found_rows = rows(
        f"""SELECT t.detector, COALESCE(t.first_seen, t.created_at) FROM cases_finding t
            WHERE COALESCE(t.first_seen, t.created_at) >= %s
              AND COALESCE(t.first_seen, t.created_at) < %s
              AND NOT EXISTS (SELECT 1 FROM cases_findingreview r WHERE r.finding_id = t.id
                              AND r.decision = 'reject')
              {PUBLIC_AND if public else ""}""",  # noqa: S608 - test constants only
        [*bounds, *([True] if public else [])],
    )
    counts: dict[tuple[str, str], int] = {}
    for detector, seen in found_rows:
        month = str(seen)[:7]
        counts[(detector, month)] = counts.get((detector, month), 0) + 1
    return counts


@pytest.mark.parametrize("audience", [Audience.NETWORK, Audience.PUBLIC])
def test_findings_per_detector_and_month_equal_an_independent_count(
    records: None, audience: Audience
) -> None:
    expected = _findings_per_detector_and_month(audience == Audience.PUBLIC)
    findings = chart_series(YEAR_2025, audience).findings
    got = {
        (detector, month): n
        for detector, per_month in findings.by_kind_month.items()
        for month, n in per_month.items()
        if n
    }
    assert got == expected
    assert findings.total == sum(expected.values()) == sum(findings.by_month.values())
    assert list(findings.by_month) == months(YEAR_2025)


def test_platforms_are_counted_in_lower_case_and_missing_ones_as_unknown(records: None) -> None:
    findings = chart_series(YEAR_2025, Audience.NETWORK).findings
    assert findings.by_platform == {"telegram": 1, "unknown": 1, "x": 1}


def test_outcomes_count_per_kind_and_geo_restriction_countries_else_the_alert_countries(
    records: None,
) -> None:
    outcomes = chart_series(YEAR_2025, Audience.NETWORK).outcomes
    assert outcomes.by_kind == {"geo_restricted": 1, "removed": 1}  # not the 2024 labelling
    assert outcomes.by_country == {"DE": 2, "FR": 1}
    assert chart_series(YEAR_2025, Audience.PUBLIC).outcomes.by_kind == {"removed": 1}


def test_the_months_of_a_period_that_spans_a_new_year() -> None:
    period = Period(dt.date(2024, 11, 20), dt.date(2025, 2, 1))
    assert months(period) == ["2024-11", "2024-12", "2025-01", "2025-02"]
