"""Alerts produced, RRS flags and the outcomes, checked against hand-written SQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from cdnet.cases.models import AlertState
from cdnet.reports.figure import Audience, Period
from cdnet.reports.figures import compute_figure
from reports.figure_helpers import (
    END,
    PUBLIC_AND,
    START,
    at,
    flag,
    ids_of,
    outcome,
    rows,
    sent_alert,
)

YEAR_2025 = Period.year(2025)
AUDIENCES = [Audience.NETWORK, Audience.PUBLIC]


@pytest.fixture
def alerts(network: Any) -> dict[str, Any]:
    def alert(when: Any, **kw: Any) -> Any:
        return sent_alert(network.alice, network.bob, when, **kw)

    made = {
        "clear": alert(at(2), tlp="CLEAR", platforms=["x", "tiktok"]),
        "approved": alert(at(3), approved=True, platforms=["x"]),
        "amber": alert(at(4), platforms=["meta"]),
        "first second": alert(at(1, 1, 0), tlp="CLEAR"),
        "next year": alert(at(1, 1, 0, year=2026), tlp="CLEAR"),
    }
    from factories import approved_alert

    made["never sent"] = approved_alert(network.alice, network.bob, tlp="CLEAR")
    return made


def _sent_in_2025(public: bool) -> list[tuple[Any, ...]]:
    bounds = [connection.ops.adapt_datetimefield_value(t) for t in (START, END)]
    return rows(
        f"""SELECT t.id FROM cases_alert t
            WHERE (SELECT MIN(e.at) FROM cases_alertevent e
                   WHERE e.alert_id = t.id AND e.to_state = 'sent') >= %s
              AND (SELECT MIN(e.at) FROM cases_alertevent e
                   WHERE e.alert_id = t.id AND e.to_state = 'sent') < %s
              {PUBLIC_AND if public else ""}""",  # noqa: S608 - test constants only
        [*bounds, *([True] if public else [])],
    )


@pytest.mark.parametrize("audience", AUDIENCES)
def test_alerts_produced_are_the_alerts_first_sent_in_the_period(
    alerts: dict[str, Any], audience: Audience
) -> None:
    expected = {pk for (pk,) in _sent_in_2025(audience == Audience.PUBLIC)}
    figure = compute_figure("alerts_produced", YEAR_2025, audience)
    assert figure.value == len(expected)
    assert ids_of(figure.records, "alert") == expected


def test_an_alert_never_sent_is_not_produced_and_the_period_edges_hold(
    alerts: dict[str, Any],
) -> None:
    records = ids_of(compute_figure("alerts_produced", YEAR_2025, Audience.NETWORK).records)
    assert alerts["never sent"].state == AlertState.APPROVED
    assert alerts["never sent"].pk not in records
    assert alerts["first second"].pk in records
    assert alerts["next year"].pk not in records


def test_the_public_sees_clear_and_approved_alerts_and_not_an_unapproved_amber_one(
    alerts: dict[str, Any],
) -> None:
    public = compute_figure("alerts_produced", YEAR_2025, Audience.PUBLIC)
    assert ids_of(public.records) == {
        alerts["clear"].pk,
        alerts["approved"].pk,
        alerts["first second"].pk,
    }
    assert public.breakdown == {"tiktok": 1, "unknown": 1, "x": 2}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_alerts_flagged_through_the_rrs_are_distinct_alerts_with_flags_in_the_period(
    alerts: dict[str, Any], network: Any, audience: Audience
) -> None:
    flag(alerts["clear"], "x", at(2, 16), network.alice)
    flag(alerts["clear"], "tiktok", at(2, 16), network.alice)
    flag(alerts["approved"], "x", at(3, 16), network.alice)
    flag(alerts["amber"], "meta", at(4, 16), network.alice)
    flag(alerts["next year"], "x", at(1, 2, year=2026), network.alice)
    public = audience == Audience.PUBLIC
    bounds = [connection.ops.adapt_datetimefield_value(t) for t in (START, END)]
    flags = rows(
        f"""SELECT f.id, f.alert_id, f.platform FROM dispatch_rrsflag f
            JOIN cases_alert t ON t.id = f.alert_id
            WHERE f.sent_at >= %s AND f.sent_at < %s
            {PUBLIC_AND if public else ""}""",  # noqa: S608 - test constants only
        [*bounds, *([True] if public else [])],
    )
    figure = compute_figure("alerts_flagged_rrs", YEAR_2025, audience)
    assert figure.value == len({alert for _, alert, _ in flags})
    assert ids_of(figure.records, "alert") == {alert for _, alert, _ in flags}
    assert figure.breakdown["x"] == len({a for _, a, p in flags if p == "x"})
    each = compute_figure("rrs_flags", YEAR_2025, audience)
    assert each.value == len(flags)
    assert ids_of(each.records, "rrs_flag") == {pk for pk, _, _ in flags}


@pytest.fixture
def outcomes(alerts: dict[str, Any], network: Any) -> dict[str, Any]:
    clear, amber = alerts["clear"], alerts["amber"]
    user = network.alice
    day = dt.date(2025, 5, 1)
    return {
        "removed": outcome(clear, "removed", day, user, subject="https://x.com/a/1", tlp="CLEAR"),
        "removed twice": outcome(
            clear, "removed", day, user, subject="https://x.com/a/1", tlp="CLEAR"
        ),
        "suspended": outcome(
            clear, "account_suspended", day, user, subject="@a", approved_for_publication=True
        ),
        "ad removed": outcome(amber, "ad_removed", day, user, subject="ad-9"),
        "geo": outcome(
            clear,
            "geo_restricted",
            day,
            user,
            subject="https://t.me/rt",
            countries=["DE", "FR"],
            tlp="CLEAR",
        ),
        "geo amber": outcome(
            amber, "geo_restricted", day, user, subject="https://t.me/sp", countries=["FR"]
        ),
        "labelled": outcome(
            clear, "labelled", day, user, subject="https://x.com/a/2", platform="x", tlp="CLEAR"
        ),
        "labelled 2026": outcome(
            clear, "labelled", dt.date(2026, 1, 1), user, subject="https://x.com/a/3", tlp="CLEAR"
        ),
        "no action": outcome(clear, "no_action", day, user, tlp="CLEAR"),
    }


def _outcomes_sql(public: bool, kinds: tuple[str, ...]) -> list[tuple[Any, ...]]:
    marks = ", ".join(["%s"] * len(kinds))
    sql = f"""SELECT t.id, t.alert_id, t.subject, t.kind, t.countries FROM impact_outcome t
              WHERE t.occurred_on >= %s AND t.occurred_on <= %s AND t.kind IN ({marks})
              {PUBLIC_AND if public else ""}"""  # noqa: S608 - test constants only
    params = [dt.date(2025, 1, 1), dt.date(2025, 12, 31), *kinds, *([True] if public else [])]
    return rows(sql, params)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_takedowns_are_distinct_removals_suspensions_and_ad_removals(
    outcomes: dict[str, Any], audience: Audience
) -> None:
    found = _outcomes_sql(
        audience == Audience.PUBLIC, ("removed", "account_suspended", "ad_removed")
    )
    figure = compute_figure("takedowns", YEAR_2025, audience)
    assert figure.value == len(
        {(kind, alert, subject.lower()) for _, alert, subject, kind, _ in found}
    )
    assert ids_of(figure.records, "outcome") == {pk for pk, *_ in found}


def test_the_same_removal_recorded_twice_counts_once(outcomes: dict[str, Any]) -> None:
    figure = compute_figure("takedowns", YEAR_2025, Audience.PUBLIC)
    assert figure.value == 2  # the removal (recorded twice) and the suspension
    assert figure.breakdown == {"account_suspended": 1, "removed": 1}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_geo_fenced_pages_are_distinct_subjects_with_a_breakdown_per_country(
    outcomes: dict[str, Any], audience: Audience
) -> None:
    import json

    found = _outcomes_sql(audience == Audience.PUBLIC, ("geo_restricted",))
    figure = compute_figure("geo_fenced", YEAR_2025, audience)
    assert figure.value == len({(alert, subject) for _, alert, subject, _, _ in found})
    assert ids_of(figure.records) == {pk for pk, *_ in found}
    countries = [c for *_, cs in found for c in (cs if isinstance(cs, list) else json.loads(cs))]
    assert figure.breakdown == {c: countries.count(c) for c in sorted(set(countries))}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_labellings_are_the_labelled_outcomes_of_the_period(
    outcomes: dict[str, Any], audience: Audience
) -> None:
    found = _outcomes_sql(audience == Audience.PUBLIC, ("labelled",))
    figure = compute_figure("labellings", YEAR_2025, audience)
    assert figure.value == len(found) == 1
    assert ids_of(figure.records) == {pk for pk, *_ in found}
    assert outcomes["labelled 2026"].pk not in ids_of(figure.records)


def test_a_public_outcome_of_an_amber_alert_does_not_show_the_alert_title(
    alerts: dict[str, Any], network: Any
) -> None:
    amber = alerts["amber"]
    outcome(amber, "removed", dt.date(2025, 5, 2), network.alice, tlp="CLEAR")
    (record,) = compute_figure("takedowns", YEAR_2025, Audience.PUBLIC).records
    assert amber.title not in record.label
    assert record.label == f"Removed / taken down: alert {amber.pk} (2025-05-02)"
