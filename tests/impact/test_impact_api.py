"""The impact API with real tokens: outcomes, records, corrections, publication, growth."""

from __future__ import annotations

import datetime as dt

import pytest
from impact_helpers import Api, days_ago

from cdnet.audit.models import AuditEntry
from cdnet.cases.models import AlertEvent
from cdnet.impact.models import Meeting, Outcome


@pytest.fixture
def as_alice(network):
    return Api(network.alice)


@pytest.fixture
def as_bob(network):
    return Api(network.bob)


@pytest.fixture
def as_carol(network):
    return Api(network.carol)


def test_alice_posts_a_geo_restriction_and_reads_its_time_to_action(network, alert, as_alice):
    sent_at = dt.datetime.combine(days_ago(6), dt.time(9), tzinfo=dt.UTC)
    AlertEvent.objects.filter(alert=alert, to_state="sent").update(at=sent_at)
    response = as_alice.post(
        f"/alerts/{alert.pk}/outcomes",
        {
            "kind": "geo_restricted",
            "occurred_on": days_ago(2).isoformat(),
            "subject": "https://t.me/rt_mirror",
            "platform": "telegram",
            "countries": ["DE", "at"],
            "counters": ["C00006"],
            "source": "platform",
            "statement_id": "sor-42",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["countries"] == ["DE", "AT"] and body["counters"] == ["C00006"]
    assert body["time_to_action_days"] == 4 and body["tlp"] == alert.tlp
    listed = as_alice.get("/outcomes", subject="https://t.me/rt_mirror").json()
    assert [o["id"] for o in listed] == [body["id"]]
    assert as_alice.get("/outcomes", kind="removed").json() == []
    assert as_alice.get("/outcomes", alert=alert.pk, since=days_ago(1).isoformat()).json() == []


def test_a_geo_restriction_without_countries_is_a_400_naming_the_field(alert, as_alice):
    response = as_alice.post(
        f"/alerts/{alert.pk}/outcomes",
        {"kind": "geo_restricted", "occurred_on": days_ago(1).isoformat()},
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("countries:")
    assert Outcome.objects.count() == 0


def test_records_travel_through_the_api_and_a_correction_is_audited(network, alert, as_alice):
    created = as_alice.post(
        "/meetings",
        {
            "institution": "European Parliament",
            "held_on": "2025-04-02",
            "topic": "Doppelganger",
            "country": "",
            "alert_ids": [alert.pk],
            "participants": ["Beta"],
        },
    )
    assert created.status_code == 201, created.json()
    meeting = created.json()
    assert meeting["participants"] == [network.beta.pk] and meeting["recorded_by"] == "alice"
    assert meeting["organisation"] == "Alpha Fact-Check" and meeting["tlp"] == "GREEN"
    url = f"/meetings/{meeting['id']}"
    assert as_alice.get(url).json()["topic"] == "Doppelganger"
    corrected = as_alice.patch(url, {"topic": "Doppelganger and Portal Kombat"})
    assert corrected.status_code == 200
    assert Meeting.objects.get().topic == "Doppelganger and Portal Kombat"
    entry = AuditEntry.objects.filter(object_type="meeting", action="change").get()
    assert entry.details["changed"]["topic"][0] == "Doppelganger"
    assert as_alice.get("/meetings", year=2025).json()[0]["id"] == meeting["id"]
    assert as_alice.get("/meetings", year=2024).json() == []


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/press-articles", {"outlet": "ARD", "url": "https://ard.example/x",
                             "published_on": "2025-01-01", "estimated_readers": -1},
         "estimated_readers"),
        ("/briefings", {"election_id": "xx-1999-01-01", "title": "t", "given_on": "2025-01-01",
                        "audience": "a"}, "election_id"),
        ("/events", {"kind": "training", "title": "DISARM", "held_on": "2025-01-01",
                     "organisations": ["Nobody"]}, "organisations"),
        ("/introductions", {"member_organisation": "Nobody", "institution": "DSC",
                            "made_on": "2025-01-01"}, "member_organisation"),
        ("/evidence-submissions", {"authority": "", "submitted_on": "2025-01-01"}, "authority"),
    ],
)  # fmt: skip
def test_bad_records_are_refused_with_the_field_named(as_alice, path, body, field):
    response = as_alice.post(path, body)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"{field}:")


