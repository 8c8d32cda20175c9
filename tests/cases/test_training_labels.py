"""Review decisions on ads become labelled examples for the political-ads classifier."""

from __future__ import annotations

import pytest

from cdnet.cases import review_queue
from cdnet.cases.datasets import delete_dataset
from cdnet.cases.labels import training_examples
from dataset_helpers import ADS, register
from review_helpers import ad_record, sanctions_record, saved


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATASETS_ROOT = tmp_path / "datasets"
    return settings.DATASETS_ROOT


def test_confirmed_ads_are_political_or_issue_and_rejected_ones_none(network):
    votez = saved(ad_record("ad-1", text="Votez RN dimanche !", lang="fr"))
    waffen = saved(ad_record("ad-2", text="Keine Waffen für die Ukraine", lang="de"))
    bakery = saved(ad_record("ad-3", text="Votez pour votre boulangerie préférée", lang="fr"))
    review_queue.decide(votez, network.alice, "confirm", label="political")
    review_queue.decide(waffen, network.alice, "confirm", label="issue")
    review_queue.decide(bakery, network.bob, "reject", "a bakery contest")
    assert list(training_examples()) == [
        {
            "text": "Votez RN dimanche !",
            "lang": "fr",
            "label": "political",
            "page_id": "pg-77",
            "source": f"review:{votez.pk}",
        },
        {
            "text": "Keine Waffen für die Ukraine",
            "lang": "de",
            "label": "issue",
            "page_id": "pg-77",
            "source": f"review:{waffen.pk}",
        },
        {
            "text": "Votez pour votre boulangerie préférée",
            "lang": "fr",
            "label": "none",
            "page_id": "pg-77",
            "source": f"review:{bakery.pk}",
        },
    ]


def test_the_latest_decision_gives_the_label(network):
    ad = saved(ad_record(text="Élection de Miss Provence", lang="fr"))
    review_queue.decide(ad, network.alice, "confirm")
    review_queue.decide(ad, network.bob, "reject", "a beauty contest, not an election")
    assert [(e["text"], e["label"]) for e in training_examples()] == [
        ("Élection de Miss Provence", "none")
    ]


def test_open_findings_and_other_detectors_give_no_examples(network):
    saved(ad_record(text="Votez RN dimanche !"))  # not decided yet
    rt = saved(sanctions_record(text="RT на русском"))
    review_queue.decide(rt, network.alice, "confirm")
    assert list(training_examples()) == []


def test_without_a_text_in_the_payload_the_text_comes_from_the_dataset(network):
    dataset = register(network.alice, ADS, "Ad library export")
    record = ad_record("a3", page_id="", language="en")
    ad = saved(record, user=network.alice, dataset=dataset)
    review_queue.decide(ad, network.dave, "confirm", label="issue")
    assert list(training_examples()) == [
        {
            "text": "Energy prices are rising",
            "lang": "en",
            "label": "issue",
            "page_id": "pg2",
            "source": f"review:{ad.pk}",
        }
    ]


def test_ads_whose_text_is_nowhere_are_skipped(network):
    dataset = register(network.alice, ADS, "Ad library export")
    gone = register(network.alice, ADS, "Deleted export")
    cases = [
        saved(ad_record("a1", explanation="dataset deleted"), dataset=gone),
        saved(ad_record("not-in-the-file"), dataset=dataset),
        saved(ad_record("no-dataset")),
        saved(ad_record("a2"), dataset=dataset),
    ]
    delete_dataset(gone, network.alice)
    for finding in cases:
        review_queue.decide(finding, network.alice, "reject")
    assert [(e["text"], e["label"], e["page_id"]) for e in training_examples()] == [
        ("Buy our shoes", "none", "pg-77")
    ]


def test_the_classifier_training_reads_the_review_decisions(network):
    train = pytest.importorskip("cdnet.analysis.ads.train")
    ad = saved(ad_record(text="Keine Waffen für die Ukraine", lang="de"))
    review_queue.decide(ad, network.alice, "confirm", label="issue")
    assert train.app_examples() == [
        {
            "text": "Keine Waffen für die Ukraine",
            "lang": "de",
            "label": "issue",
            "page_id": "pg-77",
            "source": f"review:{ad.pk}",
        }
    ]
