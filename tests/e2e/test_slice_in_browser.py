"""The walking skeleton in a real browser: data → detector → alert → review → e-mail → outcome."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cdnet.cli import app
from cdnet.dispatch.models import Delivery
from cdnet.dispatch.worker import drain

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POSTS = """post_id,account_id,created_at,text,platform,links
1,acc1,2024-05-01T10:00:00Z,Die Wahrheit über die Sanktionen,x,["https://www.spiegel.ltd/politik/sanktionen"]
2,acc2,2024-05-01T10:00:05Z,Lesen Sie das!,x,["https://www.spiegel.ltd/politik/sanktionen"]
3,acc3,2024-05-01T11:00:00Z,Ein normaler Artikel,x,["https://www.spiegel.de/politik/artikel"]
"""


def login(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def logout(page: Any) -> None:
    page.click("header form button")
    page.wait_for_url("**/accounts/login/")


def ingest_and_detect(tmp_path: Path) -> None:
    source = tmp_path / "posts.csv"
    source.write_text(POSTS, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(source), "--out", str(tmp_path / "ds")])
    assert result.exit_code == 0, result.output
    parquet = str(tmp_path / "ds" / "posts.parquet")
    result = runner.invoke(app, ["detect", "lookalike-domains", parquet, "--save"])
    assert result.exit_code == 0, result.output


def test_an_analyst_bundles_findings_a_reviewer_approves_and_the_alert_is_emailed(
    network, smtp, live_server, page, tmp_path
):
    ingest_and_detect(tmp_path)
    base = live_server.url

    login(page, base, "alice", "alice-pass")
    page.click("text=Findings")
    page.check("input[aria-label='select spiegel.ltd']")
    page.click("#bundle")
    page.fill("#id_title", "Doppelganger clone of Der Spiegel")
    page.select_option("#id_tlp", "GREEN")
    page.click("text=Save draft")
    page.wait_for_selector("text=Alert drafted.")
    assert "T0149.003" in page.inner_text("main")
    page.click("text=Submit for review")
    assert page.inner_text("#alert-state") == "In review"
    alert_url = page.url
    logout(page)

    login(page, base, "bob", "bob-pass")
    page.goto(alert_url)
    page.check("input[value=approve]")
    page.click("#review-form button")
    assert page.inner_text("#alert-state") == "Approved"
    logout(page)

    login(page, base, "carol", "carol-pass")
    page.goto(alert_url)
    page.check("#send-form input[type=checkbox] >> nth=1")  # Example Platform T&S
    page.click("#send-form button")
    page.wait_for_selector("text=Queued 1 deliveries")
    assert drain() == 1  # what `cdnet worker` does: send what the outbox holds
    page.reload()
    page.wait_for_selector("#deliveries .status-sent")
    assert page.inner_text("#alert-state") == "Sent"
    assert [m["X-Envelope-To"] for m in smtp.messages] == ["ts@platform.example"]
    assert Delivery.objects.get().status == "sent"

    page.select_option("#id_kind", "removed")
    page.fill("#id_occurred_on", "2024-05-03")
    page.click("#outcome-form button")
    page.wait_for_selector("text=Outcome recorded.")
    assert "Removed / taken down on 2024-05-03" in page.inner_text("#outcomes")

    page.click("text=Dashboard")
    for metric, value in (
        ("findings", "1"),
        ("alerts", "1"),
        ("deliveries", "1"),
        ("outcomes", "1"),
    ):
        assert page.inner_text(f"[data-metric={metric}] .n") == value


def test_the_author_of_an_alert_cannot_approve_it_in_the_ui(network, live_server, page):
    from cdnet.cases import workflow
    from factories import make_alert

    alert = make_alert(network.carol)  # a coordinator may review, but not her own alert
    workflow.submit_for_review(alert, network.carol)
    base = live_server.url
    login(page, base, "carol", "carol-pass")
    page.goto(f"{base}/alerts/{alert.pk}/")
    assert "a second person must review it" in page.inner_text("main")
    page.check("input[value=approve]")
    page.click("#review-form button")
    page.wait_for_selector(".messages .error")
    assert "second person" in page.inner_text(".messages")
    assert page.inner_text("#alert-state") == "In review"


def test_the_disarm_matrix_shows_phases_tactics_and_techniques(network, live_server, page):
    base = live_server.url
    login(page, base, "alice", "alice-pass")
    page.click("text=DISARM")
    assert page.locator(".phase").count() == 4
    assert page.locator(".tactic").count() == 16
    page.click("a[href='/disarm/T0149.003/']")
    assert "Lookalike" in page.inner_text("h1")
