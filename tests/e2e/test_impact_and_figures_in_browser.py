"""The Impact and Figures pages in a real browser: a member records a press article through the
form and a coordinator approves it; the figures of that year count it for the public, link to
the records behind them, and keep an unapproved TLP:AMBER meeting for the network."""

from __future__ import annotations

from typing import Any

import pytest

from cdnet.impact.checks import today
from cdnet.impact.models import Meeting, PressArticle
from cdnet.impact.services import (
    MeetingFields,
    PressArticleFields,
    approve_for_publication,
    create_record,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Last year: a year the Impact page offers in its selector, and wholly in the past.
YEAR = today().year - 1
READERS = 48000


def press_article(user: Any, title: str, readers: int, **kw: Any) -> PressArticle:
    fields = PressArticleFields(
        outlet="Kyiv Independent",
        url=f"https://kyiv.example/{readers}",
        title=title,
        published_on=f"{YEAR}-03-14",
        language="en",
        estimated_readers=readers,
        **kw,
    )
    return create_record(user, fields)


def show_figures(page: Any, base: str, audience: str) -> None:
    """Ask the Figures page for the whole of ``YEAR`` for ``audience`` through its period form."""
    form = page.locator("form[aria-label=Period]")
    form.locator("input[name=start]").fill(f"{YEAR}-01-01")
    form.locator("input[name=end]").fill(f"{YEAR}-12-31")
    form.locator("select[name=audience]").select_option(audience)
    form.locator("button[type=submit]").click()
    query = f"start={YEAR}-01-01&end={YEAR}-12-31&audience={audience}"
    page.wait_for_url(f"{base}/reports/figures/?{query}")


def value_of(page: Any, key: str) -> str:
    return str(page.locator(f"#figures tr[data-figure={key}] td[data-value]").inner_text())


def test_a_member_records_a_press_article_and_a_coordinator_approves_it_for_publication(
    network, live_server, page, login
):
    base = live_server.url
    login(page, base, "alice", "alice-pass")
    page.click("header >> text=Impact")
    page.wait_for_url(f"{base}/impact/")
    page.select_option("form.filters select[name=year]", str(YEAR))
    page.click("form.filters button[type=submit]")
    page.wait_for_url(f"{base}/impact/?year={YEAR}")
    assert page.locator("h1").last.inner_text() == f"Impact {YEAR}"

    page.click("#pressarticle summary")
    form = page.locator("#add-pressarticle")
    form.locator("#id_pressarticle-outlet").fill("Kyiv Independent")
    form.locator("#id_pressarticle-url").fill("https://kyiv.example/bots-in-the-election")
    form.locator("#id_pressarticle-title").fill("Bots in the election")
    form.locator("#id_pressarticle-published_on").fill(f"{YEAR}-03-14")
    form.locator("#id_pressarticle-language").fill("en")
    form.locator("#id_pressarticle-estimated_readers").fill(str(READERS))
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/impact/?year={YEAR}#pressarticle")
    page.wait_for_selector("text=Press article recorded.")

    article = PressArticle.objects.get()
    row = page.locator(f"#pressarticle tr#pressarticle-{article.pk}")
    assert row.locator("td").first.inner_text() == f"{YEAR}-03-14"
    assert "Kyiv Independent: Bots in the election" in row.inner_text()
    assert f"{READERS} readers" in row.inner_text()
    assert row.locator("td").nth(2).inner_text() == "TLP:GREEN"
    assert row.locator("td").nth(3).inner_text() == "alice"
    assert row.locator("td").nth(4).inner_text() == "not public"
    assert row.locator("button", has_text="Approve for publication").count() == 0  # an analyst
    assert page.locator("nav.sections >> text=Press (1)").count() == 1

    page.context.clear_cookies()
    login(page, base, "carol", "carol-pass")
    page.goto(f"{base}/impact/?year={YEAR}")
    row.locator("button", has_text="Approve for publication").click()
    page.wait_for_url(f"{base}/impact/?year={YEAR}#pressarticle")
    page.wait_for_selector("text=Approved for publication.")
    assert row.locator("td").nth(4).inner_text().startswith("approved")
    assert row.locator("button").inner_text() == "Withdraw approval"
    article.refresh_from_db()
    assert article.approved_for_publication is True


def test_the_figures_of_the_year_count_the_approved_article_for_the_public_and_link_to_it(
    network, live_server, page, login
):
    approved = press_article(network.alice, "Bots in the election", READERS)
    approve_for_publication(network.carol, approved)
    press_article(network.alice, "A draft not yet approved", 9000)
    meeting = create_record(
        network.alice,
        MeetingFields(
            institution="European Commission", held_on=f"{YEAR}-05-06", topic="FIMI", tlp="AMBER"
        ),
    )
    assert isinstance(meeting, Meeting) and not meeting.approved_for_publication
    base = live_server.url

    login(page, base, "alice", "alice-pass")
    page.click("header >> text=Figures")
    page.wait_for_url(f"{base}/reports/figures/")
    show_figures(page, base, "public")
    assert value_of(page, "press_articles") == "1"
    assert value_of(page, "press_reach") == str(READERS)
    assert value_of(page, "meetings") == "0"

    page.click("#figures tr[data-figure=press_articles] >> text=Press articles")
    page.wait_for_url(f"{base}/reports/figures/press_articles/?**")
    assert page.locator("h1").last.inner_text().startswith("Press articles")
    records = page.locator("#records tbody tr")
    assert records.count() == 1
    link = records.locator("a")
    assert link.inner_text() == "Kyiv Independent: Bots in the election"
    link.click()
    page.wait_for_url(f"{base}/impact/?year={YEAR}#pressarticle-{approved.pk}")
    row = page.locator(f"tr#pressarticle-{approved.pk}")
    assert row.is_visible() and row.locator("td").nth(4).inner_text().startswith("approved")

    page.click("header >> text=Figures")
    page.wait_for_url(f"{base}/reports/figures/")
    show_figures(page, base, "network")
    assert value_of(page, "meetings") == "1"
    assert value_of(page, "press_articles") == "2"
    assert value_of(page, "press_reach") == str(READERS + 9000)
