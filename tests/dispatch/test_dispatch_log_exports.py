from __future__ import annotations

import csv
import io

from cdnet.audit.models import AuditEntry
from cdnet.cases import workflow
from cdnet.dispatch import acks, log
from cdnet.dispatch.models import Delivery
from cdnet.dispatch.outbox import enqueue
from factories import approved_alert, make_alert


def strict_alert(network):
    """An AMBER+STRICT alert of Alpha, approved by Alpha's reviewer dave."""
    alert = make_alert(network.alice, title="Alpha only", tlp="AMBER+STRICT")
    workflow.submit_for_review(alert, network.alice)
    workflow.review(alert, network.dave, "approve", "ok")
    return alert


def sent(delivery: Delivery) -> Delivery:
    Delivery.objects.filter(pk=delivery.pk).update(status="sent", attempts=1)
    delivery.refresh_from_db()
    return delivery


def test_the_csv_log_says_what_went_to_whom_with_version_status_and_acknowledgement(network):
    alert = approved_alert(network.alice, network.bob)
    first = sent(enqueue("alert", network.platform, "email", "A", {}, alert=alert))
    enqueue("alert", network.authority, "email", "A", {}, alert=alert)
    acks.acknowledge(acks.ack_token(first), "acting")
    content, mime, name = log.export_log(network.carol, "csv", alert)
    assert mime.startswith("text/csv") and name == f"dispatch-log-alert-{alert.pk}.csv"
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    assert [(r["recipient"], r["address"], r["status"], r["acknowledgement"]) for r in rows] == [
        ("Example Platform T&S", "ts@platform.example", "sent", "acting"),
        ("Example DSC", "dsc@authority.example", "pending", ""),
    ]
    assert rows[0]["alert_version"] == "1" and rows[0]["tlp"] == "AMBER"
    assert rows[0]["channel"] == "email" and rows[0]["attempts"] == "1"
    assert AuditEntry.objects.filter(action="export", object_type="alert").count() == 1


def test_the_network_log_hides_deliveries_of_alerts_the_reader_may_not_see(network):
    open_alert = approved_alert(network.alice, network.bob, title="Open to the network")
    enqueue("alert", network.platform, "email", "open", {}, alert=open_alert)
    network.authority.max_tlp = "AMBER+STRICT"
    network.authority.save()
    enqueue("alert", network.authority, "email", "strict", {}, alert=strict_alert(network))
    alpha = [r.alert_title for r in log.log_rows(network.carol)]
    beta = [r.alert_title for r in log.log_rows(network.bob)]
    assert alpha == ["Open to the network", "Alpha only"]
    assert beta == ["Open to the network"]


def test_the_pdf_log_is_a_pdf_and_the_page_lists_the_rows(network, client):
    alert = approved_alert(network.alice, network.bob)
    enqueue("alert", network.platform, "email", "A", {}, alert=alert)
    content, mime, _ = log.export_log(network.carol, "pdf")
    assert mime == "application/pdf" and content.startswith(b"%PDF")
    assert log.highest_tlp(log.log_rows(network.carol)) == "AMBER"
    client.force_login(network.carol)
    page = client.get("/dispatch-log/")
    assert page.status_code == 200 and b"ts@platform.example" in page.content
    download = client.get(f"/alerts/{alert.pk}/dispatch-log.csv")
    assert download.status_code == 200 and b"ts@platform.example" in download.content


def test_the_alert_page_shows_its_dispatch_log_with_the_retry_button(network, client):
    alert = approved_alert(network.alice, network.bob)
    failed = enqueue("alert", network.platform, "email", "A", {}, alert=alert)
    Delivery.objects.filter(pk=failed.pk).update(status="failed", last_error="550 refused")
    client.force_login(network.carol)
    page = client.get(f"/alerts/{alert.pk}/").content.decode()
    assert "ts@platform.example" in page and "550 refused" in page
    assert f"/deliveries/{failed.pk}/retry/" in page
    assert f"/alerts/{alert.pk}/dispatch-log.pdf" in page
