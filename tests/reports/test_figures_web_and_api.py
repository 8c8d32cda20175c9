"""The figures in the API and on the pages: who sees which audience, and the records behind."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from cdnet.network.services import create_token
from reports.figure_helpers import END, START, at, found, rows, sent_alert


class Api:
    def __init__(self, user: Any) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {create_token(user)}"}

    def get(self, path: str) -> Any:
        return self.client.get(f"/api{path}", headers=self.headers)


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def year(network: Any) -> dict[str, Any]:
    """Three alerts sent in 2025: CLEAR, AMBER (unapproved), RED (only its author may read it)."""
    alert = lambda when, **kw: sent_alert(network.alice, network.bob, when, **kw)  # noqa: E731
    return {
        "clear": alert(at(2), tlp="CLEAR", title="Clone of Le Monde", platforms=["x"]),
        "amber": alert(at(3), title="Secret operation in the Baltics", platforms=["telegram"]),
        "red": alert(
            at(4),
            tlp="RED",
            title="Source-sensitive leak",
            platforms=["x"],
            second_reviewer=network.dave,
        ),
    }


def _sent_2025() -> set[int]:
    bounds = [connection.ops.adapt_datetimefield_value(t) for t in (START, END)]
    return {
        pk
        for (pk,) in rows(
            "SELECT DISTINCT alert_id FROM cases_alertevent WHERE to_state = 'sent' "
            "AND at >= %s AND at < %s",
            bounds,
        )
    }


def _figure(body: dict[str, Any], key: str) -> dict[str, Any]:
    return next(f for f in body["figures"] if f["key"] == key)


def test_the_api_gives_every_figure_with_its_records_for_the_network(
    year: dict[str, Any], network: Any
) -> None:
    response = Api(network.alice).get("/reports/figures?year=2025&audience=network")
    assert response.status_code == 200
    body = response.json()
    assert (body["start"], body["end"], body["audience"]) == ("2025-01-01", "2025-12-31", "network")
    produced = _figure(body, "alerts_produced")
    assert produced["value"] == len(_sent_2025())
    assert {r["id"] for r in produced["records"]} == _sent_2025()
    assert {f["key"] for f in body["figures"]} >= {
        "takedowns",
        "doppelganger_posts",
        "people_trained",
    }


def test_the_public_figures_leave_out_the_unapproved_amber_alert(
    year: dict[str, Any], network: Any
) -> None:
    body = Api(network.bob).get("/reports/figures?start=2025-01-01&end=2025-12-31").json()
    produced = _figure(body, "alerts_produced")
    assert body["audience"] == "public"
    assert [r["id"] for r in produced["records"]] == [year["clear"].pk]
    assert "Secret operation" not in str(body)


def test_a_member_sees_the_network_count_but_not_the_title_of_a_red_alert_of_another(
    year: dict[str, Any], network: Any
) -> None:
    body = (
        Api(network.bob).get("/reports/figures/alerts_produced?year=2025&audience=network").json()
    )
    (produced,) = body["figures"]
    assert produced["value"] == 3
    red = next(r for r in produced["records"] if r["id"] == year["red"].pk)
    assert red["label"] == f"alert {year['red'].pk} (not visible to you)"
    assert red["url"] == ""
    assert "Source-sensitive" not in str(body)
    mine = Api(network.alice).get("/reports/figures/alerts_produced?year=2025&audience=network")
    assert "Source-sensitive leak" in str(mine.json())


def test_someone_outside_the_network_gets_the_public_figures_only(year: dict[str, Any]) -> None:
    outsider = User.objects.create_user("eve", password="eve-pass")
    api = Api(outsider)
    assert api.get("/reports/figures?year=2025&audience=network").status_code == 403
    public = api.get("/reports/figures?year=2025&audience=public")
    assert public.status_code == 200
    assert "Clone of Le Monde" in str(public.json())  # approved for publication: shown as is


@pytest.mark.parametrize(
    ("query", "status", "says"),
    [
        ("/reports/figures/no-such-figure?year=2025", 404, "no figure"),
        ("/reports/figures?start=2025-01-01", 400, "give both start and end"),
        ("/reports/figures?start=2025-13-01&end=2025-12-31", 400, "is not a date"),
        ("/reports/figures?start=2025-12-31&end=2025-01-01", 400, "before it starts"),
        ("/reports/figures?audience=everyone", 400, "audience must be one of"),
    ],
)
def test_bad_questions_get_a_clear_error(network: Any, query: str, status: int, says: str) -> None:
    response = Api(network.alice).get(query)
    assert response.status_code == status
    assert says in response.json()["detail"]


def test_the_api_gives_the_chart_series_of_a_period(year: dict[str, Any], network: Any) -> None:
    body = Api(network.alice).get("/reports/series?year=2025&audience=network").json()
    alerts = body["alerts"]
    assert alerts["total"] == len(_sent_2025())
    assert (alerts["by_month"]["2025-02"], alerts["by_month"]["2025-03"]) == (1, 1)
    assert alerts["by_platform"] == {"x": 2, "telegram": 1}
    assert Api(network.alice).get("/reports/series?year=2025").json()["alerts"]["total"] == 1


def test_the_figures_page_links_each_figure_to_its_records(
    year: dict[str, Any], network: Any
) -> None:
    html = (
        logged_in(network.alice)
        .get("/reports/figures/?start=2025-01-01&end=2025-12-31")
        .content.decode()
    )
    assert 'data-figure="alerts_produced"' in html
    assert (
        "/reports/figures/alerts_produced/?start=2025-01-01&amp;end=2025-12-31&amp;audience=public"
        in html
    )
    assert 'href="/reports/figures/"' in html  # the navigation


def test_the_records_page_lists_the_records_behind_one_figure(
    year: dict[str, Any], network: Any
) -> None:
    client = logged_in(network.alice)
    network_html = client.get(
        "/reports/figures/alerts_produced/?year=2025&audience=network"
    ).content.decode()
    listed = {int(pk) for pk in re.findall(r'data-kind="alert" data-pk="(\d+)"', network_html)}
    assert listed == _sent_2025()
    assert f'href="/alerts/{year["amber"].pk}/"' in network_html
    public_html = client.get("/reports/figures/alerts_produced/?year=2025").content.decode()
    assert re.findall(r'data-kind="alert" data-pk="(\d+)"', public_html) == [str(year["clear"].pk)]
    assert "Secret operation" not in public_html


def test_the_network_pages_are_for_members_and_anonymous_visitors_must_log_in(
    year: dict[str, Any],
) -> None:
    outsider = User.objects.create_user("eve", password="eve-pass")
    assert (
        logged_in(outsider).get("/reports/figures/?year=2025&audience=network").status_code == 403
    )
    assert logged_in(outsider).get("/reports/figures/?year=2025").status_code == 200
    response = Client().get("/reports/figures/?year=2025")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_records_page_of_an_unknown_figure_is_a_404_and_a_bad_date_a_400(network: Any) -> None:
    client = logged_in(network.alice)
    assert client.get("/reports/figures/nothing/?year=2025").status_code == 404
    bad = client.get("/reports/figures/takedowns/?start=2025-02-30&end=2025-03-01")
    assert bad.status_code == 400 and "is not a date" in bad.content.decode()


def test_finding_records_link_to_the_finding_page(network: Any) -> None:
    finding = found(
        "election-silence",
        at(6),
        tlp="CLEAR",
        post_id="p1",
        account_id="a",
        election_id="fr-2025-06-15",
        violation="campaigning",
        created_at="2025-06-15T08:00:00Z",
    )
    html = (
        logged_in(network.bob)
        .get("/reports/figures/election_silence_violations/?year=2025")
        .content.decode()
    )
    assert f'href="/findings/{finding.pk}/"' in html
