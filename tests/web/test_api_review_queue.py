"""The review-queue API: list what waits for a decision, confirm or reject, read the history."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from cdnet.cases.models import FindingReview
from cdnet.network.services import create_token
from factories import make_finding
from review_helpers import ad_record, sanctions_record, saved


class Api:
    def __init__(self, user: Any) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {create_token(user)}"}

    def get(self, path: str) -> Any:
        return self.client.get(f"/api{path}", headers=self.headers)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(
            f"/api{path}", json.dumps(body), content_type="application/json", headers=self.headers
        )


def test_the_queue_lists_open_sanctions_and_ad_findings_with_their_payload(network):
    rt = saved(sanctions_record())
    ad = saved(ad_record())
    make_finding()
    response = Api(network.bob).get("/review-queue")
    assert response.status_code == 200
    body = response.json()
    assert [(i["id"], i["detector"], i["state"]) for i in body] == [
        (rt.pk, "sanctions", "open"),
        (ad.pk, "undeclared-political-ads", "open"),
    ]
    assert body[0]["payload"]["entity_id"] == "eu-833-rt"
    assert body[0]["payload"]["matched_on"] == "domain"
    assert body[1]["payload"]["declared_category"] == "none"


def test_a_decision_through_the_api_is_recorded_and_moves_the_finding(network):
    ad = saved(ad_record())
    api = Api(network.alice)
    response = api.post(
        f"/findings/{ad.pk}/review", {"decision": "confirm", "label": "issue", "comment": "asylum"}
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["finding_id"], body["decision"], body["label"], body["comment"]) == (
        ad.pk,
        "confirm",
        "issue",
        "asylum",
    )
    assert (body["by"], body["organisation"], body["state"]) == (
        "alice",
        "Alpha Fact-Check",
        "confirmed",
    )
    assert FindingReview.objects.get().pk == body["id"]
    assert api.get("/review-queue").json() == []
    confirmed = api.get("/review-queue?state=confirmed&detector=undeclared-political-ads").json()
    assert [(i["id"], i["state"], i["label"]) for i in confirmed] == [(ad.pk, "confirmed", "issue")]


def test_the_history_lists_every_decision_oldest_first(network):
    rt = saved(sanctions_record())
    Api(network.alice).post(f"/findings/{rt.pk}/review", {"decision": "confirm"})
    Api(network.bob).post(f"/findings/{rt.pk}/review", {"decision": "reject", "comment": "RTL"})
    history = Api(network.carol).get(f"/findings/{rt.pk}/reviews").json()
    assert [(h["by"], h["decision"], h["comment"]) for h in history] == [
        ("alice", "confirm", ""),
        ("bob", "reject", "RTL"),
    ]


def test_refusals_have_their_http_status(network):
    rt = saved(sanctions_record())
    api = Api(network.alice)
    assert api.post(f"/findings/{rt.pk}/review", {"decision": "confirm"}).status_code == 201
    again = api.post(f"/findings/{rt.pk}/review", {"decision": "confirm"})
    assert again.status_code == 409 and "already confirmed" in again.json()["detail"]
    reversal = api.post(f"/findings/{rt.pk}/review", {"decision": "reject"})
    assert reversal.status_code == 403 and reversal.json()["error"] == "NotAllowed"
    wrong = api.post(f"/findings/{rt.pk}/review", {"decision": "maybe"})
    assert wrong.status_code == 400
    assert api.get("/review-queue?state=pending").status_code == 400
    assert api.get("/review-queue?detector=coordination").status_code == 400


def test_findings_hidden_by_tlp_are_a_404_and_absent_from_the_queue(network):
    strict = saved(sanctions_record(), user=network.alice, tlp="AMBER+STRICT")
    bob = Api(network.bob)
    assert bob.get("/review-queue").json() == []
    assert bob.post(f"/findings/{strict.pk}/review", {"decision": "reject"}).status_code == 404
    assert bob.get(f"/findings/{strict.pk}/reviews").status_code == 404
    assert not FindingReview.objects.exists()
    assert [i["id"] for i in Api(network.dave).get("/review-queue").json()] == [strict.pk]


def test_the_api_needs_a_token(network):
    assert Client().get("/api/review-queue").status_code == 401
