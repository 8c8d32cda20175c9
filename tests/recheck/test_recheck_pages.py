"""The re-check list (page and API) reads the last results of all targets in a constant number
of queries, and still shows each vantage point's newest check."""

from __future__ import annotations

import pytest
from django.test import Client

from cdnet.impact.models import RecheckState
from cdnet.impact.recheck.schedule import add_target, latest_results, run_target
from cdnet.network.services import create_token
from recheck_helpers import page

TARGETS = 20


@pytest.fixture
def checked_twice(network, sent_alert, origin, guard, proxies):
    """20 targets (every other one also checked through DE): available, then removed."""
    targets = []
    for n in range(TARGETS):
        origin.answer(f"/p/{n}", page(f"post {n}"))
        countries = ["DE"] if n % 2 else []
        targets.append(add_target(network.alice, sent_alert, origin.url(f"/p/{n}"),
                                  countries=countries))  # fmt: skip
    for target in targets:
        run_target(target, guard)
    for n, target in enumerate(targets):
        origin.answer(f"/p/{n}", page("gone", status=404))
        run_target(target, guard)
    return targets


def test_latest_results_are_each_vantage_points_newest_check_direct_first(
    network, sent_alert, origin, guard, proxies, checked_twice
):
    never = add_target(network.alice, sent_alert, origin.url("/never"))
    latest = latest_results([*checked_twice, never])
    assert latest[never.pk] == []
    for n, target in enumerate(checked_twice):
        expected = ["", "DE"] if n % 2 else [""]
        assert [r.vantage for r in latest[target.pk]] == expected
        assert {r.state for r in latest[target.pk]} == {RecheckState.REMOVED}
        newest = target.results.order_by("-checked_at", "-id")[: len(expected)]
        assert {r.pk for r in latest[target.pk]} == {r.pk for r in newest}


def test_the_list_page_reads_the_last_results_of_20_targets_in_a_few_queries(
    network, checked_twice, django_assert_max_num_queries
):
    client = Client()
    client.force_login(network.bob)
    with django_assert_max_num_queries(12):
        response = client.get("/rechecks/")
    html = response.content.decode()
    assert html.count("direct: Removed (404, 410 or a removal page) (404)") == TARGETS
    assert html.count("DE: Removed") == TARGETS // 2
    assert "direct: Available" not in html  # the first runs are not the last results


def test_the_api_list_reads_the_last_results_of_20_targets_in_a_few_queries(
    network, checked_twice, django_assert_max_num_queries
):
    headers = {"Authorization": f"Bearer {create_token(network.carol)}"}
    client = Client()
    with django_assert_max_num_queries(8):
        listed = client.get("/api/rechecks", headers=headers).json()
    assert len(listed) == TARGETS
    assert all([r["state"] for r in t["last_results"]] == ["removed"] * len(t["countries"] + [1])
               for t in listed)  # fmt: skip
