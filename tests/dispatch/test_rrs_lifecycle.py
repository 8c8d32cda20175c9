from __future__ import annotations

import datetime as dt
import statistics

import pytest

from cdnet.audit.models import AuditEntry
from cdnet.dispatch import rrs
from cdnet.dispatch.models import Delivery, Election, FlagStatus, RrsFlag
from cdnet.dispatch.periodic import run_periodic
from cdnet.dispatch.rendering import render_delivery
from cdnet.errors import BadInput, InvalidTransition, NotAllowed
from cdnet.network.services import add_recipient
from factories import approved_alert, make_finding

T0 = dt.datetime(2024, 6, 1, 8, 0, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)


def rrs_contact(platform: str, max_tlp: str = "AMBER"):
    contact = add_recipient(f"{platform} RRS", "platform", f"rrs@{platform}.example")
    contact.platform, contact.is_rrs_contact, contact.max_tlp = platform, True, max_tlp
    contact.save()
    return contact


@pytest.fixture
def election(db):
    return Election.objects.create(
        election_id="fr-2024-06-09", country="FR", polling_day=dt.date(2024, 6, 9), name="EP 2024"
    )


def election_alert(network, **kw):
    finding = make_finding("welt.pm", "welt.de")
    finding.payload = {**finding.payload, "links": ["https://welt.pm/heizkosten", "not a url"]}
    finding.save()
    kw.setdefault("platforms", ["x", "meta"])
    kw.setdefault("target_elections", ["fr-2024-06-09"])
    return approved_alert(network.alice, network.bob, finding=finding, **kw)


def flags_for(network, election, urgency="high", now=T0, **kw):
    alert = election_alert(network, **kw)
    return rrs.create_flags(alert, network.carol, rrs.FlagRequest(urgency=urgency), now)


def test_an_election_alert_becomes_one_flag_per_platform_sent_to_its_rrs_contact(network, election):
    x, meta = rrs_contact("x"), rrs_contact("meta")
    flags = flags_for(network, election)
    assert sorted(f.platform for f in flags) == ["meta", "x"]
    for flag in flags:
        delivery = Delivery.objects.get(pk=flag.delivery_id)
        assert delivery.kind == "rrs_flag"
        assert delivery.recipient == {"x": x, "meta": meta}[flag.platform]
        assert flag.status == "sent" and flag.country == "FR"
        assert flag.urls == ["https://welt.pm/heizkosten"]
        assert flag.ttps == ["T0149.003"]
        assert flag.ack_deadline == T0 + 6 * H and flag.action_deadline == T0 + 24 * H
        assert [e.to_status for e in flag.events.all()] == ["sent"]
    assert AuditEntry.objects.filter(object_type="rrsflag", action="create").count() == 2


def test_the_flag_message_has_the_fixed_structure_in_text_and_data(network, election):
    rrs_contact("x")
    [flag] = flags_for(network, election, platforms=["x"])
    message = render_delivery(Delivery.objects.get(pk=flag.delivery_id))
    assert message.subject.startswith("[TLP:AMBER] RRS flag (high) fr-2024-06-09")
    for text in ("EP 2024", "FR", "https://welt.pm/heizkosten", "T0149.003", "carol", "/ack/"):
        assert text in message.text
    assert message.data["election"] == {
        "id": "fr-2024-06-09",
        "name": "EP 2024",
        "country": "FR",
        "polling_day": "2024-06-09",
    }
    assert message.data["urgency"] == "high" and message.data["platform"] == "x"
    assert str(message.data["ack_url"]).startswith("http")


def test_an_alert_on_a_country_with_an_election_near_is_flagged_without_naming_it(
    network, election
):
    rrs_contact("x")
    alert = election_alert(network, platforms=["x"], target_elections=[], target_countries=["fr"])
    [flag] = rrs.create_flags(alert, network.carol, now=T0)
    assert flag.election == election
    far = T0 - dt.timedelta(days=90)
    with pytest.raises(BadInput, match="no election"):
        rrs.create_flags(alert, network.carol, now=far)


def test_flagging_refuses_a_platform_without_rrs_contact_and_writes_nothing(network, election):
    rrs_contact("x")
    with pytest.raises(BadInput, match="no RRS contact for meta"):
        flags_for(network, election)
    assert not RrsFlag.objects.exists() and not Delivery.objects.exists()


def test_an_rrs_contact_cleared_for_green_never_gets_an_amber_flag(network, election):
    rrs_contact("x", max_tlp="GREEN")
    with pytest.raises(NotAllowed):
        flags_for(network, election, platforms=["x"], tlp="AMBER")
    assert not RrsFlag.objects.exists() and not Delivery.objects.exists()


def test_a_reviewer_who_is_not_an_author_cannot_flag(network, election):
    rrs_contact("x")
    alert = election_alert(network, platforms=["x"])
    with pytest.raises(NotAllowed):
        rrs.create_flags(alert, network.bob, now=T0)


