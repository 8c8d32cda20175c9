"""The yearly report in a real browser: from the navigation to a year's report with its figures,
its SVG charts and the Code of Practice table, then the network's version."""

from __future__ import annotations

import pytest

from annual_report_helpers import SECRET_SUBJECT, YEAR, build_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_analyst_opens_the_yearly_report_and_sees_figures_and_charts(
    network, live_server, page, login
):
    build_year(network)
    base = live_server.url
    login(page, base, "alice", "alice-pass")
    page.click("header >> text=Reports")
    page.wait_for_url(f"{base}/reports/")
    page.click(f"#report-years >> text=Yearly report {YEAR}")
    page.wait_for_url(f"{base}/reports/annual/{YEAR}/?audience=public")

    assert page.locator("h1").last.inner_text() == f"Yearly report {YEAR}"
    assert page.locator("#report-tlp").inner_text() == "TLP:CLEAR"
    assert page.locator("[data-metric=alerts]").inner_text() == "2"  # CLEAR + approved AMBER
    assert page.locator("#figures tr[data-figure]").count() > 0
    takedowns = page.locator("#figures tr[data-figure=takedowns] td.num").inner_text()
    assert takedowns.startswith("1")
    charts = page.locator("#charts figure.chart svg")
    assert charts.count() == 4
    assert charts.first.is_visible() and charts.first.bounding_box()["width"] > 200
    assert page.locator("[data-chart=disarm-heatmap] svg text", has_text="T0149.003").count() == 1
    assert page.locator("#code-of-practice tr[data-technique]").count() == 4
    assert SECRET_SUBJECT not in page.content()

    page.click("#switch-network")
    page.wait_for_url(f"{base}/reports/annual/{YEAR}/?audience=network")
    assert page.locator("#report-tlp").inner_text() == "TLP:AMBER"
    assert page.locator(f"#outcomes >> text={SECRET_SUBJECT}").is_visible()
    assert page.locator("#code-of-practice tr[data-technique='T0143.002']").count() == 1
