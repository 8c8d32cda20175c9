"""Re-checks in a real browser: a real check through the DE proxy finds a flagged post withheld
in Germany, a member confirms the proposal on /rechecks/, and the alert shows the outcome."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import recheck_helpers
from cdnet.cases import workflow
from cdnet.evidence.ssrf import Guard
from cdnet.impact.models import Outcome, ProposalState, RecheckProposal
from cdnet.impact.recheck.schedule import add_target, run_target
from factories import approved_alert
from recheck_helpers import Origin, Proxy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def servers(settings: Any) -> Iterator[tuple[Origin, Proxy]]:
    """The post's origin on loopback and the DE proxy that the fetcher goes through."""
    origin, de = Origin().start(), Proxy("DE").start()
    settings.CDNET_RECHECK_PROXIES = f"DE={de.url}"
    yield origin, de
    de.stop()
    origin.stop()


def test_a_member_confirms_a_geo_restriction_found_by_a_real_check(
    network, live_server, page, login, servers
):
    origin, de = servers
    origin.answer("/status/1", recheck_helpers.page("Vote on Monday!"),
                  DE=recheck_helpers.page("Withheld in Germany", status=451))  # fmt: skip
    alert = approved_alert(network.alice, network.bob)
    workflow.mark_sent(alert, network.carol)
    url = origin.url("/status/1")
    target = add_target(network.alice, alert, url, countries=["DE"], platform="x")
    [proposal] = run_target(target, Guard(allowed={("127.0.0.1", origin.port)})).proposals
    assert de.requests == [url]
    base = live_server.url

    login(page, base, "bob", "bob-pass")
    page.click("header >> text=Re-checks")
    page.wait_for_url(f"{base}/rechecks/")
    row = page.locator(f"#recheck-proposals tr[data-proposal='{proposal.pk}']")
    assert row.locator("td").nth(1).inner_text() == "Geo-restricted in DE"
    assert "through the DE proxy: HTTP 451" in row.inner_text()
    results = page.locator(f"#recheck-targets tr[data-target='{target.pk}'] .recheck-result")
    assert results.all_inner_texts()[0].startswith("direct: Available (200)")
    assert results.all_inner_texts()[1].startswith("DE: Geo-restricted")

    row.locator("input[name=note]").fill("also withheld for our member in Berlin")
    row.locator("button", has_text="Confirm").click()
    page.wait_for_selector("text=Confirmed: the outcome is recorded.")
    assert page.locator("#recheck-proposals").inner_text().count("No pending proposals.") == 1

    page.click(f"#recheck-targets a[href='/alerts/{alert.pk}/']")
    page.wait_for_url(f"{base}/alerts/{alert.pk}/")
    [outcome_text] = page.locator("#outcomes li").all_inner_texts()
    assert outcome_text.startswith("Geo-restricted on ")
    assert (
        "(recorded by bob)" in outcome_text
        and "also withheld for our member in Berlin" in outcome_text
    )
    assert url in outcome_text and "in DE" in outcome_text
    assert "A re-check by cdnet, confirmed by a member" in outcome_text

    proposal.refresh_from_db()
    outcome = Outcome.objects.get()
    assert (proposal.state, proposal.outcome, outcome.countries) == (
        ProposalState.CONFIRMED,
        outcome,
        ["DE"],
    )
    assert RecheckProposal.objects.filter(state=ProposalState.PENDING).count() == 0