def test_a_flag_goes_sent_acknowledged_actioned_with_an_event_and_audit_each(network, election):
    rrs_contact("x")
    [flag] = flags_for(network, election, platforms=["x"])
    rrs.change_status(flag, "acknowledged", network.carol, "ticket 123", T0 + 2 * H)
    flag = rrs.change_status(flag, "actioned", network.carol, "accounts removed", T0 + 9 * H)
    assert (flag.acknowledged_at, flag.decided_at) == (T0 + 2 * H, T0 + 9 * H)
    events = [(e.from_status, e.to_status) for e in flag.events.all()]
    assert events == [("", "sent"), ("sent", "acknowledged"), ("acknowledged", "actioned")]
    assert AuditEntry.objects.filter(object_type="rrsflag", action="transition").count() == 2
    with pytest.raises(InvalidTransition):
        rrs.change_status(flag, "declined", network.carol)


def test_a_decision_without_acknowledgement_counts_as_acknowledged_then(network, election):
    rrs_contact("x")
    [flag] = flags_for(network, election, platforms=["x"])
    flag = rrs.change_status(flag, "declined", network.carol, "not violating", T0 + 5 * H)
    assert flag.acknowledged_at == flag.decided_at == T0 + 5 * H


def test_the_periodic_job_marks_a_flag_no_reply_once_its_action_deadline_passed(network, election):
    rrs_contact("x")
    [flag] = flags_for(network, election, urgency="critical", platforms=["x"])
    assert flag.action_deadline == T0 + 12 * H
    run_periodic(T0 + 11 * H)
    flag.refresh_from_db()
    assert flag.status == "sent"
    done = run_periodic(T0 + 12 * H + dt.timedelta(minutes=1))
    flag.refresh_from_db()
    assert done["rrs-no-reply"] == 1 and flag.status == FlagStatus.NO_REPLY
    assert flag.events.last().note == "no decision by the action deadline"
    late = rrs.change_status(flag, "actioned", network.carol, "late", T0 + 30 * H)
    assert late.status == "actioned"


def test_reminders_go_out_before_each_deadline_once(network, election):
    contact = rrs_contact("x")
    [flag] = flags_for(network, election, urgency="high", platforms=["x"])
    run_periodic(T0 + 4 * H)  # before 3/4 of the 6 hours to acknowledge
    assert not Delivery.objects.filter(kind="reminder").exists()
    run_periodic(T0 + 5 * H)
    run_periodic(T0 + 5 * H + dt.timedelta(minutes=30))
    [reminder] = Delivery.objects.filter(kind="reminder")
    assert reminder.recipient == contact and reminder.payload["stage"] == "ack"
    message = render_delivery(reminder)
    assert "Please acknowledge it by" in message.text and "/ack/" in message.text
    run_periodic(T0 + 19 * H)  # 3/4 of the 24 hours to decide
    flag.refresh_from_db()
    assert flag.reminders_sent == 2
    stages = list(Delivery.objects.filter(kind="reminder").values_list("payload__stage", flat=True))
    assert stages == ["ack", "action"]


def _flag_at(network, election, platform, title, answers):
    rrs_contact(platform) if not rrs.rrs_contact(platform) else None
    alert = election_alert(network, platforms=[platform], title=title)
    [flag] = rrs.create_flags(alert, network.carol, now=T0)
    for status, hours in answers:
        rrs.change_status(flag, status, network.carol, "", T0 + hours * H)
    return flag


def test_figures_per_platform_match_medians_computed_by_hand(network, election):
    x_answers = [
        [("acknowledged", 1), ("actioned", 5)],
        [("acknowledged", 3), ("actioned", 20)],
        [("acknowledged", 10), ("declined", 12)],
        [("no_reply", 25)],
    ]
    for n, answers in enumerate(x_answers):
        _flag_at(network, election, "x", f"X alert {n}", answers)
    _flag_at(network, election, "meta", "Meta alert", [("actioned", 2)])
    figures = {f.platform: f for f in rrs.figures(RrsFlag.objects.all())}
    x = figures["x"]
    assert x.flags == 4 and x.acknowledged == 3 and x.actioned == 2
    assert x.median_hours_to_ack == statistics.median([1, 3, 10]) == 3
    assert x.median_hours_to_action == statistics.median([5, 20]) == 12.5
    assert x.actioned_share == 0.5 and x.no_reply_share == 0.25
    meta = figures["meta"]
    assert (meta.flags, meta.median_hours_to_ack, meta.median_hours_to_action) == (1, 2, 2)
    assert (meta.actioned_share, meta.no_reply_share) == (1.0, 0.0)


def test_the_rrs_pages_list_flags_with_figures_and_record_an_answer(network, election, client):
    rrs_contact("x")
    [flag] = flags_for(network, election, platforms=["x"], now=dt.datetime.now(dt.UTC))
    client.force_login(network.carol)
    listing = client.get("/rrs/")
    assert listing.status_code == 200 and b"rrs-figures" in listing.content
    bad = client.post(f"/rrs/{flag.pk}/", {"status": "actioned", "at": "yesterday-ish"})
    flag.refresh_from_db()
    assert bad.status_code == 200 and flag.status == "sent"
    client.post(f"/rrs/{flag.pk}/", {"status": "actioned", "note": "removed 12 accounts"})
    flag.refresh_from_db()
    assert flag.status == "actioned"
    client.force_login(network.bob)
    assert client.get(f"/rrs/{flag.pk}/").status_code == 200
