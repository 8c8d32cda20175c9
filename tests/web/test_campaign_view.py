"""The campaign view: a coordination finding as an account-object graph, a timeline and sample
posts, with a button that opens a case from it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cdnet.audit.models import AuditEntry
from cdnet.cases.datasets import delete_dataset
from cdnet.cases.detection import detect_on_dataset
from cdnet.cases.findings import save_findings
from cdnet.cases.models import Case, Finding, Tlp
from cdnet.web import campaign_layout
from dataset_helpers import logged_in, register

POSTS = Path(__file__).parent.parent / "fixtures" / "campaigns" / "posts.csv"
SVG = "{http://www.w3.org/2000/svg}"
SANKTIONEN = "https://spiegel.ltd/politik/sanktionen"
GAS = "https://welt.pm/energie/gas"
CO_LINK = ["amber_owl", "blue_fox", "cyan_elk"]


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATASETS_ROOT = tmp_path / "datasets"
    return settings.DATASETS_ROOT


@pytest.fixture
def dataset(network):
    return register(network.alice, POSTS, "Sanctions campaign")


def detect(dataset, kind: str, user=None) -> Finding:
    detect_on_dataset(dataset, "coordination", {"kind": [kind], "window": 60}, user=user)
    return Finding.objects.get(detector="coordination", payload__kind=kind)


def svg(page: str, element_id: str) -> ET.Element:
    """The inline SVG with this id, parsed as XML (so it must be well-formed)."""
    found = re.search(rf'<svg[^>]*id="{element_id}".*?</svg>', page, re.S)
    assert found, f"no <svg id={element_id}> on the page"
    return ET.fromstring(found.group(0))  # noqa: S314 - the page our own server just rendered


def nodes(drawing: ET.Element, kind: str) -> list[str]:
    return [
        g.get(f"data-{kind}", "")
        for g in drawing.iter(f"{SVG}g")
        if g.get("class") == f"node {kind}"
    ]


def page_of(user, finding: Finding) -> str:
    response = logged_in(user).get(f"/findings/{finding.pk}/campaign/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_graph_has_a_node_per_account_and_per_shared_link(network, dataset):
    finding = detect(dataset, "co-link")
    drawing = svg(page_of(network.bob, finding), "campaign-graph")
    assert nodes(drawing, "account") == CO_LINK  # in the order they first posted
    # b.example/x was shared by amber_owl alone: not a shared object
    assert nodes(drawing, "object") == [SANKTIONEN, GAS]
    edges = [line.find(f"{SVG}title").text for line in drawing.iter(f"{SVG}line")]
    assert sorted(edges) == sorted(
        f"{account} shared {link} (1 post)" for account in CO_LINK for link in (SANKTIONEN, GAS)
    )


def test_a_co_reshare_campaign_links_accounts_to_the_originals(network, dataset):
    finding = detect(dataset, "co-reshare")
    drawing = svg(page_of(network.alice, finding), "campaign-graph")
    assert nodes(drawing, "account") == ["echo_ray", "fern_ant"]
    assert sorted(nodes(drawing, "object")) == ["c1", "c4"]


def test_the_timeline_has_one_mark_per_post_placed_by_time_and_account(network, dataset):
    finding = detect(dataset, "co-link")
    drawing = svg(page_of(network.alice, finding), "campaign-timeline")
    marks = {c.get("data-post"): c for c in drawing.iter(f"{SVG}circle")}
    assert sorted(marks) == finding.payload["post_ids"] == ["c1", "c2", "c3", "c4", "c5", "c6"]
    x = {post: float(mark.get("cx", "nan")) for post, mark in marks.items()}
    y = {post: float(mark.get("cy", "nan")) for post, mark in marks.items()}
    assert x["c1"] == campaign_layout.PLOT_LEFT and x["c6"] == campaign_layout.PLOT_RIGHT
    assert x["c1"] < x["c2"] < x["c3"] < x["c4"] < x["c5"] < x["c6"]
    assert y["c1"] == y["c4"] and y["c2"] == y["c5"] and y["c3"] == y["c6"]
    assert len({y["c1"], y["c2"], y["c3"]}) == 3
    assert marks["c5"].find(f"{SVG}title").text == "blue_fox · 2024-05-01 12:00:15 UTC · c5"
    ticks = [t.text for t in drawing.iter(f"{SVG}text") if t.get("class") == "tick"]
    assert ticks[0] == "2024-05-01 10:00" and ticks[-1] == "2024-05-01 12:00"


def test_sample_posts_show_text_account_time_and_links_side_by_side(network, dataset):
    finding = detect(dataset, "co-link")
    page = page_of(network.alice, finding)
    samples = re.findall(r'<article class="sample-post">(.*?)</article>', page, re.S)
    assert len(samples) == 6
    first = samples[0]
    assert "Amber Owl" in first and "<code>amber_owl</code>" in first
    assert "2024-05-01 10:00:00 UTC" in first and "<code>c1</code>" in first
    assert "<blockquote>Die Wahrheit über die Sanktionen</blockquote>" in first
    # links as the post had them (not cleaned), and as text, not as clickable links
    assert "<code>https://www.spiegel.ltd/politik/sanktionen?utm_source=tw</code>" in first
    assert 'href="https://www.spiegel.ltd' not in page
    assert "<blockquote>Gaspreise: die ganze Wahrheit</blockquote>" in samples[5]
    assert "Ein ganz normaler Artikel" not in page  # not a post of the campaign


def test_without_its_dataset_the_campaign_falls_back_to_the_payload(network, dataset):
    finding = detect(dataset, "co-link", user=network.alice)
    delete_dataset(dataset, network.alice)
    page = page_of(network.alice, finding)
    assert "The posts are not available: dataset" in page and "was deleted on" in page
    drawing = svg(page, "campaign-graph")
    assert nodes(drawing, "account") == CO_LINK
    assert nodes(drawing, "object") == [finding.payload["object"]] == [SANKTIONEN]
    assert len(list(drawing.iter(f"{SVG}line"))) == 3
    assert 'id="campaign-timeline"' not in page and 'class="sample-post"' not in page


def test_a_campaign_saved_without_a_dataset_draws_its_payload(network):
    record = coordination_record([f"acct{i:02}" for i in range(70)], "<script>x()</script>")
    save_findings([record], source="hand")
    finding = Finding.objects.get(detector="coordination")
    page = page_of(network.alice, finding)
    assert "this finding was not saved from a dataset" in page
    drawing = svg(page, "campaign-graph")
    assert nodes(drawing, "account") == [f"acct{i:02}" for i in range(60)]
    assert drawing.find(f".//{SVG}text[@id='more-accounts']").text == "and 10 more accounts"
    assert nodes(drawing, "object") == ["<script>x()</script>"]
    assert "<script>x()" not in page and "&lt;script&gt;x()&lt;/script&gt;" in page


def coordination_record(accounts: list[str], obj: str) -> dict[str, object]:
    return {
        "detector": "coordination",
        "score": 0.7,
        "explanation": f"{len(accounts)} accounts posted the same text.",
        "disarm": ["T0049", "T0084.001"],
        "cluster_id": "text-0123456789ab",
        "kind": "near-duplicate",
        "account_ids": accounts,
        "post_ids": [f"p{i}" for i in range(len(accounts))],
        "object": obj,
        "first_seen": "2024-05-01T10:00:00Z",
        "last_seen": "2024-05-01T11:00:00Z",
    }


def test_the_finding_page_and_the_findings_list_link_to_the_campaign(network, dataset):
    finding = detect(dataset, "co-link")
    client = logged_in(network.alice)
    link = f'href="/findings/{finding.pk}/campaign/"'
    assert link in client.get(f"/findings/{finding.pk}/").content.decode()
    assert link in client.get("/findings/").content.decode()


def test_opening_a_case_attaches_the_finding_and_is_audited(network, dataset):
    finding = detect(dataset, "co-link")
    response = logged_in(network.alice).post(f"/findings/{finding.pk}/campaign/case/")
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert list(case.findings.all()) == [finding]
    assert case.title == f"Co-link campaign: {SANKTIONEN}"
    assert (case.tlp, case.created_by, case.lead_organisation) == (
        finding.tlp,
        network.alice,
        network.alpha,
    )
    assert finding.explanation in case.description
    entry = AuditEntry.objects.get(object_type="case", object_id=str(case.pk))
    assert (entry.action, entry.actor, entry.details) == (
        "create",
        network.alice,
        {"findings": [finding.pk]},
    )
    page = page_of(network.alice, finding)
    assert f'href="/cases/{case.pk}/"' in page  # the campaign lists its cases


def test_a_case_from_a_red_campaign_stays_red(network, dataset):
    finding = detect(dataset, "co-link", user=network.alice)
    Finding.objects.filter(pk=finding.pk).update(tlp=Tlp.RED)
    logged_in(network.alice).post(f"/findings/{finding.pk}/campaign/case/")
    assert Case.objects.get().tlp == Tlp.RED


def test_opening_a_case_needs_a_post(network, dataset):
    finding = detect(dataset, "co-link")
    response = logged_in(network.alice).get(f"/findings/{finding.pk}/campaign/case/")
    assert response.status_code == 405
    assert not Case.objects.exists()


@pytest.mark.parametrize("tlp", [Tlp.RED, Tlp.AMBER_STRICT])
def test_a_campaign_hidden_by_tlp_is_not_found(network, dataset, tlp):
    finding = detect(dataset, "co-link", user=network.alice)
    Finding.objects.filter(pk=finding.pk).update(tlp=tlp)
    bob = logged_in(network.bob)  # Beta: neither the creator nor of the finding's organisation
    assert bob.get(f"/findings/{finding.pk}/campaign/").status_code == 404
    assert bob.post(f"/findings/{finding.pk}/campaign/case/").status_code == 404
    assert not Case.objects.exists()
    assert page_of(network.alice, finding)  # its author still sees it


def test_a_finding_of_another_detector_has_no_campaign_page(network):
    from factories import make_finding

    finding = make_finding()
    client = logged_in(network.alice)
    assert client.get(f"/findings/{finding.pk}/campaign/").status_code == 404
    assert client.post(f"/findings/{finding.pk}/campaign/case/").status_code == 404


def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in(network, dataset, client):
    finding = detect(dataset, "co-link")
    response = client.get(f"/findings/{finding.pk}/campaign/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
