"""Uploading a dataset through the web page: streamed, size-limited, all or nothing, provenance."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from cdnet.audit.models import AuditEntry
from cdnet.cases import datasets as service
from cdnet.cases.models import Dataset
from dataset_helpers import BAD_POSTS, POSTS, files_under, logged_in, upload


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATASETS_ROOT = tmp_path / "datasets"
    return settings.DATASETS_ROOT


@pytest.fixture
def sink_sizes(monkeypatch):
    """The sizes the upload sink reached, chunk by chunk."""
    seen: list[int] = []
    original = service.UploadSink.write

    def spy(self, chunk):
        seen.append(self.size + len(chunk))
        return original(self, chunk)

    monkeypatch.setattr(service.UploadSink, "write", spy)
    return seen


def big_csv(megabytes: int) -> bytes:
    header = b"post_id,account_id,created_at,text\n"
    row = b"p,a,2024-05-01T10:00:00Z," + b"x" * 100 + b"\n"
    return header + row * ((megabytes << 20) // len(row) + 1)


def test_an_upload_past_the_limit_is_refused_while_streaming_and_leaves_nothing(
    network, settings, data_dir, sink_sizes
):
    settings.CDNET_MAX_UPLOAD_MB = 1
    response = upload(logged_in(network.alice), "huge.csv", big_csv(3), name="too big")
    assert response.status_code == 413
    page = response.content.decode()
    assert "huge.csv: the file is larger than the upload limit of 1 MB" in page
    # The sink stopped at the first chunk past 1 MB: the other 2 MB were never written.
    assert max(sink_sizes) <= (1 << 20) + (64 << 10)
    assert max(sink_sizes) > 1 << 20
    assert Dataset.objects.count() == 0
    assert files_under(data_dir) == []


def test_a_script_uploading_too_much_gets_the_refusal_as_json(network, settings, data_dir):
    settings.CDNET_MAX_UPLOAD_MB = 1
    response = upload(
        logged_in(network.alice), "huge.csv", big_csv(2), headers={"Accept": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"].startswith("huge.csv: the file is larger than the upload")
    assert files_under(data_dir) == []


def test_a_bad_row_is_reported_by_file_row_and_field_and_nothing_is_registered(network, data_dir):
    response = upload(logged_in(network.alice), BAD_POSTS.name, BAD_POSTS.read_bytes())
    assert response.status_code == 400
    page = response.content.decode()
    assert "posts_bad_timestamp.csv:3:created_at: expected an ISO 8601 timestamp" in page
    assert str(data_dir) not in page  # the user's file name, not the path on the server
    assert Dataset.objects.count() == 0
    assert not AuditEntry.objects.filter(object_type="dataset").exists()
    assert files_under(data_dir) == []


def test_skipping_bad_rows_registers_the_rest_and_counts_what_was_skipped(network, data_dir):
    response = upload(
        logged_in(network.alice), BAD_POSTS.name, BAD_POSTS.read_bytes(), on_error="skip"
    )
    assert response.status_code == 302
    dataset = Dataset.objects.get()
    assert (dataset.rows, dataset.rows_skipped, dataset.on_error) == (2, 1, "skip")
    assert dataset.table_rows == {"posts": 2}


def test_an_upload_is_registered_with_its_provenance(network, data_dir):
    content = POSTS.read_bytes()
    before = timezone.now()
    response = upload(
        logged_in(network.alice), "posts.csv", content, name="Spiegel clones", format="posts"
    )
    dataset = Dataset.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/datasets/{dataset.pk}/"
    assert dataset.sha256 == hashlib.sha256(content).hexdigest()
    assert (dataset.name, dataset.source, dataset.size) == (
        "Spiegel clones",
        "posts.csv",
        len(content),
    )
    assert (dataset.uploaded_by, dataset.organisation) == (network.alice, network.alpha)
    assert before <= dataset.created_at <= timezone.now()
    assert (dataset.format, dataset.on_error) == ("posts", "stop")
    assert (dataset.rows, dataset.rows_skipped, dataset.table_rows) == (4, 0, {"posts": 4})
    assert dataset.warnings == []
    # Only the Parquet table stays; the raw upload is gone.
    assert files_under(data_dir) == [data_dir / dataset.path.rsplit("/", 1)[1] / "posts.parquet"]
    entry = AuditEntry.objects.get(object_type="dataset", object_id=str(dataset.pk))
    assert (entry.action, entry.actor) == ("create", network.alice)
    assert entry.details["sha256"] == dataset.sha256
    assert entry.details["tables"] == {"posts": 4}


def test_warnings_name_the_uploaded_file_not_the_server_path(network, data_dir):
    naive = b"post_id,account_id,created_at\np1,acc1,2024-05-01T10:00:00\n"
    upload(logged_in(network.alice), "naive.csv", naive)
    dataset = Dataset.objects.get()
    assert dataset.warnings == ["naive.csv: timestamps without a UTC offset were read as UTC"]
    assert dataset.created_at > timezone.now() - dt.timedelta(minutes=1)


def test_the_upload_page_offers_the_formats_and_a_progress_bar(network):
    page = logged_in(network.alice).get("/datasets/upload/").content.decode()
    assert '<progress id="upload-progress"' in page
    assert "cdnet/dataset-upload.js" in page
    for choice in ("auto", "posts", "ads", "notices", "x-api-v2", "telegram"):
        assert f'<option value="{choice}"' in page
    assert 'data-max-bytes="536870912"' in page


def test_an_unknown_format_is_refused_before_anything_is_stored(network, data_dir):
    response = upload(logged_in(network.alice), "posts.csv", POSTS.read_bytes(), format="nope")
    assert response.status_code == 400
    assert "format" in response.content.decode()
    assert Dataset.objects.count() == 0
    assert files_under(data_dir) == []


def test_people_outside_the_network_cannot_upload(network, data_dir, django_user_model):
    outsider = django_user_model.objects.create_user("eve", password="eve-pass")
    response = upload(logged_in(outsider), "posts.csv", POSTS.read_bytes())
    assert response.status_code == 404
    assert Dataset.objects.count() == 0
    assert files_under(data_dir) == []
    anonymous = upload(Client(), "posts.csv", POSTS.read_bytes())
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
