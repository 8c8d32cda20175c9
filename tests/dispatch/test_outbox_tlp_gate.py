"""The outbox row and the TLP gate: an AMBER recipient never receives a RED alert, on any channel,
when it is sent, re-sent or retried."""

from __future__ import annotations

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult
from test_webhooks_receiver import SECRET, WebhookReceiver, running

from cdnet.cases import workflow
from cdnet.cases.models import Alert
from cdnet.dispatch.models import Delivery
from cdnet.dispatch.outbox import enqueue
from cdnet.dispatch.services import dispatch_alert, retry_delivery
from cdnet.dispatch.worker import drain
from cdnet.errors import NotAllowed
from cdnet.network.models import RecipientChannel
from factories import approved_alert


@pytest.fixture
def webhook():
    with running(WebhookReceiver()) as receiver:
        yield receiver


def red_alert(network) -> Alert:
    alert = approved_alert(network.alice, network.bob, tlp="RED")
    workflow.review(alert, network.dave, "approve", "second pair of eyes")
    alert.refresh_from_db()
    assert alert.state == "approved"
    return alert


def amber_recipient_with_webhook(network, url: str) -> RecipientChannel:
    assert network.authority.max_tlp == "AMBER"
    return RecipientChannel.objects.create(
        recipient=network.authority, kind="webhook", address=url, secret=SECRET
    )


def test_the_outbox_row_commits_with_the_decision_or_not_at_all(network):
    alert = approved_alert(network.alice, network.bob)
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue("alert", network.platform, "email", "s", {}, alert=alert)
        raise RuntimeError("the decision is rolled back")
    assert not Delivery.objects.exists()


def test_the_send_task_is_enqueued_only_after_the_commit(
    network, django_capture_on_commit_callbacks
):
    alert = approved_alert(network.alice, network.bob)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        delivery = enqueue("alert", network.platform, "email", "s", {}, alert=alert)
        assert not DBTaskResult.objects.exists()
    assert len(callbacks) == 1
    task = DBTaskResult.objects.get()
    assert task.task_path == "cdnet.dispatch.worker.deliver"
    assert task.args_kwargs["args"] == [delivery.pk]


def test_a_queued_delivery_is_pending_and_due_with_a_fresh_key(network):
    alert = approved_alert(network.alice, network.bob)
    channel = RecipientChannel.objects.create(
        recipient=network.platform, kind="webhook", address="https://x.example/h", secret="k"
    )
    mail = enqueue("alert", network.platform, "email", "s", {}, alert=alert)
    hook = enqueue("alert", network.platform, channel, "s", {}, alert=alert)
    assert (mail.status, hook.status) == ("pending", "pending")
    assert mail.next_attempt_at is not None and mail.attempts == 0
    assert mail.idempotency_key.startswith(f"<alert-{mail.pk}-")
    assert len(hook.idempotency_key) == 36 and hook.channel == "webhook"
    assert hook.address == "https://x.example/h" and hook.recipient_channel == channel


def test_a_dedupe_key_queues_one_delivery_only(network):
    alert = approved_alert(network.alice, network.bob)
    first = enqueue("alert", network.platform, "email", "s", {}, alert=alert, dedupe_key="k")
    second = enqueue("alert", network.platform, "email", "s", {}, alert=alert, dedupe_key="k")
    assert first.pk == second.pk and Delivery.objects.count() == 1


def test_a_red_alert_is_refused_for_an_amber_recipient_on_every_channel(network, smtp, webhook):
    channel = amber_recipient_with_webhook(network, webhook.url)
    alert = red_alert(network)
    with pytest.raises(NotAllowed, match="TLP:RED is above TLP:AMBER"):
        dispatch_alert(alert, [network.platform, network.authority], network.carol)
    for target in ("email", channel):
        with pytest.raises(NotAllowed):
            enqueue("alert", network.authority, target, "s", {}, alert=alert)
    assert not Delivery.objects.exists()
    drain()
    assert smtp.messages == [] and webhook.requests == []


def test_an_explicit_tlp_is_gated_even_without_an_alert(network):
    with pytest.raises(NotAllowed):
        enqueue("reminder", network.authority, "email", "s", {}, tlp="RED")


def test_an_alert_raised_to_red_is_not_re_sent_to_an_amber_recipient(network, smtp, webhook):
    amber_recipient_with_webhook(network, webhook.url)
    alert = approved_alert(network.alice, network.bob)
    dispatch_alert(alert, [network.authority], network.carol)
    drain()
    assert len(smtp.messages) == 1 and len(webhook.kept) == 1
    Alert.objects.filter(pk=alert.pk).update(tlp="RED")
    alert.refresh_from_db()
    Delivery.objects.all().delete()  # even with no record of the first send
    with pytest.raises(NotAllowed):
        dispatch_alert(alert, [network.authority], network.carol)
    drain()
    assert len(smtp.messages) == 1 and len(webhook.requests) == 1


def test_queued_deliveries_of_an_alert_raised_to_red_are_refused_by_the_worker(
    network, smtp, webhook
):
    amber_recipient_with_webhook(network, webhook.url)
    alert = approved_alert(network.alice, network.bob)
    deliveries = dispatch_alert(alert, [network.authority], network.carol)
    Alert.objects.filter(pk=alert.pk).update(tlp="RED")
    drain()
    for delivery in deliveries:
        delivery.refresh_from_db()
        assert delivery.status == "failed"
        assert delivery.last_error.startswith("refused by the TLP gate: TLP:RED")
    assert smtp.messages == [] and webhook.requests == []


def test_a_failed_delivery_is_not_retried_once_the_alert_is_red(network, smtp_down, webhook):
    amber_recipient_with_webhook(network, "file:///nowhere")
    alert = approved_alert(network.alice, network.bob)
    deliveries = dispatch_alert(alert, [network.authority], network.carol)
    failed = next(d for d in deliveries if d.channel == "webhook")
    drain()
    failed.refresh_from_db()
    assert failed.status == "failed"
    Alert.objects.filter(pk=alert.pk).update(tlp="RED")
    with pytest.raises(NotAllowed):
        retry_delivery(failed, network.carol)
    failed.refresh_from_db()
    assert failed.status == "failed"


def test_a_recipient_whose_clearance_is_lowered_gets_no_queued_message(network, smtp):
    alert = approved_alert(network.alice, network.bob)
    [delivery] = dispatch_alert(alert, [network.platform], network.carol)
    network.platform.max_tlp = "GREEN"
    network.platform.save()
    drain()
    delivery.refresh_from_db()
    assert delivery.status == "failed" and "TLP gate" in delivery.last_error
    assert smtp.messages == []
