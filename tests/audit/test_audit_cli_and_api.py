"""`cdnet audit verify|log` and the audit API."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from typer.testing import CliRunner

from cdnet.audit.log import record
from cdnet.audit.models import AuditEntry, AuditHead
from cdnet.cli import app
from cdnet.network.services import create_token

runner = CliRunner()


@pytest.fixture
def entries(network):
    """Three entries, alone in the log (setting up the personas wrote entries of its own)."""
    AuditEntry.objects.all().delete()
    AuditHead.objects.all().delete()
    return [
        record(network.alice, "create", ("alert", 1), "drafted"),
        record(network.dave, "transition", ("alert", 1), "approved"),
        record(network.carol, "export", ("case", 4), "exported as STIX"),
    ]


def api_get(user, path, query=None):
    return Client().get(
        f"/api{path}", query or {}, headers={"Authorization": f"Bearer {create_token(user)}"}
    )


def test_verify_exits_0_with_a_one_line_summary_when_the_chain_is_intact(entries):
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "3 entries, chain intact"


def test_verify_exits_2_and_lists_the_problems_when_a_row_was_edited(entries):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET summary = 'x' WHERE id = %s", [entries[1].pk])
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 2
    assert f"entry #{entries[1].pk} was edited" in result.output
    assert "3 entries, 1 problem" in result.output


def test_verify_exits_2_when_a_row_was_deleted(entries):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 2
    assert f"missing between entry #{entries[0].pk} and entry #{entries[2].pk}" in result.output


def test_log_shows_a_table_of_the_latest_entries(entries):
    result = runner.invoke(app, ["audit", "log", "--limit", "2"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "approved" in result.output and "exported as STIX" in result.output
    assert "drafted" not in result.output


def test_log_filters_by_object(entries):
    result = runner.invoke(app, ["audit", "log", "--object", "case:4"], terminal_width=200)
    assert "exported as STIX" in result.output and "drafted" not in result.output


def test_log_refuses_an_object_without_an_id(entries):
    result = runner.invoke(app, ["audit", "log", "--object", "case"])
    assert result.exit_code == 2
    assert "TYPE:ID" in result.output


def test_coordinators_read_the_audit_log_of_one_object(network, entries):
    response = api_get(network.carol, "/audit", {"object_type": "alert", "object_id": "1"})
    assert response.status_code == 200
    body = response.json()
    assert [e["summary"] for e in body] == ["approved", "drafted"]
    assert body[0]["prev_hash"] == body[1]["hash"]


@pytest.mark.parametrize("persona", ["alice", "bob", "dave"])
def test_analysts_and_reviewers_may_not_read_the_audit_log(network, entries, persona):
    user = getattr(network, persona)
    assert api_get(user, "/audit").status_code == 403
    assert api_get(user, "/audit/verify").status_code == 403


def test_coordinators_verify_the_chain_through_the_api(network, entries):
    body = api_get(network.carol, "/audit/verify").json()
    count = 4  # the three entries and the creation of carol's API token
    summary = f"{count} entries, chain intact"
    assert body == {"ok": True, "entries": count, "summary": summary, "problems": []}
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET actor_name = 'eve' WHERE id = %s", [entries[0].pk]
        )
    body = api_get(network.carol, "/audit/verify").json()
    assert body["ok"] is False
    assert body["problems"] == [
        f"entry #{entries[0].pk} was edited: its content does not match its hash"
    ]


def test_the_admin_shows_the_audit_log_read_only(network, entries, admin_client):
    listing = admin_client.get("/admin/audit/auditentry/")
    assert listing.status_code == 200 and "exported as STIX" in listing.content.decode()
    assert admin_client.get("/admin/audit/auditentry/add/").status_code == 403
    delete = admin_client.post(f"/admin/audit/auditentry/{entries[0].pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
