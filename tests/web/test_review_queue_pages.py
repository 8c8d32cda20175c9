"""The review-queue pages: the open findings, the evidence side by side, confirm and reject."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cdnet.analysis.reference.sanctions import load_register
from cdnet.cases import review_evidence, review_queue
from cdnet.cases.models import FindingReview
from dataset_helpers import logged_in, register
from factories import make_finding
from review_helpers import ad_record, sanctions_record, saved

FIXTURES = Path(__file__).parent.parent / "fixtures" / "review"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATASETS_ROOT = tmp_path / "datasets"
    return settings.DATASETS_ROOT


@pytest.fixture
def register_with_rt(monkeypatch):
    """The register in force is the one-entry fixture (as after `cdnet sanctions update`)."""
    monkeypatch.setattr(
        review_evidence, "load_register", lambda: load_register(FIXTURES / "register.csv")
    )


def field(html: str, section: str, name: str) -> str:
    """The text shown for ``name`` in the section with id ``section``."""
    part = re.search(rf'<section id="{section}">(.*?)</section>', html, re.S)
    assert part, f"no section {section}"
    found = re.search(rf'<dd[^>]*data-field="{name}">(.*?)</dd>', part.group(1), re.S)
    assert found, f"no field {name} in {section}"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def page(user, url: str) -> str:
    response = logged_in(user).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_navigation_leads_to_the_review_queue(network):
    assert 'href="/review/"' in page(network.alice, "/")


def test_the_queue_lists_open_findings_and_filters_by_detector_and_state(network):
    rt = saved(sanctions_record())
    ad = saved(ad_record())
    lookalike = make_finding()
    review_queue.decide(ad, network.alice, "confirm", label="issue")
    html = page(network.bob, "/review/")
    rows = re.findall(r'<tr data-finding="(\d+)">', html)
    assert rows == [str(rt.pk)]
    assert "RT (Russia Today) (matched on domain)" in html
    assert f'href="/review/{lookalike.pk}/"' not in html
    confirmed = page(network.bob, "/review/?state=confirmed&detector=undeclared-political-ads")
    assert re.findall(r'<tr data-finding="(\d+)">', confirmed) == [str(ad.pk)]
    assert "confirmed (issue)" in confirmed
    assert "declared none; political-content, foreign-admin" in confirmed
    nothing = page(network.bob, "/review/?detector=undeclared-political-ads")
    assert re.findall(r'<tr data-finding="(\d+)">', nothing) == []


def test_a_sanctions_review_shows_the_channel_next_to_the_register_entity(
    network, register_with_rt
):
    dataset = register(network.alice, FIXTURES / "channels.csv", "Telegram channels")
    record = sanctions_record(
        evidence=[{"signal": "domain", "value": "rt.com"}, "handle rt_russian is listed"],
        against=["the channel is run from another country than the outlet"],
    )
    finding = saved(record, user=network.alice, dataset=dataset)
    html = page(network.bob, f"/review/{finding.pk}/")
    assert field(html, "evidence-left", "name") == "RT на русском"
    assert field(html, "evidence-left", "handle") == "rt_russian"
    assert field(html, "evidence-left", "url") == "https://t.me/rt_russian"
    assert field(html, "evidence-left", "description") == "Официальный канал RT, новости"
    assert field(html, "evidence-left", "country") == "RU"
    assert field(html, "evidence-right", "name") == "RT (Russia Today)"
    assert field(html, "evidence-right", "aliases") == "Russia Today, RT на русском, Раша Тудэй"
    assert field(html, "evidence-right", "domains") == "rt.com, russian.rt.com"
    assert field(html, "evidence-right", "mirrors") == "rt.rs"
    assert field(html, "evidence-right", "handles") == "telegram:rt_russian, x:rt_com"  # normalised
    assert field(html, "evidence-right", "legal_basis").startswith(
        "Council Regulation (EU) 2022/350"
    )
    assert field(html, "evidence-right", "listed_on") == "2022-03-01"
    assert f"From the finding, dataset {dataset.pk}." in html
    assert "From the finding, the sanctions register." in html
    signals_for = re.search(r'<ul class="for" id="signals-for">(.*?)</ul>', html, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", signals_for) == [
        "matched on domain",
        "domain: rt.com",
        "handle rt_russian is listed",
    ]
    assert "<li>the channel is run from another country than the outlet</li>" in html
    assert 'href="https://t.me/rt_russian"' not in html  # shown as text, never as a link


def test_an_ad_review_shows_the_ad_next_to_the_classifier_with_the_issue_choice(network):
    dataset = register(network.alice, FIXTURES / "ads.csv", "Ad library")
    record = ad_record("ad-vote", page_id="pg-rn", political_score=0.97, lang="fr")
    finding = saved(record, user=network.alice, dataset=dataset)
    html = page(network.alice, f"/review/{finding.pk}/")
    assert field(html, "evidence-left", "text") == "Votez RN dimanche pour la France !"
    assert field(html, "evidence-left", "page_name") == "Les Amis de la Nation"
    assert field(html, "evidence-left", "payer") == "Association ADN"
    assert field(html, "evidence-left", "page_admin_countries") == "RU, BY"
    assert field(html, "evidence-left", "target_countries") == "FR"
    assert field(html, "evidence-left", "delivery_start") == "2025-05-02 08:00 UTC"
    assert field(html, "evidence-left", "declared_category") == "none"
    assert field(html, "evidence-right", "political_score") == "0.97"
    assert field(html, "evidence-right", "reasons") == "political-content, foreign-admin"
    assert field(html, "evidence-right", "language") == "fr"
    assert re.findall(r'name="label" value="(\w+)"', html) == ["political", "issue"]
    assert "Meta accepts no political or issue ads in the EU" in html


def test_confirm_and_reject_buttons_record_decisions_and_return_to_the_queue(network):
    ad = saved(ad_record())
    alice = logged_in(network.alice)
    response = alice.post(
        f"/review/{ad.pk}/decide/",
        {"decision": "confirm", "label": "issue", "comment": "migration, no party"},
    )
    assert response.status_code == 302 and response["Location"] == "/review/"
    response = logged_in(network.bob).post(
        f"/review/{ad.pk}/decide/", {"decision": "reject", "comment": "a charity appeal"}
    )
    assert response.status_code == 302
    rows = [(r.by.username, r.decision, r.label, r.comment) for r in FindingReview.objects.all()]
    assert rows == [
        ("alice", "confirm", "issue", "migration, no party"),
        ("bob", "reject", "", "a charity appeal"),
    ]
    html = page(network.alice, f"/review/{ad.pk}/")
    assert '<span class="state state-rejected" id="review-state">rejected</span>' in html
    assert "a charity appeal" in html and "confirm (issue)" in html


def test_a_refused_decision_is_shown_as_a_message_not_an_error(network):
    rt = saved(sanctions_record())
    client = logged_in(network.alice)
    client.post(f"/review/{rt.pk}/decide/", {"decision": "confirm"})
    response = client.post(f"/review/{rt.pk}/decide/", {"decision": "reject"}, follow=True)
    assert response.redirect_chain == [(f"/review/{rt.pk}/", 302)]
    assert "another member must decide to reverse it" in response.content.decode()
    assert FindingReview.objects.count() == 1


def test_deciding_needs_a_post(network):
    rt = saved(sanctions_record())
    assert logged_in(network.alice).get(f"/review/{rt.pk}/decide/").status_code == 405


def test_findings_hidden_by_tlp_are_a_404_on_every_review_page(network):
    strict = saved(sanctions_record(), user=network.alice, tlp="AMBER+STRICT")
    bob = logged_in(network.bob)
    assert bob.get(f"/review/{strict.pk}/").status_code == 404
    assert bob.post(f"/review/{strict.pk}/decide/", {"decision": "reject"}).status_code == 404
    assert f"/review/{strict.pk}/" not in page(network.bob, "/review/")
    assert not FindingReview.objects.exists()
    assert logged_in(network.dave).get(f"/review/{strict.pk}/").status_code == 200


def test_other_detectors_have_no_review_page(network):
    lookalike = make_finding()
    assert logged_in(network.alice).get(f"/review/{lookalike.pk}/").status_code == 404


def test_the_finding_page_of_a_sanctions_finding_links_to_its_review(network):
    finding = saved(sanctions_record(), user=network.alice)
    page = logged_in(network.alice).get(f"/findings/{finding.pk}/").content.decode()
    assert f'href="/review/{finding.pk}/"' in page
    other = make_finding()
    response = logged_in(network.alice).get(f"/findings/{other.pk}/")
    assert response.status_code == 200
    assert 'id="review-link"' not in response.content.decode()
