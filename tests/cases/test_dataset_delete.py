"""Deleting a dataset: files gone, the record kept as a tombstone, derived findings marked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cdnet.audit.models import AuditEntry
from cdnet.cases import datasets as service
from cdnet.cases.datasets import delete_dataset, prune_datasets
from cdnet.cases.detection import detect_on_dataset
from cdnet.cases.models import Dataset, Finding
from cdnet.errors import InvalidTransition, NotAllowed, NotFound
from dataset_helpers import ADS, POSTS, logged_in, register


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATASETS_ROOT = tmp_path / "datasets"
    return settings.DATASETS_ROOT


@pytest.fixture
def dataset(network):
    """Alice's (Alpha) posts, with the lookalike findings derived from them."""
    uploaded = register(network.alice, POSTS, "Spiegel clones")
    detect_on_dataset(uploaded, "lookalike-domains", user=network.alice)
    return uploaded


def test_deleting_removes_the_files_keeps_the_record_and_marks_the_findings(
    network, dataset, django_capture_on_commit_callbacks
):
    folder = Path(dataset.path)
    derived = list(Finding.objects.filter(dataset=dataset))
    assert derived and folder.is_dir()
    with django_capture_on_commit_callbacks(execute=True):
        marked = delete_dataset(dataset, network.alice)
    assert marked == len(derived)
    assert not folder.exists()
    tombstone = Dataset.objects.get(pk=dataset.pk)
    assert tombstone.deleted_by == network.alice and tombstone.deleted_at is not None
    assert (tombstone.sha256, tombstone.source) == (dataset.sha256, "posts.csv")
    assert tombstone.table_rows == {"posts": 4}  # provenance stays
    assert tombstone.stats == {}  # statistics quote the data: they go with it
    for finding in Finding.objects.filter(dataset=dataset):
        assert finding.dataset_deleted_at == tombstone.deleted_at


def test_the_audit_log_records_the_upload_and_the_delete(network, dataset):
    delete_dataset(dataset, network.alice)
    entries = AuditEntry.objects.filter(object_type="dataset", object_id=str(dataset.pk))
    assert [(e.action, e.actor) for e in entries] == [
        ("create", network.alice),
        ("transition", network.alice),
    ]
    deleted = entries.last()
    assert deleted.details["to"] == "deleted"
    assert deleted.details["findings_marked"] == Finding.objects.filter(dataset=dataset).count()
    assert deleted.details["sha256"] == dataset.sha256


def test_the_files_go_only_after_the_database_change_commits(
    network, dataset, django_capture_on_commit_callbacks
):
    folder = Path(dataset.path)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delete_dataset(dataset, network.alice)
    assert folder.is_dir()  # marked in the database, files still there until the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert not folder.exists()


def test_a_failure_while_marking_changes_nothing(network, dataset, monkeypatch):
    def broken_audit(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(service, "audit", broken_audit)
    with pytest.raises(RuntimeError):
        delete_dataset(dataset, network.alice)
    assert Dataset.objects.get(pk=dataset.pk).deleted_at is None
    assert not Finding.objects.filter(dataset=dataset, dataset_deleted_at__isnull=False).exists()
    assert Path(dataset.path).is_dir()


def test_prune_removes_the_folder_a_crash_left_behind(network, dataset, data_dir):
    kept = register(network.alice, ADS)
    delete_dataset(dataset, network.alice)  # in a test transaction: the removal never ran
    stray_upload = data_dir / "uploads" / "abc"
    stray_upload.mkdir(parents=True)
    assert Path(dataset.path).is_dir()
    assert prune_datasets() == []  # younger than an hour: an upload may be in progress
    removed = prune_datasets(min_age=dt.timedelta(0))
    assert sorted(removed) == sorted([Path(dataset.path), stray_upload])
    assert Path(kept.path).is_dir() and not Path(dataset.path).exists()


def test_a_deleted_dataset_cannot_be_deleted_again_or_read_by_detectors(network, dataset):
    delete_dataset(dataset, network.alice)
    with pytest.raises(InvalidTransition):
        delete_dataset(dataset, network.carol)
    with pytest.raises(NotFound, match="was deleted"):
        detect_on_dataset(dataset, "lookalike-domains")


def test_only_the_uploading_organisation_or_a_coordinator_may_delete(network, dataset):
    with pytest.raises(NotAllowed):
        delete_dataset(dataset, network.bob)  # Beta, reviewer
    assert Dataset.objects.get(pk=dataset.pk).deleted_at is None
    assert delete_dataset(dataset, network.dave) >= 1  # Alpha, reviewer: same organisation
    betas = register(network.bob, ADS)
    with pytest.raises(NotAllowed):
        delete_dataset(betas, network.alice)
    delete_dataset(betas, network.carol)  # coordinator at Alpha, deleting Beta's dataset
    assert Dataset.objects.get(pk=betas.pk).deleted_by == network.carol


def test_the_delete_button_works_for_the_uploaders_organisation_and_is_refused_to_others(
    network, dataset, django_user_model
):
    outsider = django_user_model.objects.create_user("eve", password="eve-pass")
    assert logged_in(outsider).post(f"/datasets/{dataset.pk}/delete/").status_code == 404
    assert logged_in(network.bob).post(f"/datasets/{dataset.pk}/delete/").status_code == 403
    page = logged_in(network.bob).get(f"/datasets/{dataset.pk}/").content.decode()
    assert 'id="delete-form"' not in page
    alice = logged_in(network.alice)
    assert 'id="delete-form"' in alice.get(f"/datasets/{dataset.pk}/").content.decode()
    response = alice.post(f"/datasets/{dataset.pk}/delete/", follow=True)
    assert response.redirect_chain == [(f"/datasets/{dataset.pk}/", 302)]
    page = response.content.decode()
    assert "findings derived from it are marked" in page
    assert 'id="deleted"' in page and "by alice" in page
    assert "source dataset deleted" in page  # on the findings listed there


def test_finding_pages_show_that_the_source_dataset_was_deleted(network, dataset):
    finding = Finding.objects.filter(dataset=dataset).first()
    page = logged_in(network.bob).get(f"/findings/{finding.pk}/").content.decode()
    assert f'href="/datasets/{dataset.pk}/"' in page
    assert "source dataset deleted" not in page
    delete_dataset(dataset, network.alice)
    page = logged_in(network.bob).get(f"/findings/{finding.pk}/").content.decode()
    assert "source dataset deleted" in page
    listing = logged_in(network.bob).get("/findings/").content.decode()
    assert (
        listing.count("source dataset deleted") == Finding.objects.filter(dataset=dataset).count()
    )
