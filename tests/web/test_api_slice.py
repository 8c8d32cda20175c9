"""The whole slice through the API, with a real SMTP server on loopback."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from cdnet.dispatch.worker import drain
from cdnet.network.services import create_token
from factories import lookalike_record


class Api:
    def __init__(self, user: Any) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {create_token(user)}"}

    def get(self, path: str) -> Any:
        return self.client.get(f"/api{path}", headers=self.headers)

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.client.post(
            f"/api{path}",
            data=json.dumps(body or {}),
            content_type="application/json",
            headers=self.headers,
        )


@pytest.fixture
def as_alice(network):
    return Api(network.alice)


@pytest.fixture
def as_bob(network):
    return Api(network.bob)


@pytest.fixture
def as_carol(network):
    return Api(network.carol)


def test_the_api_refuses_requests_without_a_valid_token(network):
    assert Client().get("/api/me").status_code == 401
    bad = Client().get("/api/me", headers={"Authorization": "Bearer cdn_forged"})
    assert bad.status_code == 401


def test_a_token_identifies_its_member(as_alice):
    me = as_alice.get("/me").json()
    assert me == {"username": "alice", "role": "analyst", "organisation": "Alpha Fact-Check"}


def test_the_author_of_an_alert_cannot_approve_it_through_the_api(network, as_carol):
    saved = as_carol.post("/findings", {"findings": [lookalike_record()]}).json()
    assert saved == {"saved": 1}
    finding_id = as_carol.get("/findings").json()[0]["id"]
    alert = as_carol.post(
        "/alerts", {"title": "Clone", "summary": "s", "finding_ids": [finding_id]}
    ).json()
    as_carol.post(f"/alerts/{alert['id']}/submit")
    refused = as_carol.post(f"/alerts/{alert['id']}/review", {"decision": "approve"})
    assert refused.status_code == 403
    assert "second person" in refused.json()["detail"]
    assert as_carol.get(f"/alerts/{alert['id']}").json()["state"] == "in_review"


def test_one_finding_travels_from_detector_output_to_an_outcome(
    network, as_alice, as_bob, as_carol, smtp
):
    assert as_alice.post("/findings", {"findings": [lookalike_record()]}).status_code == 200
    [finding] = as_alice.get("/findings").json()
    assert finding["disarm"] == ["T0149.003"]

    created = as_alice.post(
        "/alerts",
        {
            "title": "Doppelganger clone of Der Spiegel",
            "summary": "Accounts share spiegel.ltd links.",
            "tlp": "GREEN",
            "finding_ids": [finding["id"]],
            "techniques": ["T0149.003"],
        },
    )
    assert created.status_code == 201
    alert_id = created.json()["id"]
    assert as_alice.post(f"/alerts/{alert_id}/submit").json()["state"] == "in_review"
    approved = as_bob.post(f"/alerts/{alert_id}/review", {"decision": "approve"})
    assert approved.json()["state"] == "approved"

    recipients = as_carol.get("/recipients").json()
    platform_id = next(r["id"] for r in recipients if r["category"] == "platform")
    [delivery] = as_carol.post(
        f"/alerts/{alert_id}/dispatch", {"recipient_ids": [platform_id]}
    ).json()
    assert delivery["status"] == "pending"  # written to the outbox; the worker sends it
    assert smtp.messages == []
    assert drain() == 1
    [sent] = as_carol.get(f"/alerts/{alert_id}").json()["deliveries"]
    assert sent["status"] == "sent"
    assert [m["X-Envelope-To"] for m in smtp.messages] == ["ts@platform.example"]

    outcome = as_alice.post(
        f"/alerts/{alert_id}/outcomes", {"kind": "removed", "occurred_on": "2024-06-03"}
    )
    assert outcome.status_code == 201
    alert = as_alice.get(f"/alerts/{alert_id}").json()
    assert alert["state"] == "sent"
    assert [o["kind"] for o in alert["outcomes"]] == ["removed"]
    assert [e["to_state"] for e in alert["history"]] == ["draft", "in_review", "approved", "sent"]

    counts = as_alice.get("/dashboard").json()
    assert (counts["findings"], counts["alerts"], counts["deliveries"], counts["outcomes"]) == (
        1,
        1,
        1,
        1,
    )
    technique = as_alice.get("/disarm/T0149.003").json()
    assert technique["alert_ids"] == [alert_id]
    assert technique["finding_ids"] == [finding["id"]]


def test_bad_input_gets_a_clear_error_not_a_traceback(network, as_alice):
    response = as_alice.post("/alerts", {"title": "x", "summary": "y", "tlp": "ORANGE"})
    assert response.status_code == 400
    assert "TLP must be one of" in response.json()["detail"]
    missing = as_alice.post("/alerts", {"title": "x", "summary": "y", "finding_ids": [999]})
    assert missing.status_code == 400


def test_the_openapi_document_lists_every_step_of_the_slice(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/datasets",
        "/api/detect",
        "/api/findings",
        "/api/alerts",
        "/api/alerts/{alert_id}/submit",
        "/api/alerts/{alert_id}/review",
        "/api/alerts/{alert_id}/dispatch",
        "/api/deliveries/{delivery_id}/retry",
        "/api/alerts/{alert_id}/outcomes",
        "/api/dashboard",
    ):
        assert path in paths, path


POSTS_CSV = (
    "post_id,account_id,created_at,text,platform,links\n"
    '1,acc1,2024-05-01T10:00:00Z,Lesen!,x,"[""https://www.spiegel.ltd/politik/a""]"\n'
    '2,acc2,2024-05-01T10:00:03Z,Lesen!,x,"[""https://www.spiegel.ltd/politik/a""]"\n'
    '3,acc3,2024-05-01T12:00:00Z,Normal,x,"[""https://www.spiegel.de/politik/b""]"\n'
)


def test_a_file_uploaded_through_the_api_is_ingested_and_a_detector_runs_on_it(as_alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("posts.csv", POSTS_CSV.encode(), content_type="text/csv")
    response = as_alice.client.post(
        "/api/datasets", {"file": upload, "name": "May posts"}, headers=as_alice.headers
    )
    assert response.status_code == 201, response.content
    dataset = response.json()
    assert (dataset["name"], dataset["rows"], dataset["tables"]) == ("May posts", 3, ["posts"])

    run = as_alice.post("/detect", {"detector": "lookalike-domains", "dataset_id": dataset["id"]})
    assert run.status_code == 200, run.content
    assert run.json()["saved"] == run.json()["findings"] >= 1
    subjects = {f["subject"] for f in as_alice.get("/findings").json()}
    assert "spiegel.ltd" in subjects
    assert "spiegel.de" not in subjects


def test_a_broken_upload_names_the_row_and_column_and_registers_nothing(as_alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    broken = POSTS_CSV.replace("2024-05-01T10:00:03Z", "yesterday")
    upload = SimpleUploadedFile("posts.csv", broken.encode(), content_type="text/csv")
    response = as_alice.client.post("/api/datasets", {"file": upload}, headers=as_alice.headers)
    assert response.status_code == 400
    assert "posts.csv:3:created_at" in response.json()["detail"]
    assert as_alice.get("/datasets").json() == []


def test_an_unknown_detector_is_a_clear_400(as_alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("posts.csv", POSTS_CSV.encode(), content_type="text/csv")
    dataset = as_alice.client.post("/api/datasets", {"file": upload}, headers=as_alice.headers)
    response = as_alice.post("/detect", {"detector": "nope", "dataset_id": dataset.json()["id"]})
    assert response.status_code == 400
    assert "known detectors: lookalike-domains" in response.json()["detail"]
    assert as_alice.post("/detect", {"detector": "nope", "dataset_id": 999}).status_code == 404


def test_a_case_is_worked_on_through_the_api(network, as_alice, as_bob):
    as_alice.post("/findings", {"findings": [lookalike_record()]})
    finding_id = as_alice.get("/findings").json()[0]["id"]
    case = as_alice.post("/cases", {"title": "Clones", "finding_ids": [finding_id]}).json()
    assert case["lead_organisation"] == "Alpha Fact-Check"
    assert as_alice.post(f"/cases/{case['id']}/claim").json()["claimed_by"] == "alice"
    refused = as_bob.post(f"/cases/{case['id']}/claim")
    assert refused.status_code == 409
    assert "already claimed by alice" in refused.json()["detail"]
    joined = as_bob.post(f"/cases/{case['id']}/join").json()
    assert joined["participants"] == ["alice", "bob"]
    as_bob.post(f"/cases/{case['id']}/comments", {"text": "@alice look at the redirects"})
    as_alice.post(f"/cases/{case['id']}/tasks", {"text": "Archive the pages"})
    got = as_alice.get(f"/cases/{case['id']}").json()
    assert got["comments"][0]["mentions"] == ["alice"]
    assert [t["title"] for t in got["tasks"]] == ["Archive the pages"]
    alert = as_alice.post(f"/cases/{case['id']}/alert")
    assert alert.status_code == 201
    assert alert.json()["case_id"] == case["id"]
    assert alert.json()["finding_ids"] == [finding_id]
