"""The review queue in a real browser: from the navigation to an ad's evidence side by side, then
confirmed as an issue ad with a comment, and the queue empties."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdnet.cases.models import FindingReview
from dataset_helpers import register
from review_helpers import ad_record, sanctions_record, saved

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADS = Path(__file__).parent.parent / "fixtures" / "review" / "ads.csv"


def test_an_analyst_confirms_an_undeclared_issue_ad_from_the_queue(
    network, live_server, page, login
):
    dataset = register(network.alice, ADS, "Ad library")
    ad = saved(ad_record("ad-vote", page_id="pg-rn"), user=network.alice, dataset=dataset)
    rt = saved(sanctions_record())
    base = live_server.url

    login(page, base, "alice", "alice-pass")
    page.click("header >> text=Review queue")
    page.wait_for_url(f"{base}/review/")
    assert page.locator("#review-queue tbody tr").count() == 2

    page.click(f"a[href='/review/{ad.pk}/']")
    page.wait_for_url(f"{base}/review/{ad.pk}/")
    left, right = page.locator("#evidence-left"), page.locator("#evidence-right")
    assert left.is_visible() and right.is_visible()
    left_box, right_box = left.bounding_box(), right.bounding_box()
    assert left_box["y"] == right_box["y"] and left_box["x"] < right_box["x"]  # side by side
    text = left.locator("[data-field=text]").inner_text()
    assert text == "Votez RN dimanche pour la France !"
    assert right.locator("[data-field=reasons]").inner_text() == "political-content, foreign-admin"

    page.check("input[name=label][value=issue]")
    page.fill("#review-comment", "about national identity, no party named")
    page.click("#confirm")
    page.wait_for_url(f"{base}/review/")
    page.wait_for_selector(f"text=Finding {ad.pk} confirmed.")
    assert page.locator("#review-queue tbody tr").count() == 1
    assert page.locator(f"#review-queue tr[data-finding='{rt.pk}']").count() == 1

    review = FindingReview.objects.get()
    assert (review.finding_id, review.by.username, review.decision, review.label) == (
        ad.pk,
        "alice",
        "confirm",
        "issue",
    )
    assert review.comment == "about national identity, no party named"
