"""Browsing a dataset: provenance, tables, a sample of rows, column statistics, its findings."""

from __future__ import annotations

import pytest
from django.test import Client

from cdnet.cases.dataset_stats import table_stats
from cdnet.cases.datasets import tables_of
from cdnet.cases.detection import detect_on_dataset
from cdnet.cases.models import Dataset, Finding, Tlp
from dataset_helpers import ADS, POSTS, logged_in, register


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATASETS_ROOT = tmp_path / "datasets"
    return settings.DATASETS_ROOT


def columns(stats):
    return {c["name"]: c for c in stats["columns"]}


def test_the_dataset_page_shows_the_first_rows_readably(network):
    dataset = register(network.alice, POSTS, "Spiegel clones")
    response = logged_in(network.bob).get(f"/datasets/{dataset.pk}/")
    assert response.status_code == 200
    [table] = response.context["tables"]
    assert table["name"] == "posts"
    assert table["columns"][:4] == ["post_id", "account_id", "created_at", "text"]
    first = dict(zip(table["columns"], table["rows"][0], strict=True))
    assert first["created_at"] == "2024-05-01 10:00:00+00:00"
    assert first["links"] == "https://www.spiegel.ltd/politik/sanktionen, https://b.example/x"
    assert first["reshare_of"] == ""
    long_text = dict(zip(table["columns"], table["rows"][3], strict=True))["text"]
    assert len(long_text) == 120 and long_text.endswith("…")
    assert long_text.startswith("A long post that goes on and on")
    assert [row[0] for row in table["rows"]] == ["p1", "p2", "p3", "p4"]
    page = response.content.decode()
    assert "<td>https://www.spiegel.ltd/politik/sanktionen, https://b.example/x</td>" in page
    assert dataset.sha256 in page and "posts.csv" in page and "Alpha Fact-Check" in page


def test_column_statistics_count_values_and_give_ranges_and_top_values(network):
    dataset = register(network.alice, POSTS)
    stats = columns(
        logged_in(network.alice).get(f"/datasets/{dataset.pk}/").context["tables"][0]["stats"]
    )
    assert (stats["post_id"]["non_null"], stats["post_id"]["distinct"]) == (4, 4)
    assert stats["post_id"]["top"] == []  # every value is different: no top values
    assert (stats["account_id"]["distinct"], stats["account_id"]["top"][0]) == (3, ["acc1", 2])
    assert stats["platform"]["top"] == [["x", 3], ["telegram", 1]]
    assert stats["created_at"]["min"] == "2024-05-01T10:00:00+00:00"
    assert stats["created_at"]["max"] == "2024-05-03T09:30:00+00:00"
    assert stats["links"]["non_null"] == 3  # non-empty lists
    assert (stats["account_name"]["non_null"], stats["account_name"]["distinct"]) == (0, 0)
    assert stats["text"]["min"] is None


def test_numbers_get_their_minimum_and_maximum(network):
    dataset = register(network.alice, ADS)
    stats = columns(table_stats(tables_of(dataset)["ads"]))
    assert (stats["spend_min"]["min"], stats["spend_min"]["max"]) == (0.5, 2500.0)
    assert (stats["impressions_max"]["min"], stats["impressions_max"]["max"]) == (1000, 250000)
    assert stats["impressions_max"]["type"] == "BIGINT"
    assert dataset.stats["ads"]["rows"] == 3  # computed once, at upload


def test_statistics_missing_from_an_older_dataset_are_computed_and_kept(network):
    dataset = register(network.alice, POSTS)
    Dataset.objects.filter(pk=dataset.pk).update(stats={})
    response = logged_in(network.alice).get(f"/datasets/{dataset.pk}/")
    assert columns(response.context["tables"][0]["stats"])["post_id"]["non_null"] == 4
    assert Dataset.objects.get(pk=dataset.pk).stats["posts"]["rows"] == 4


def test_the_page_lists_the_findings_derived_from_the_dataset_that_the_reader_may_see(network):
    dataset = register(network.alice, POSTS)
    run = detect_on_dataset(dataset, "lookalike-domains", user=network.alice)
    assert run.saved >= 1
    finding = Finding.objects.get(subject="spiegel.ltd")
    assert finding.dataset == dataset
    hidden = Finding.objects.create(
        detector="manual",
        subject="secret",
        score=1,
        explanation="x",
        fingerprint="f" * 64,
        tlp=Tlp.RED,
        created_by=network.carol,
        dataset=dataset,
    )
    response = logged_in(network.bob).get(f"/datasets/{dataset.pk}/")
    shown = list(response.context["findings"])
    assert finding in shown and hidden not in shown
    assert f'href="/findings/{finding.pk}/"' in response.content.decode()


def test_the_list_shows_every_dataset_with_its_tables(network):
    first = register(network.alice, POSTS, "posts one")
    second = register(network.bob, ADS, "ads two")
    response = logged_in(network.dave).get("/datasets/")
    assert list(response.context["datasets"]) == [second, first]
    page = response.content.decode()
    assert f'href="/datasets/{first.pk}/">posts one</a>' in page and "Beta" in page


def test_people_outside_the_network_see_no_datasets(network, django_user_model):
    dataset = register(network.alice, POSTS)
    outsider = django_user_model.objects.create_user("eve", password="eve-pass")
    assert logged_in(outsider).get(f"/datasets/{dataset.pk}/").status_code == 404
    assert logged_in(outsider).get("/datasets/").status_code == 404
    assert Client().get(f"/datasets/{dataset.pk}/").status_code == 302  # to the login page
