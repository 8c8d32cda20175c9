"""Uploading a dataset in a real browser: the progress bar, then the dataset page."""

from __future__ import annotations

import hashlib

import pytest

from cdnet.cases.models import Dataset
from dataset_helpers import BAD_POSTS, POSTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_analyst_uploads_posts_and_lands_on_the_dataset_page(network, live_server, page, login):
    base = live_server.url
    login(page, base, "alice", "alice-pass")
    page.click("header >> text=Datasets")
    page.click("text=Upload a dataset")
    assert page.locator("progress#upload-progress").count() == 1

    page.set_input_files("#id_file", str(BAD_POSTS))
    page.click("#upload-button")
    page.wait_for_selector("#upload-error:not([hidden])")
    error = page.inner_text("#upload-error")
    assert error.startswith("posts_bad_timestamp.csv:3:created_at: expected an ISO 8601")
    assert Dataset.objects.count() == 0

    page.fill("#id_name", "Spiegel clones")
    page.select_option("#id_format", "posts")
    page.set_input_files("#id_file", str(POSTS))
    with page.expect_request("**/datasets/upload/") as sent:
        page.click("#upload-button")
    assert "application/json" in sent.value.headers["accept"]  # sent by the script (XHR)
    page.wait_for_url(f"{base}/datasets/*/")
    page.wait_for_selector("text=Dataset registered: 4 posts.")
    dataset = Dataset.objects.get()
    assert page.url == f"{base}/datasets/{dataset.pk}/"
    assert page.inner_text("h1") == "Spiegel clones"
    assert page.inner_text("#sha256") == hashlib.sha256(POSTS.read_bytes()).hexdigest()
    assert "p1" in page.inner_text("table.sample[data-table=posts]")
    platform = page.locator("table.stats tr[data-column=platform] td.top").inner_text()
    times = "\N{MULTIPLICATION SIGN}"
    assert platform == f"x {times} 3, telegram {times} 1"
