"""Webhook deliveries through the worker, against a real HTTP receiver on loopback."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone
from test_webhooks_receiver import SECRET, WebhookReceiver, running

from cdnet.dispatch.models import Delivery
from cdnet.dispatch.outbox import enqueue
from cdnet.dispatch.services import dispatch_alert
from cdnet.dispatch.worker import drain
from cdnet.network.models import RecipientChannel
from factories import approved_alert


@pytest.fixture
def webhook():
    with running(WebhookReceiver()) as receiver:
        yield receiver


def hook(recipient, url: str, secret: str = SECRET) -> RecipientChannel:
    return RecipientChannel.objects.create(
        recipient=recipient, kind="webhook", address=url, secret=secret
    )


def later(seconds: float = 3600) -> dt.datetime:
    return timezone.now() + dt.timedelta(seconds=seconds)


def queue_to(network, channel) -> Delivery:
    alert = approved_alert(network.alice, network.bob)
    return enqueue("alert", network.platform, channel, "[TLP:AMBER] x", {}, alert=alert)


def test_a_webhook_gets_a_signed_json_post_with_an_idempotency_key(network, webhook):
    delivery = queue_to(network, hook(network.platform, webhook.url))
    assert drain() == 1
    [(headers, body)] = webhook.requests
    assert headers["Idempotency-Key"] == delivery.idempotency_key
    assert headers["X-Cdnet-Signature"].startswith("sha256=")
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    document = json.loads(body)
    assert document["delivery"]["id"] == delivery.pk
    assert document["delivery"]["alert"] == delivery.alert_id
    assert document["delivery"]["idempotency_key"] == delivery.idempotency_key
    assert isinstance(document["data"], dict)
    assert list(webhook.kept) == [delivery.idempotency_key]
    delivery.refresh_from_db()
    assert delivery.status == "sent"


def test_dispatch_sends_to_every_active_channel_of_a_recipient(network, webhook, smtp):
    hook(network.platform, webhook.url)
    alert = approved_alert(network.alice, network.bob)
    deliveries = dispatch_alert(alert, [network.platform], network.carol)
    assert sorted(d.channel for d in deliveries) == ["email", "webhook"]
    drain()
    assert len(smtp.messages) == 1 and len(webhook.kept) == 1


def test_a_server_error_is_retried_with_the_same_key_until_it_is_accepted(network, webhook):
    webhook.script = [503, 429]
    delivery = queue_to(network, hook(network.platform, webhook.url))
    drain()
    delivery.refresh_from_db()
    assert delivery.status == "retrying" and delivery.last_error.startswith("HTTP 503")
    drain(now=later())
    delivery.refresh_from_db()
    assert delivery.status == "retrying" and delivery.last_error.startswith("HTTP 429")
    drain(now=later(2 * 3600))
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.attempts == 3
    keys = {headers["Idempotency-Key"] for headers, _ in webhook.requests}
    assert keys == {delivery.idempotency_key}
    assert len(webhook.kept) == 1


def test_a_client_error_is_a_permanent_failure(network, webhook):
    webhook.script = [404]
    delivery = queue_to(network, hook(network.platform, webhook.url))
    drain()
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert delivery.last_error == "HTTP 404: no"


def test_a_receiver_that_does_not_share_the_secret_refuses_and_the_delivery_fails(network, webhook):
    delivery = queue_to(network, hook(network.platform, webhook.url, secret="other"))
    drain()
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.last_error.startswith("HTTP 401")
    assert webhook.kept == {}


def test_a_receiver_that_is_down_is_retried(network):
    delivery = queue_to(network, hook(network.platform, "http://127.0.0.1:9/hook"))
    drain()
    delivery.refresh_from_db()
    assert delivery.status == "retrying"
    assert "ConnectionRefusedError" in delivery.last_error


def test_only_http_and_https_addresses_are_used(network):
    delivery = queue_to(network, hook(network.platform, "file:///etc/passwd"))
    drain()
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert "http(s) URL" in delivery.last_error


def test_a_webhook_without_a_secret_is_never_called_unsigned(network, webhook):
    delivery = queue_to(network, hook(network.platform, webhook.url, secret=""))
    drain()
    delivery.refresh_from_db()
    assert delivery.status == "failed" and "secret" in delivery.last_error
    assert webhook.requests == []


def test_the_webhook_timeout_turns_a_silent_receiver_into_a_retry(network, settings):
    import socket

    settings.CDNET_WEBHOOK_TIMEOUT = 0.3
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/hook"
        delivery = queue_to(network, hook(network.platform, url))
        drain()
    delivery.refresh_from_db()
    assert delivery.status == "retrying"
    assert "timed out" in delivery.last_error
