from __future__ import annotations

import pytest

from cdnet.cases.models import AlertState
from cdnet.dispatch.models import Delivery, DeliveryAttempt
from cdnet.dispatch.services import dispatch_alert, retry_delivery, send_delivery
from cdnet.errors import InvalidTransition, NotAllowed
from factories import approved_alert, make_alert


def test_an_approved_alert_is_emailed_to_each_chosen_recipient(network, smtp):
    alert = approved_alert(network.alice, network.bob)
    deliveries = dispatch_alert(alert, [network.platform, network.authority], network.carol)
    assert [d.status for d in deliveries] == ["sent", "sent"]
    assert sorted(m["X-Envelope-To"] for m in smtp.messages) == [
        "dsc@authority.example",
        "ts@platform.example",
    ]
    message = smtp.messages[0]
    assert message["Subject"] == "[TLP:AMBER] Doppelganger clone of Der Spiegel"
    assert message["Message-ID"] in {d.message_id for d in deliveries}
    body = message.get_payload(0).get_payload(decode=True).decode()
    assert "spiegel.ltd" in body and "T0149.003" in body
    alert.refresh_from_db()
    assert alert.state == AlertState.SENT


def test_a_delivery_row_exists_before_the_smtp_conversation(network, smtp, monkeypatch):
    alert = approved_alert(network.alice, network.bob)
    seen: list[str] = []

    def spy(delivery):
        seen.append(Delivery.objects.get(pk=delivery.pk).status)
        raise OSError("connection reset by peer")

    monkeypatch.setattr("cdnet.dispatch.services._send_email", spy)
    [delivery] = dispatch_alert(alert, [network.platform], network.carol)
    assert seen == ["sending"]
    assert delivery.status == "failed"
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


def test_a_failed_send_is_recorded_with_the_server_error_and_can_be_retried(network, smtp_down):
    alert = approved_alert(network.alice, network.bob)
    [delivery] = dispatch_alert(alert, [network.platform], network.carol)
    assert delivery.status == "failed"
    assert "Connection refused" in delivery.last_error or "Errno" in delivery.last_error
    alert.refresh_from_db()
    assert alert.state == AlertState.APPROVED

    smtp_down.start()
    retried = retry_delivery(delivery, network.carol)
    assert retried.status == "sent"
    assert len(smtp_down.messages) == 1
    attempts = list(DeliveryAttempt.objects.filter(delivery=delivery).values_list("ok", flat=True))
    assert attempts == [False, True]


def test_a_sent_delivery_is_never_sent_twice(network, smtp):
    alert = approved_alert(network.alice, network.bob)
    [delivery] = dispatch_alert(alert, [network.platform], network.carol)
    send_delivery(delivery, network.carol)
    again = dispatch_alert(alert, [network.platform], network.carol)
    with pytest.raises(InvalidTransition):
        retry_delivery(delivery, network.carol)
    assert again == []
    assert len(smtp.messages) == 1
    assert DeliveryAttempt.objects.filter(delivery=delivery).count() == 1


def test_the_smtp_server_refusing_a_recipient_is_recorded_as_failed(network, smtp, settings):
    alert = approved_alert(network.alice, network.bob)
    network.platform.email = "nobody@refused.example"
    network.platform.save()
    [delivery] = dispatch_alert(alert, [network.platform], network.carol)
    assert delivery.status == "failed"
    assert delivery.last_error.startswith("SMTPRecipientsRefused")
    assert "mailbox unavailable" in delivery.last_error
    assert smtp.messages == []
