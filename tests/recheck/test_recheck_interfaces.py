"""The re-check monitor through the CLI, the API, the web page and the worker."""

from __future__ import annotations

import pytest
from django.test import Client
from typer.testing import CliRunner

from cdnet.cli import app
from cdnet.impact.models import Outcome, ProposalState, RecheckProposal, RecheckTarget
from cdnet.impact.recheck.schedule import add_target, run_target
from cdnet.network.services import create_token
from recheck_helpers import page

runner = CliRunner()


@pytest.fixture
def open_guard(settings):
    """The CLI, API and worker build the guard from settings: let loopback through."""
    settings.EVIDENCE_ALLOW_PRIVATE = True


def _cli(*args: str):
    result = runner.invoke(app, ["recheck", *args])
    return result


def test_the_cli_adds_runs_lists_and_confirms(network, sent_alert, origin, open_guard, proxies):
    origin.answer("/p/1", page("here"), DE=page("withheld", status=451))
    added = _cli("add", origin.url("/p/1"), "--alert", str(sent_alert.pk), "--every", "12",
                 "--countries", "DE", "--user", "alice")  # fmt: skip
    assert added.exit_code == 0, added.output
    target = RecheckTarget.objects.get()
    assert (target.every_hours, target.countries) == (12, ["DE"])
    assert f"re-check {target.pk}:" in added.output
    ran = _cli("run", "--due")
    assert ran.exit_code == 0, ran.output
    assert "checked 1 target(s); 1 new proposal(s)" in ran.output
    listed = _cli("list")
    assert "DE: geo_restricted 451" in listed.output and "direct: available 200" in listed.output
    proposal = RecheckProposal.objects.get()
    shown = _cli("proposals")
    assert shown.output.startswith(f"{proposal.pk}\tpending\tgeo_restricted in DE\t")
    confirmed = _cli("confirm", str(proposal.pk), "--user", "bob", "--note", "seen from Berlin")
    assert confirmed.exit_code == 0, confirmed.output
    outcome = Outcome.objects.get()
    assert (outcome.kind, outcome.countries, outcome.source) == (
        "geo_restricted",
        ["DE"],
        "recheck",
    )
    assert _cli("proposals").output == ""
    assert "\tconfirmed\t" in _cli("proposals", "--state", "all").output


def test_the_cli_rejects_and_refuses_a_second_decision(network, sent_alert, origin, guard):
    origin.answer("/p/1", page("gone", status=404))
    target = add_target(network.alice, sent_alert, origin.url("/p/1"))
    [proposal] = run_target(target, guard).proposals
    rejected = _cli("reject", str(proposal.pk), "--user", "bob", "--note", "outage")
    assert rejected.exit_code == 0, rejected.output
    again = _cli("confirm", str(proposal.pk), "--user", "carol")
    assert again.exit_code == 5 and "already rejected" in again.output
    assert not Outcome.objects.exists()


def test_the_cli_run_needs_due_or_all(db):
    result = _cli("run")
    assert result.exit_code == 2 and "exactly one of --due and --all" in result.output


def test_the_cli_run_all_checks_targets_that_are_not_due(network, sent_alert, origin, open_guard):
    origin.answer("/p/1", page("here"))
    target = add_target(network.alice, sent_alert, origin.url("/p/1"))
    RecheckTarget.objects.filter(pk=target.pk).update(next_due_at=target.next_due_at.replace(
        year=target.next_due_at.year + 1))  # fmt: skip
    assert "checked 0 target(s)" in _cli("run", "--due").output
    assert "checked 1 target(s)" in _cli("run", "--all").output
    assert [h[0] for h in origin.hits] == ["/p/1"]


def _api(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user)}"}


def test_the_api_adds_runs_and_decides(network, sent_alert, origin, open_guard):
    client = Client()
    origin.answer("/p/1", page("gone", status=410))
    made = client.post("/api/rechecks", {"url": origin.url("/p/1"), "alert_id": sent_alert.pk},
                       content_type="application/json", headers=_api(network.alice))  # fmt: skip
    assert made.status_code == 201, made.content
    target_id = made.json()["id"]
    ran = client.post(f"/api/rechecks/{target_id}/run?wait=true", headers=_api(network.alice))
    assert ran.status_code == 200, ran.content
    [result] = ran.json()["results"]
    assert (result["status_code"], result["state"]) == (410, "removed")
    [proposal] = client.get("/api/rechecks/proposals", headers=_api(network.bob)).json()
    assert proposal["kind"] == "removed" and proposal["result_ids"] == [result["id"]]
    done = client.post(f"/api/rechecks/proposals/{proposal['id']}/confirm", {"note": "ok"},
                       content_type="application/json", headers=_api(network.bob))  # fmt: skip
    assert done.status_code == 200, done.content
    assert Outcome.objects.get(pk=done.json()["outcome_id"]).source == "recheck"
    again = client.post(f"/api/rechecks/proposals/{proposal['id']}/reject", {},
                        content_type="application/json", headers=_api(network.bob))  # fmt: skip
    assert again.status_code == 409
    listed = client.get("/api/rechecks", headers=_api(network.carol)).json()
    assert listed[0]["last_results"][0]["state"] == "removed"


