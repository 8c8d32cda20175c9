"""The worker's side of the re-check monitor: its periodic job, and the API's "run now" that
enqueues tasks for it."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cdnet.cases import workflow
from cdnet.dispatch import periodic
from cdnet.dispatch.worker import run_task_queue
from cdnet.impact.models import RecheckProposal, RecheckTarget
from cdnet.impact.recheck.schedule import add_target
from cdnet.impact.recheck.tasks import enqueue_if_due
from cdnet.network.services import create_token
from factories import approved_alert, make_alert
from recheck_helpers import page


def test_the_workers_job_list_has_the_recheck_job(db):
    assert periodic._JOBS["rechecks"] is enqueue_if_due
    done = periodic.run_periodic(timezone.now() + dt.timedelta(days=1))
    assert done["rechecks"] == 0  # listed and run: nothing is due without targets


def test_the_impact_app_registers_the_recheck_job_when_it_is_ready(db):
    periodic._JOBS.pop("rechecks")
    try:
        assert "rechecks" not in periodic.run_periodic(timezone.now())
        apps.get_app_config("impact").ready()
        registered = periodic._JOBS.get("rechecks")
    finally:
        periodic._JOBS.setdefault("rechecks", enqueue_if_due)
    assert registered is enqueue_if_due
    assert "rechecks" in periodic.run_periodic(timezone.now())


# --- "run now" through the API: enqueued for the worker (202) unless ?wait=true ---------------


@pytest.fixture
def open_guard(settings):
    """The worker builds the guard from settings: let loopback through."""
    settings.EVIDENCE_ALLOW_PRIVATE = True


def _api(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user)}"}


def _sent_alert(network):
    alert = approved_alert(network.alice, network.bob)
    workflow.mark_sent(alert, network.carol)
    return alert


def _task(client: Client, task_id: str, user) -> dict:
    response = client.get(f"/api/rechecks/tasks/{task_id}", headers=_api(user))
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db(transaction=True)
def test_the_api_enqueues_the_check_of_one_target_and_the_worker_runs_it(
    network, origin, open_guard
):
    origin.answer("/p/1", page("gone", status=404))
    target = add_target(network.alice, _sent_alert(network), origin.url("/p/1"))
    client = Client()
    queued = client.post(f"/api/rechecks/{target.pk}/run", headers=_api(network.alice))
    assert queued.status_code == 202, queued.content
    body = queued.json()
    assert (body["status"], body["scope"], body["target_id"]) == ("READY", "target", target.pk)
    assert origin.hits == [] and not target.results.exists()  # nothing checked in the request
    assert _task(client, body["task_id"], network.bob)["status"] == "READY"
    assert _task(client, body["task_id"], network.bob)["checked"] is None

    assert run_task_queue() == 1
    assert [r.state for r in target.results.all()] == ["removed"]
    assert RecheckProposal.objects.filter(target=target, kind="removed").count() == 1
    done = _task(client, body["task_id"], network.bob)
    assert (done["status"], done["checked"], done["errors"]) == ("SUCCESSFUL", 1, [])


@pytest.mark.django_db(transaction=True)
def test_the_api_enqueues_a_run_of_all_targets_even_those_not_due(network, origin, open_guard):
    origin.answer("/p/1", page("here"))
    target = add_target(network.alice, _sent_alert(network), origin.url("/p/1"))
    later = timezone.now() + dt.timedelta(days=30)
    RecheckTarget.objects.filter(pk=target.pk).update(next_due_at=later)
    client = Client()
    queued = client.post("/api/rechecks/run", {"scope": "all"}, content_type="application/json",
                         headers=_api(network.carol))  # fmt: skip
    assert queued.status_code == 202 and queued.json()["scope"] == "all"
    assert origin.hits == []
    run_task_queue()
    assert [h[0] for h in origin.hits] == ["/p/1"]
    assert _task(client, queued.json()["task_id"], network.carol)["checked"] == 1
    target.refresh_from_db()
    assert target.next_due_at == later  # the schedule is kept


def test_with_wait_the_api_runs_the_due_checks_in_the_request(
    network, sent_alert, origin, open_guard
):
    origin.answer("/p/1", page("gone", status=410))
    add_target(network.alice, sent_alert, origin.url("/p/1"))
    ran = Client().post("/api/rechecks/run?wait=true", {"scope": "due"},
                        content_type="application/json", headers=_api(network.alice))  # fmt: skip
    assert ran.status_code == 200, ran.content
    assert ran.json()["checked"] == 1
    assert [r["state"] for r in ran.json()["results"]] == ["removed"]
    assert [p["kind"] for p in ran.json()["proposals"]] == ["removed"]
    assert not DBTaskResult.objects.exists()


def test_a_target_the_member_cannot_see_is_not_enqueued(network, origin):
    secret = make_alert(network.alice, tlp="RED")
    target = add_target(network.alice, secret, origin.url("/p/1"))
    response = Client().post(f"/api/rechecks/{target.pk}/run", headers=_api(network.bob))
    assert response.status_code == 404
    assert not DBTaskResult.objects.exists()


def test_the_state_of_an_unknown_or_foreign_task_is_not_found(network):
    other = DBTaskResult.objects.create(
        task_path="cdnet.dispatch.worker.deliver", args_kwargs={"args": [1], "kwargs": {}},
        queue_name="default", backend_name="default", priority=0,
    )  # fmt: skip
    client = Client()
    for task_id in (str(uuid.uuid4()), "not-a-task-id", str(other.id)):
        response = client.get(f"/api/rechecks/tasks/{task_id}", headers=_api(network.alice))
        assert response.status_code == 404, task_id


@pytest.mark.django_db(transaction=True)
def test_a_queued_run_that_fails_says_why(network, tls_origin, open_guard, settings, tmp_path):
    settings.CDNET_RECHECK_CA_BUNDLE = str(tmp_path / "missing.pem")
    target = add_target(network.alice, _sent_alert(network), tls_origin.url("/p/1"))
    client = Client()
    queued = client.post(f"/api/rechecks/{target.pk}/run", headers=_api(network.alice))
    run_task_queue()
    failed = _task(client, queued.json()["task_id"], network.alice)
    assert (failed["status"], failed["checked"]) == ("FAILED", None)
    [error] = failed["errors"]
    assert "ConfigurationError" in error and "CDNET_RECHECK_CA_BUNDLE" in error
    assert not target.results.exists()
