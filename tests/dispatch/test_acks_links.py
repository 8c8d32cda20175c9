from __future__ import annotations

import datetime as dt
import re
import time
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from cdnet.audit.models import AuditEntry
from cdnet.dispatch import acks, rrs
from cdnet.dispatch.models import Delivery, DeliveryAck, Election
from cdnet.dispatch.outbox import enqueue
from cdnet.dispatch.periodic import run_periodic
from cdnet.network.services import add_recipient
from factories import approved_alert


@pytest.fixture
def delivery(network):
    alert = approved_alert(network.alice, network.bob)
    return enqueue("alert", network.platform, "email", "An alert", {}, alert=alert)


def path_of(token: str) -> str:
    return reverse("delivery_ack", args=[token])


def old_token(monkeypatch, delivery, days: int) -> str:
    then = time.time() - days * 86400
    with monkeypatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: then)
        return acks.ack_token(delivery)


def test_a_good_link_records_the_answer_once_however_often_it_is_pressed(client, delivery):
    token = acks.ack_token(delivery)
    first = client.post(path_of(token), {"status": "received"})
    again = client.post(path_of(token), {"status": "received"})
    assert first.status_code == again.status_code == 200
    assert b"ack-recorded" in first.content
    assert list(DeliveryAck.objects.values_list("status", flat=True)) == ["received"]
    assert AuditEntry.objects.filter(object_type="deliveryack").count() == 1
    client.post(path_of(token), {"status": "acting"})
    assert list(delivery.acks.values_list("status", flat=True)) == ["received", "acting"]


def test_opening_the_link_records_nothing(client, delivery):
    response = client.get(path_of(acks.ack_token(delivery)))
    assert response.status_code == 200 and b"An alert" in response.content
    assert not DeliveryAck.objects.exists()


def test_a_forged_link_is_refused_and_changes_nothing(client, delivery):
    forged = f"d{delivery.pk}:1sAbCd:not-a-real-signature"
    response = client.post(path_of(forged), {"status": "received"})
    assert response.status_code == 403
    assert b"not valid" in response.content
    assert not DeliveryAck.objects.exists()


def test_a_link_for_another_delivery_cannot_be_made_by_editing_the_id(client, network, delivery):
    other = enqueue("alert", network.authority, "email", "Other", {}, alert=delivery.alert)
    tampered = acks.ack_token(delivery).replace(f"d{delivery.pk}:", f"d{other.pk}:", 1)
    response = client.post(path_of(tampered), {"status": "acting"})
    assert response.status_code == 403 and not DeliveryAck.objects.exists()


def test_an_expired_link_is_refused_and_changes_nothing(client, monkeypatch, delivery):
    token = old_token(monkeypatch, delivery, days=31)
    response = client.post(path_of(token), {"status": "received"})
    assert response.status_code == 403
    assert b"expired" in response.content
    assert not DeliveryAck.objects.exists()


def test_the_maximum_age_of_a_link_is_a_setting(client, settings, monkeypatch, delivery):
    settings.CDNET_ACK_MAX_AGE_DAYS = 60
    token = old_token(monkeypatch, delivery, days=31)
    assert client.post(path_of(token), {"status": "received"}).status_code == 200
    assert delivery.acks.count() == 1


def test_the_api_acknowledges_without_an_account_and_refuses_forgeries(client, delivery):
    url = f"/api/acks/{acks.ack_token(delivery)}"
    ok = client.post(url, {"status": "acting"}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["status"] == "acting"
    bad = client.post("/api/acks/d1:x:y", {"status": "acting"}, content_type="application/json")
    assert bad.status_code == 403 and delivery.acks.count() == 1


def test_an_unacknowledged_alert_gets_one_reminder_after_three_days(network, delivery):
    sent = dt.datetime(2024, 6, 1, 9, 0, tzinfo=dt.UTC)
    Delivery.objects.filter(pk=delivery.pk).update(status="sent", sent_at=sent)
    run_periodic(sent + dt.timedelta(days=2))
    assert not Delivery.objects.filter(kind="reminder").exists()
    run_periodic(sent + dt.timedelta(days=3, minutes=1))
    run_periodic(sent + dt.timedelta(days=4))
    [reminder] = Delivery.objects.filter(kind="reminder")
    assert reminder.payload["delivery_id"] == delivery.pk
    assert reminder.recipient == network.platform


def test_an_acknowledged_alert_gets_no_reminder(client, delivery):
    sent = dt.datetime(2024, 6, 1, 9, 0, tzinfo=dt.UTC)
    Delivery.objects.filter(pk=delivery.pk).update(status="sent", sent_at=sent)
    client.post(path_of(acks.ack_token(delivery)), {"status": "received"})
    run_periodic(sent + dt.timedelta(days=5))
    assert not Delivery.objects.filter(kind="reminder").exists()


def test_a_sent_rrs_flag_carries_a_link_that_acknowledges_the_flag(client, network, smtp):
    from cdnet.dispatch.worker import process

    Election.objects.create(election_id="de-2025-02-23", country="DE", polling_day="2025-02-23")
    contact = add_recipient("X RRS", "platform", "rrs@x.example")
    contact.platform, contact.is_rrs_contact = "x", True
    contact.save()
    alert = approved_alert(
        network.alice, network.bob, platforms=["x"], target_elections=["de-2025-02-23"]
    )
    [flag] = rrs.create_flags(alert, network.carol)
    assert process(flag.delivery_id) == "sent"
    [message] = smtp.messages
    body = message.get_payload(0).get_payload(decode=True).decode()
    [link] = re.findall(r"https?://\S+/ack/\S+/", body)
    response = client.post(urlsplit(link).path, {"status": "received"})
    assert response.status_code == 200
    flag.refresh_from_db()
    assert flag.status == "acknowledged" and flag.acknowledged_at is not None