def test_the_api_hides_targets_of_alerts_a_member_cannot_see(network, origin):
    from factories import make_alert

    secret = make_alert(network.alice, tlp="RED")
    target = add_target(network.alice, secret, origin.url("/p/1"))
    client = Client()
    assert client.get(f"/api/rechecks/{target.pk}", headers=_api(network.bob)).status_code == 404
    assert client.get("/api/rechecks", headers=_api(network.bob)).json() == []
    assert client.get(f"/api/rechecks/{target.pk}", headers=_api(network.alice)).status_code == 200


def test_the_page_lists_targets_and_a_member_confirms_a_proposal(
    network, sent_alert, origin, guard
):
    origin.answer("/p/1", page("gone", status=404))
    target = add_target(network.alice, sent_alert, origin.url("/p/1"))
    [proposal] = run_target(target, guard).proposals
    client = Client()
    client.force_login(network.bob)
    listing = client.get("/rechecks/").content.decode()
    assert origin.url("/p/1") in listing and "direct: Removed" in listing
    assert f"/rechecks/proposals/{proposal.pk}/confirm/" in listing
    response = client.post(f"/rechecks/proposals/{proposal.pk}/confirm/", {"note": "gone"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.CONFIRMED and proposal.outcome.source == "recheck"
    detail = client.get(f"/rechecks/{target.pk}/").content.decode()
    assert "Confirmed by bob" in detail and "HTTP 404" in detail


def test_the_page_rejects_a_proposal_without_an_outcome(network, sent_alert, origin, guard):
    origin.answer("/p/1", page("gone", status=404))
    target = add_target(network.alice, sent_alert, origin.url("/p/1"))
    [proposal] = run_target(target, guard).proposals
    client = Client()
    client.force_login(network.carol)
    client.post(f"/rechecks/proposals/{proposal.pk}/reject/", {"next": "//elsewhere.example/"})
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.REJECTED and not Outcome.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_enqueues_the_due_rechecks_and_runs_them(network, origin, open_guard):
    from django_tasks_db.models import DBTaskResult

    from cdnet.cases import workflow
    from cdnet.dispatch.worker import cycle
    from factories import approved_alert

    alert = approved_alert(network.alice, network.bob)
    workflow.mark_sent(alert, network.carol)
    origin.answer("/p/1", page("gone", status=404))
    target = add_target(network.alice, alert, origin.url("/p/1"))
    assert cycle()["periodic"]["rechecks"] == 1
    assert cycle()["periodic"]["rechecks"] == 0  # ran in this cycle's task queue: not due now
    assert target.results.count() == 1
    assert RecheckProposal.objects.filter(target=target, kind="removed").count() == 1
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1
    target.refresh_from_db()
    assert cycle()["periodic"]["rechecks"] == 0 and target.results.count() == 1


def test_a_paused_target_is_not_checked_until_it_is_resumed(
    network, sent_alert, origin, open_guard
):
    origin.answer("/p/1", page("here"))
    target = add_target(network.alice, sent_alert, origin.url("/p/1"))
    assert _cli("pause", str(target.pk), "--user", "bob").exit_code == 0
    assert "checked 0 target(s)" in _cli("run", "--due").output
    assert "paused" in _cli("list").output
    resumed = Client().post(f"/api/rechecks/{target.pk}/active", {"active": True},
                            content_type="application/json", headers=_api(network.bob))  # fmt: skip
    assert resumed.status_code == 200 and resumed.json()["active"] is True
    assert "checked 1 target(s)" in _cli("run", "--due").output
    assert [h[0] for h in origin.hits] == ["/p/1"]


def test_the_page_of_a_target_on_a_hidden_alert_is_not_found(network, origin):
    from factories import make_alert

    secret = make_alert(network.alice, tlp="RED")
    target = add_target(network.alice, secret, origin.url("/p/1"))
    client = Client()
    client.force_login(network.bob)
    assert client.get(f"/rechecks/{target.pk}/").status_code == 404
    assert origin.url("/p/1") not in client.get("/rechecks/").content.decode()
    client.force_login(network.alice)
    assert client.get(f"/rechecks/{target.pk}/").status_code == 200