def test_each_kind_of_record_is_created_listed_and_read(network, as_carol):
    bodies = {
        "/evidence-submissions": {"authority": "ARCOM", "submitted_on": "2025-02-01"},
        "/press-articles": {"outlet": "ARD", "url": "https://ard.example/x",
                            "published_on": "2025-02-02", "estimated_readers": 2_000_000},
        "/briefings": {"election_id": "nl-2024-06-06", "title": "EP", "given_on": "2024-06-01",
                       "audience": "Dutch DSC"},
        "/introductions": {"member_organisation": network.beta.pk, "institution": "DSC",
                           "made_on": "2025-02-03"},
        "/events": {"kind": "training", "title": "DISARM 101", "held_on": "2025-02-04",
                    "disarm": True, "participants": 30, "organisations": ["Alpha"]},
    }  # fmt: skip
    for path, body in bodies.items():
        created = as_carol.post(path, body)
        assert created.status_code == 201, (path, created.json())
        listed = as_carol.get(path).json()
        assert [r["id"] for r in listed] == [created.json()["id"]]
        assert as_carol.get(f"{path}/{listed[0]['id']}").status_code == 200


def test_only_coordinators_approve_records_for_publication(network, alert, as_bob, as_carol):
    meeting = as_bob.post(
        "/meetings", {"institution": "EEAS", "held_on": "2025-03-03", "topic": "FIMI"}
    ).json()
    refused = as_bob.post(f"/publication/meeting/{meeting['id']}/approve")
    assert refused.status_code == 403
    approved = as_carol.post(f"/publication/meeting/{meeting['id']}/approve").json()
    assert approved["approved_for_publication"] and approved["approved_by"] == "carol"
    assert as_carol.post(f"/publication/alert/{alert.pk}/approve").status_code == 200
    withdrawn = as_carol.post(f"/publication/meeting/{meeting['id']}/withdraw").json()
    assert withdrawn["approved_for_publication"] is False
    assert as_carol.post("/publication/spaceship/1/approve").status_code == 404
    assert as_carol.post("/publication/meeting/9999/approve").status_code == 404


def test_records_bob_may_not_read_are_not_found(network, as_alice, as_bob):
    strict = as_alice.post(
        "/events",
        {"kind": "workshop", "title": "Internal", "held_on": "2025-01-10", "tlp": "AMBER+STRICT"},
    ).json()
    assert as_bob.get(f"/events/{strict['id']}").status_code == 404
    assert as_bob.get("/events").json() == []
    assert as_bob.patch(f"/events/{strict['id']}", {"participants": 1}).status_code == 404


def test_the_network_growth_counts_organisations_people_and_countries(network, as_alice):
    network.alpha.joined_on = dt.date(2023, 1, 1)
    network.alpha.save()
    network.beta.joined_on = dt.date(2024, 6, 1)
    network.beta.save()
    early = as_alice.get("/network/growth", on="2024-01-01").json()
    assert (early["organisations"], early["countries"]) == (1, ["FR"])
    later = as_alice.get("/network/growth", on="2025-01-01").json()
    assert later["organisations"] == 2 and later["countries_eu"] == ["DE", "FR"]


def test_the_openapi_document_lists_the_impact_routes_with_their_bodies(client):
    document = client.get("/api/openapi.json").json()
    paths = document["paths"]
    for kind in ("meetings", "evidence-submissions", "press-articles", "briefings",
                 "introductions", "events"):  # fmt: skip
        assert {"get", "post"} <= set(paths[f"/api/{kind}"])
        assert {"get", "patch"} <= set(paths[f"/api/{kind}/{{record_id}}"])
    for path in ("/api/outcomes", "/api/network/growth",
                 "/api/publication/{kind}/{record_id}/approve"):  # fmt: skip
        assert path in paths
    body = paths["/api/press-articles"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["$ref"].endswith("/PressArticleIn")
    outcome = document["components"]["schemas"]["OutcomeIn"]["properties"]
    assert {"countries", "counters", "evidence_ids", "statement_id", "source"} <= set(outcome)
