"""The campaign view in a real browser: from the findings list to the campaign's graph and
timeline, then a case opened from it with one click."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdnet.cases.detection import detect_on_dataset
from cdnet.cases.models import Case, Finding
from dataset_helpers import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POSTS = Path(__file__).parent.parent / "fixtures" / "campaigns" / "posts.csv"


def test_an_analyst_opens_a_case_from_a_campaign(network, live_server, page, login):
    dataset = register(network.alice, POSTS, "Sanctions campaign")
    detect_on_dataset(dataset, "coordination", {"kind": ["co-link"]}, user=network.alice)
    finding = Finding.objects.get(detector="coordination")
    base = live_server.url

    login(page, base, "alice", "alice-pass")
    page.click("header >> text=Findings")
    page.click(f"a[href='/findings/{finding.pk}/campaign/']")
    page.wait_for_url(f"{base}/findings/{finding.pk}/campaign/")
    assert page.inner_text("h1") == "Co-link campaign: https://spiegel.ltd/politik/sanktionen"

    graph = page.locator("svg#campaign-graph")
    assert graph.is_visible() and graph.bounding_box()["height"] > 50
    assert page.locator("#campaign-graph g.account").count() == 3
    assert page.locator("#campaign-graph g.object").count() == 2
    assert page.locator("#campaign-timeline circle.post-mark").count() == 6
    assert page.locator(".sample-post").count() == 6

    page.click("#open-campaign-case")
    case = Case.objects.get()
    page.wait_for_url(f"{base}/cases/{case.pk}/")
    page.wait_for_selector("text=Case opened from this campaign.")
    assert page.inner_text("h1") == case.title
    assert "colink-" in page.inner_text("#case-findings")  # the finding is attached
    assert list(case.findings.all()) == [finding]
