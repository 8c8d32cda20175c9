"""The outcome form in Debian's Chromium: countries appear for geo-restrictions, and the form
also works with JavaScript switched off."""

from __future__ import annotations

from typing import Any

import pytest
from impact_helpers import days_ago, sent_alert

from cdnet.impact.models import Outcome

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_alert(browser: Any, live_server: Any, alert: Any, javascript: bool) -> Any:
    context = browser.new_context(java_script_enabled=javascript)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", "alice")
    page.fill("#id_password", "alice-pass")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/alerts/{alert.pk}/")
    return page


def test_the_countries_field_shows_only_for_a_geo_restriction(browser, live_server, network):
    alert = sent_alert(network)
    page = open_alert(browser, live_server, alert, javascript=True)
    page.select_option("#id_kind", "removed")
    assert not page.is_visible("#id_countries")
    page.select_option("#id_kind", "geo_restricted")
    assert page.is_visible("#id_countries")
    page.fill("#id_occurred_on", days_ago(1).isoformat())
    page.fill("#id_countries", "DE AT")
    page.click("#outcome-form button")
    page.wait_for_selector("text=Outcome recorded.")
    assert "in DE, AT" in page.inner_text("#outcomes")
    page.context.close()


def test_without_javascript_the_form_still_records_the_countries(browser, live_server, network):
    alert = sent_alert(network)
    page = open_alert(browser, live_server, alert, javascript=False)
    page.select_option("#id_kind", "geo_restricted")
    assert page.is_visible("#id_countries")
    page.fill("#id_occurred_on", days_ago(2).isoformat())
    page.fill("#id_countries", "FR")
    page.click("#outcome-form button")
    page.wait_for_selector("text=Outcome recorded.")
    assert Outcome.objects.get().countries == ["FR"]
    page.context.close()
