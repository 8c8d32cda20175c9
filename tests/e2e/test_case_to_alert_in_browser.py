"""Issue #3 in a real browser: findings → case → alert → changes requested → revised → approved
by a reviewer of another organisation."""

from __future__ import annotations

import pytest
from test_slice_in_browser import login, logout

from cdnet.cases.findings import save_findings
from cdnet.cases.models import Alert, AlertVersion, Case
from factories import lookalike_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_findings_become_a_case_then_an_alert_that_is_revised_and_approved(
    network, live_server, page
):
    save_findings(
        [lookalike_record("spiegel.ltd", "spiegel.de"), lookalike_record("welt.pm", "welt.de")],
        user=network.alice,
    )
    base = live_server.url

    login(page, base, "alice", "alice-pass")
    page.click("text=Findings")
    page.check("input[aria-label='select spiegel.ltd']")
    page.check("input[aria-label='select welt.pm']")
    page.click("#open-case")
    page.fill("#id_title", "Doppelganger clones of German outlets")
    page.click("text=Open case")
    page.wait_for_selector("text=Case opened.")
    assert "spiegel.ltd" in page.inner_text("#case-findings")
    page.click("button:has-text('Claim')")
    assert "Claimed by alice" in page.inner_text("#claim")
    page.fill("#id_body", "@bob please check the welt.pm pages")
    page.click("button:has-text('Comment')")
    assert "@bob please check" in page.inner_text("#comments")

    page.click("#draft-alert")
    page.wait_for_selector("#id_summary")
    page.fill("#id_summary", "Two clones of German outlets are spread by inauthentic accounts.")
    page.fill("#id_platforms", "x facebook")
    page.click("text=Save revision")
    page.wait_for_selector("text=Revised.")
    page.click("text=Submit for review")
    alert_url = page.url
    logout(page)

    login(page, base, "bob", "bob-pass")
    page.goto(alert_url)
    page.check("input[value=request_changes]")
    page.fill("#id_comment", "Name the accounts that shared the links.")
    page.click("#review-form button")
    assert page.inner_text("#alert-state") == "Changes requested"
    logout(page)

    login(page, base, "alice", "alice-pass")
    page.goto(alert_url)
    page.click("text=Revise")
    page.fill("#id_what_happened", "Accounts acc1 to acc9 shared the links within seconds.")
    page.click("text=Save revision")
    page.click("text=Submit for review")
    logout(page)

    login(page, base, "bob", "bob-pass")
    page.goto(alert_url)
    page.check("input[value=approve]")
    page.click("#review-form button")
    assert page.inner_text("#alert-state") == "Approved"
    assert "Alpha Fact-Check" in page.inner_text("#credits")
    page.click("#versions a >> nth=-1")
    assert "Accounts acc1 to acc9" in page.inner_text("#diff")

    alert = Alert.objects.get()
    assert alert.case == Case.objects.get()
    assert alert.findings.count() == 2
    assert AlertVersion.objects.filter(alert=alert).count() == 3
    assert [r.reviewer.get_username() for r in alert.reviews.all()] == ["bob", "bob"]
