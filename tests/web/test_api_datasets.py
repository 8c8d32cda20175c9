"""The dataset API: upload (multipart), list, read with statistics, delete."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cdnet.cases.detection import detect_on_dataset
from cdnet.cases.models import Dataset
from cdnet.network.services import create_token
from dataset_helpers import BAD_POSTS, POSTS, files_under, register


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATASETS_ROOT = tmp_path / "datasets"
    return settings.DATASETS_ROOT


class Api:
    def __init__(self, user: Any) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {create_token(user)}"}

    def get(self, path: str) -> Any:
        return self.client.get(f"/api{path}", headers=self.headers)

    def delete(self, path: str) -> Any:
        return self.client.delete(f"/api{path}", headers=self.headers)

    def upload(self, filename: str, content: bytes, **fields: str) -> Any:
        data = {**fields, "file": SimpleUploadedFile(filename, content)}
        return self.client.post("/api/datasets", data, headers=self.headers)


def test_a_multipart_upload_registers_a_dataset_with_its_provenance(network):
    content = POSTS.read_bytes()
    response = Api(network.alice).upload("posts.csv", content, name="clones", format="posts")
    assert response.status_code == 201
    body = response.json()
    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    assert (body["name"], body["source"], body["size"]) == ("clones", "posts.csv", len(content))
    assert (body["uploaded_by"], body["organisation"]) == ("alice", "Alpha Fact-Check")
    assert (body["format"], body["on_error"], body["rows_skipped"]) == ("posts", "stop", 0)
    assert (body["tables"], body["table_rows"], body["rows"]) == (["posts"], {"posts": 4}, 4)
    assert body["deleted_at"] is None
    assert Dataset.objects.get().pk == body["id"]


def test_an_upload_past_the_limit_is_a_413_and_stores_nothing(network, settings, data_dir):
    settings.CDNET_MAX_UPLOAD_MB = 1
    response = Api(network.alice).upload("big.csv", b"x" * ((1 << 20) + 1))
    assert response.status_code == 413
    assert response.json()["error"] == "UploadTooLarge"
    assert response.json()["detail"].startswith("big.csv: the file is larger than the upload")
    assert Dataset.objects.count() == 0
    assert files_under(data_dir) == []


def test_bad_input_is_a_400_naming_file_row_and_field(network, data_dir):
    response = Api(network.alice).upload(BAD_POSTS.name, BAD_POSTS.read_bytes())
    assert response.status_code == 400
    assert response.json()["detail"].startswith("posts_bad_timestamp.csv:3:created_at: ")
    assert Dataset.objects.count() == 0
    assert files_under(data_dir) == []


def test_an_upload_without_a_file_is_refused(network):
    response = Api(network.alice).client.post(
        "/api/datasets", {"name": "nothing"}, headers=Api(network.alice).headers
    )
    assert response.status_code == 400
    assert "multipart field 'file'" in response.json()["detail"]


def test_a_dataset_reads_with_tables_statistics_and_derived_findings(network):
    dataset = register(network.alice, POSTS)
    detect_on_dataset(dataset, "lookalike-domains", user=network.alice)
    body = Api(network.bob).get(f"/datasets/{dataset.pk}").json()
    assert body["sha256"] == dataset.sha256
    [posts] = body["stats"]
    assert (posts["name"], posts["rows"]) == ("posts", 4)
    platform = next(c for c in posts["columns"] if c["name"] == "platform")
    assert platform["top"] == [["x", 3], ["telegram", 1]]
    created = next(c for c in posts["columns"] if c["name"] == "created_at")
    assert created["max"] == "2024-05-03T09:30:00+00:00"
    assert body["finding_ids"] == sorted(f.pk for f in dataset.findings.all())
    assert body["finding_ids"]


def test_deleting_through_the_api_keeps_a_tombstone_and_marks_findings(network):
    dataset = register(network.alice, POSTS)
    detect_on_dataset(dataset, "lookalike-domains", user=network.alice)
    assert Api(network.bob).delete(f"/datasets/{dataset.pk}").status_code == 403
    response = Api(network.alice).delete(f"/datasets/{dataset.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["findings_marked"] == dataset.findings.count()
    assert body["dataset"]["deleted_by"] == "alice" and body["dataset"]["deleted_at"]
    assert Api(network.alice).delete(f"/datasets/{dataset.pk}").status_code == 409

    api = Api(network.bob)
    assert api.get("/datasets").json() == []
    [listed] = api.get("/datasets?include_deleted=true").json()
    assert (listed["id"], listed["sha256"]) == (dataset.pk, dataset.sha256)
    detail = api.get(f"/datasets/{dataset.pk}").json()
    assert detail["stats"] == [] and detail["table_rows"] == {"posts": 4}
    findings = [f for f in api.get("/findings").json() if f["dataset_id"] == dataset.pk]
    assert findings
    assert all(f["dataset_deleted_at"] == body["dataset"]["deleted_at"] for f in findings)
    detect = api.client.post(
        "/api/detect",
        {"detector": "lookalike-domains", "dataset_id": dataset.pk},
        content_type="application/json",
        headers=api.headers,
    )
    assert detect.status_code == 404 and "was deleted" in detect.json()["detail"]


def test_unknown_datasets_and_missing_tokens_are_refused(network):
    assert Api(network.alice).get("/datasets/999").status_code == 404
    assert Api(network.alice).delete("/datasets/999").status_code == 404
    assert Client().get("/api/datasets").status_code == 401
