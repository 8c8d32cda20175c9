"""E-mail deliveries through the outbox: dispatch queues, the worker sends (asynchronously)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cdnet.cases.models import AlertState
from cdnet.dispatch.models import Delivery, DeliveryAttempt
from cdnet.dispatch.services import dispatch_alert, retry_delivery, send_delivery
from cdnet.dispatch.worker import drain
from cdnet.errors import InvalidTransition, NotAllowed
from factories import approved_alert, make_alert


def text_of(message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode()


def later(seconds: float = 3600) -> dt.datetime:
    return timezone.now() + dt.timedelta(seconds=seconds)


def test_an_approved_alert_is_emailed_to_each_chosen_recipient(network, smtp):
    alert = approved_alert(network.alice, network.bob)
    deliveries = dispatch_alert(alert, [network.platform, network.authority], network.carol)
    assert [d.status for d in deliveries] == ["pending", "pending"]
    assert drain() == 2
    assert sorted(m["X-Envelope-To"] for m in smtp.messages) == [
        "dsc@authority.example",
        "ts@platform.example",
    ]
    message = smtp.messages[0]
    assert message["Subject"] == "[TLP:AMBER] Doppelganger clone of Der Spiegel"
    assert message["Message-ID"] in {d.message_id for d in deliveries}
    assert message["X-Cdnet-Delivery"] in {str(d.pk) for d in deliveries}
    body = text_of(message)
    assert "spiegel.ltd" in body and "T0149.003" in body
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    alert.refresh_from_db()
    assert alert.state == AlertState.SENT


def test_dispatch_only_queues_and_sends_nothing_before_the_worker_runs(network, smtp):
    alert = approved_alert(network.alice, network.bob)
    [delivery] = dispatch_alert(alert, [network.platform], network.carol)
    assert delivery.status == "pending" and delivery.attempts == 0
    assert delivery.message_id.startswith(f"<alert-{delivery.pk}-")
    assert delivery.message_id.endswith("@cdnet.invalid>")
    assert smtp.messages == []
    alert.refresh_from_db()
    assert alert.state == AlertState.APPROVED


def test_a_delivery_row_is_sending_during_the_smtp_conversation(network, smtp, monkeypatch):
    alert = approved_alert(network.alice, network.bob)
    seen: list[tuple[str, int]] = []

    def spy(delivery):
        row = Delivery.objects.get(pk=delivery.pk)
        seen.append((row.status, row.attempt_log.count()))
        raise OSError("connection reset by peer")

    monkeypatch.setattr("cdnet.dispatch.channels.email.send", spy)
    [delivery] = dispatch_alert(alert, [network.platform], network.carol)
    drain()
    delivery.refresh_from_db()
    assert seen == [("sending", 1)]
    assert delivery.status == "retrying"
    assert delivery.last_error == "OSError: connection reset by peer"
    assert smtp.messages == []


def test_an_alert_that_was_not_approved_cannot_be_sent(network, smtp):
    alert = make_alert(network.alice)
    with pytest.raises(InvalidTransition, match="approved"):
        dispatch_alert(alert, [network.platform], network.carol)
    assert not Delivery.objects.exists()


def test_a_reviewer_who_is_not_an_author_or_coordinator_cannot_send(network, smtp):
    alert = approved_alert(network.alice, network.bob)
    with pytest.raises(NotAllowed):
        dispatch_alert(alert, [network.platform], network.bob)


def test_a_failed_send_is_recorded_with_the_server_error_and_retried_later(network, smtp_down):
    alert = approved_alert(network.alice, network.bob)
    [delivery] = dispatch_alert(alert, [network.platform], network.carol)
    drain()
    delivery.refresh_from_db()
    assert delivery.status == "retrying"
    assert "Connection refused" in delivery.last_error or "Errno" in delivery.last_error
    alert.refresh_from_db()
    assert alert.state == AlertState.APPROVED

    smtp_down.start()
    assert drain() == 0  # not due yet: the backoff holds it back
    assert drain(now=later()) == 1
    delivery.refresh_from_db()
    assert delivery.status == "sent"
    assert len(smtp_down.messages) == 1
    attempts = list(DeliveryAttempt.objects.filter(delivery=delivery).values_list("ok", flat=True))
    assert attempts == [False, True]


def test_a_failed_delivery_can_be_queued_again_by_a_coordinator(network, smtp):
    alert = approved_alert(network.alice, network.bob)
    network.platform.email = "nobody@refused.example"
    network.platform.save()
    [delivery] = dispatch_alert(alert, [network.platform], network.carol)
    drain()
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    with pytest.raises(NotAllowed):
        retry_delivery(delivery, network.bob)

    network.platform.email = "ts@platform.example"
    network.platform.save()
    Delivery.objects.filter(pk=delivery.pk).update(address="ts@platform.example")
    delivery.refresh_from_db()
    queued = retry_delivery(delivery, network.carol)
    assert queued.status == "pending" and queued.last_error == ""
    assert queued.max_attempts == 1 + 6
    drain()
    queued.refresh_from_db()
    assert queued.status == "sent"
    assert [m["Message-ID"] for m in smtp.messages] == [delivery.message_id]


def test_a_sent_delivery_is_never_sent_twice(network, smtp):
    alert = approved_alert(network.alice, network.bob)
    [delivery] = dispatch_alert(alert, [network.platform], network.carol)
    drain()
    send_delivery(delivery, network.carol)
    drain(now=later())
    again = dispatch_alert(alert, [network.platform], network.carol)
    with pytest.raises(InvalidTransition):
        retry_delivery(delivery, network.carol)
    assert again == []
    assert len(smtp.messages) == 1
    assert DeliveryAttempt.objects.filter(delivery=delivery).count() == 1


def test_send_delivery_makes_one_attempt_now_even_during_a_backoff(network, smtp_down):
    alert = approved_alert(network.alice, network.bob)
    [delivery] = dispatch_alert(alert, [network.platform], network.carol)
    drain()
    smtp_down.start()
    sent = send_delivery(delivery, network.carol)
    assert sent.status == "sent" and sent.attempts == 2
    assert sent.attempt_log.last().actor == network.carol


def test_the_smtp_server_refusing_a_recipient_is_recorded_as_failed(network, smtp):
    alert = approved_alert(network.alice, network.bob)
    network.platform.email = "nobody@refused.example"
    network.platform.save()
    [delivery] = dispatch_alert(alert, [network.platform], network.carol)
    drain()
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert delivery.attempts == 1
    assert delivery.next_attempt_at is None
    assert delivery.last_error.startswith("SMTPRecipientsRefused")
    assert "mailbox unavailable" in delivery.last_error
    assert smtp.messages == []
