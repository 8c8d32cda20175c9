"""The "Public report" block of the alert and finding pages, through Django's test client:
coordinators approve and withdraw, everyone else sees the state, and every decision is audited."""

from __future__ import annotations

import pytest
from django.test import Client

from cdnet.audit.models import AuditEntry
from cdnet.cases.models import Alert, Finding
from factories import make_alert, make_finding

APPROVED = "approved for publication"
WITHDRAWN = "publication approval withdrawn"


def logged_in(user, *, csrf: bool = False):
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def decisions(obj) -> list[tuple[str, str]]:
    """(who, what) of the publication decisions the audit log holds for ``obj``, oldest first."""
    kind = type(obj).__name__.lower()
    rows = AuditEntry.objects.filter(object_type=kind, object_id=str(obj.pk)).order_by("id")
    return [(row.actor_name, row.summary) for row in rows if row.summary in (APPROVED, WITHDRAWN)]


def block(page: str) -> str:
    """The text of the page's "Public report" section."""
    start = page.index('id="public-report"')
    return page[start : page.index("</section>", start)]


@pytest.fixture
def finding(db):
    return make_finding("lemonde.ltd", "lemonde.fr")


def test_a_coordinator_approves_an_amber_alert_from_its_page(network, alert):
    carol = logged_in(network.carol)
    before = block(carol.get(f"/alerts/{alert.pk}/").content.decode())
    assert "Not approved for the public report" in before
    assert f'action="/alerts/{alert.pk}/public/approve/"' in before

    response = carol.post(f"/alerts/{alert.pk}/public/approve/", follow=True)

    alert.refresh_from_db()
    assert alert.approved_for_publication and alert.approved_by == network.carol
    page = response.content.decode()
    assert "Approved for the public report." in page  # the message
    shown = block(page)
    assert f"Approved for the public report by carol on {alert.approved_at:%Y-%m-%d %H:%M}" in shown
    assert "Withdraw approval" in shown
    assert decisions(alert) == [("carol", APPROVED)]


def test_an_analyst_sees_the_state_but_no_button_and_her_post_is_refused(network, alert):
    alice = logged_in(network.alice)
    shown = block(alice.get(f"/alerts/{alert.pk}/").content.decode())
    assert "Not approved for the public report" in shown
    assert "<form" not in shown and "Approve for the public report" not in shown

    response = alice.post(f"/alerts/{alert.pk}/public/approve/", follow=True)

    assert "only coordinators and admins approve records for publication" in (
        response.content.decode()
    )
    alert.refresh_from_db()
    assert not alert.approved_for_publication and alert.approved_by is None
    assert decisions(alert) == []


def test_withdrawing_the_approval_clears_who_and_when_and_both_decisions_stay_in_the_log(
    network, alert
):
    carol = logged_in(network.carol)
    carol.post(f"/alerts/{alert.pk}/public/approve/")
    response = carol.post(f"/alerts/{alert.pk}/public/withdraw/", follow=True)

    alert.refresh_from_db()
    assert (alert.approved_for_publication, alert.approved_by, alert.approved_at) == (
        False,
        None,
        None,
    )
    page = response.content.decode()
    assert "Approval for the public report withdrawn." in page
    assert "Approve for the public report" in block(page)
    assert decisions(alert) == [("carol", APPROVED), ("carol", WITHDRAWN)]


def test_a_coordinator_approves_a_finding_and_an_analyst_cannot_withdraw_it(network, finding):
    assert finding.tlp != "CLEAR"
    carol, alice = logged_in(network.carol), logged_in(network.alice)
    carol.post(f"/findings/{finding.pk}/public/approve/")
    finding.refresh_from_db()
    assert finding.approved_for_publication and finding.approved_by == network.carol

    shown = block(alice.get(f"/findings/{finding.pk}/").content.decode())
    assert "Approved for the public report by carol" in shown and "<form" not in shown
    alice.post(f"/findings/{finding.pk}/public/withdraw/")
    finding.refresh_from_db()
    assert finding.approved_for_publication
    assert decisions(finding) == [("carol", APPROVED)]


def test_a_clear_finding_is_public_by_its_tlp_and_needs_no_approval(network, finding):
    Finding.objects.filter(pk=finding.pk).update(tlp="CLEAR")
    shown = block(logged_in(network.carol).get(f"/findings/{finding.pk}/").content.decode())
    assert "Public by its TLP (TLP:CLEAR)" in shown
    assert "Not approved" not in shown and "<form" not in shown


def test_the_form_carries_a_csrf_token_and_a_post_without_one_is_rejected(network, alert):
    carol = logged_in(network.carol, csrf=True)
    page = carol.get(f"/alerts/{alert.pk}/").content.decode()
    assert "csrfmiddlewaretoken" in block(page)
    assert carol.post(f"/alerts/{alert.pk}/public/approve/").status_code == 403
    alert.refresh_from_db()
    assert not alert.approved_for_publication


def test_only_post_and_the_two_actions_are_accepted(network, alert):
    carol = logged_in(network.carol)
    assert carol.get(f"/alerts/{alert.pk}/public/approve/").status_code == 405
    assert carol.post(f"/alerts/{alert.pk}/public/publish/").status_code == 404
    alert.refresh_from_db()
    assert not alert.approved_for_publication


def test_a_coordinator_cannot_approve_an_alert_tlp_hides_from_her(network):
    secret = make_alert(network.alice, "Only alice reads this", tlp="RED")
    response = logged_in(network.carol).post(f"/alerts/{secret.pk}/public/approve/")
    assert response.status_code == 404
    assert not Alert.objects.get(pk=secret.pk).approved_for_publication
