"""Search through the page, the API and the CLI."""

from __future__ import annotations

from django.test import Client
from typer.testing import CliRunner

from cdnet.cli import app
from cdnet.network.services import create_token
from cdnet.search.models import SearchDocument


def api_get(user, query):
    headers = {"Authorization": f"Bearer {create_token(user)}"}
    return Client().get("/api/search", query, headers=headers)


def test_the_search_page_shows_results_with_highlighted_snippets(network, kit, client):
    alert = kit.alert(network.alice, "Doppelganger wave", "Clones of <i>news</i> sites.")
    client.force_login(network.alice)
    page = client.get("/search/", {"q": "clones", "kind": "alert"})
    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="/alerts/{alert.pk}/"' in html
    assert "<mark>Clones</mark> of &lt;i&gt;news&lt;/i&gt; sites." in html
    assert "1 result" in html


def test_the_search_page_pages_and_keeps_the_filters(network, kit, client):
    for n in range(22):
        kit.alert(network.alice, f"Bot wave {n}")
    client.force_login(network.alice)
    html = client.get("/search/", {"q": "bot", "kind": "alert"}).content.decode()
    assert "page 1 of 2" in html and "?q=bot&amp;kind=alert&amp;page=2" in html
    second = client.get("/search/", {"q": "bot", "kind": "alert", "page": 2}).content.decode()
    assert second.count('class="result result-alert"') == 2


def test_the_search_page_explains_bad_filters(network, client):
    client.force_login(network.alice)
    html = client.get("/search/", {"q": "x", "country": "zz9"}).content.decode()
    assert 'role="alert"' in html
    html = client.get("/search/", {"q": "x", "date_from": "yesterday"}).content.decode()
    assert "date_from" in html


def test_the_search_page_needs_a_login(client):
    assert client.get("/search/").status_code == 302


def test_the_api_returns_a_page_of_results(network, kit):
    alert = kit.alert(network.alice, "Forged ministry letter", target_countries=["FR"])
    body = api_get(network.bob, {"q": "forged", "kind": "alert,case", "country": "fr"}).json()
    assert body["total"] == 1 and body["pages"] == 1
    assert body["results"][0]["id"] == alert.pk
    assert body["results"][0]["snippet"] == "About <mark>Forged</mark> ministry letter."


def test_the_api_hides_what_tlp_hides(network, kit):
    kit.alert(network.alice, "Forged strict letter", tlp="AMBER+STRICT")
    assert api_get(network.bob, {"q": "forged"}).json()["total"] == 0


def test_the_api_answers_bad_filters_with_400(network):
    response = api_get(network.alice, {"q": "x", "state": "lost"})
    assert response.status_code == 400
    assert "state must be one of" in response.json()["detail"]
    assert api_get(network.alice, {"q": "x", "date_to": "soon"}).status_code in (400, 422)


def test_cdnet_search_reindex_rebuilds_the_index(network, kit):
    kit.alert(network.alice, "Reindexed alert")
    SearchDocument.objects.all().delete()
    result = CliRunner().invoke(app, ["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "indexed 1 document" in result.output
    assert SearchDocument.objects.filter(kind="alert").count() == 1
