from __future__ import annotations

import sys

import pysequoia
import pytest
from django.urls import include, path
from ninja.testing import TestClient
from typer.testing import CliRunner

from cdnet.cli import app
from cdnet.errors import BadInput, NotAllowed
from cdnet.network.models import Recipient
from cdnet.network.services import (
    RecipientFilter,
    add_channel,
    add_recipient,
    deactivate_recipient,
    list_recipients,
    update_recipient,
)
from cdnet.web.api_routes.recipients import router
from cdnet.web.urls import urlpatterns as site_patterns

# The directory pages, until the site's urls.py includes cdnet.dispatch.recipient_urls.
urlpatterns = [*site_patterns, path("", include("cdnet.dispatch.recipient_urls"))]


@pytest.fixture
def pages(settings):
    settings.ROOT_URLCONF = sys.modules[__name__]


@pytest.fixture(scope="module")
def public_key() -> str:
    return str(pysequoia.Tsk.generate("Arcom <dsc@arcom.example>").extract_certificate())


def test_a_recipient_keeps_its_languages_countries_topics_clearance_and_key(network, public_key):
    arcom = add_recipient(
        "Arcom (demo)", "government", "dsc@arcom.example", "fr",
        role="Digital Services Coordinator", languages=["FR", "en"], countries=["fr", "EL"],
        topics=["Elections", "fimi"], max_tlp="tlp:amber+strict", pgp_key=public_key,
    )  # fmt: skip
    arcom.refresh_from_db()
    assert arcom.country == "FR" and arcom.countries == ["FR", "GR"]
    assert arcom.languages == ["fr", "en"] and arcom.topics == ["elections", "fimi"]
    assert arcom.max_tlp == "AMBER+STRICT"
    assert "BEGIN PGP PUBLIC KEY BLOCK" in arcom.pgp_key


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({"max_tlp": "PURPLE"}, "max_tlp"),
        ({"countries": ["France"]}, "countries"),
        ({"languages": ["français"]}, "languages"),
        ({"is_rrs_contact": True}, "platform"),
        ({"pgp_key": "-----BEGIN PGP PUBLIC KEY BLOCK-----\nbroken"}, "pgp_key"),
    ],
)
def test_a_recipient_with_a_wrong_field_is_refused_with_the_field_named(network, details, field):
    with pytest.raises(BadInput) as caught:
        add_recipient("Wrong", "government", "x@authority.example", **details)
    assert caught.value.field == field
    assert not Recipient.objects.filter(name="Wrong").exists()


def test_a_webhook_needs_https_and_gets_a_generated_secret(network):
    channel, secret = add_channel(network.platform, "webhook", "https://hooks.platform.example/in")
    assert channel.secret == secret and len(secret) == 64
    with pytest.raises(BadInput, match="https"):
        add_channel(network.platform, "webhook", "http://hooks.platform.example/in")
    local, _ = add_channel(network.platform, "webhook", "http://127.0.0.1:8080/hook", "s" * 32)
    assert local.secret == "s" * 32


def test_the_directory_filters_by_country_platform_topic_and_clearance(network):
    add_recipient("X RRS", "platform", "rrs@x.example", platform="x", is_rrs_contact=True)
    add_recipient(
        "EEAS desk", "eu_institution", "desk@eeas.example", topics=["fimi"], max_tlp="RED"
    )
    names = lambda **kw: [r.name for r in list_recipients(RecipientFilter(**kw))]  # noqa: E731
    assert names(country="fr") == ["Example DSC"]
    assert names(platform="X") == ["X RRS"]
    assert names(topic="fimi") == names(tlp="RED") == ["EEAS desk"]
    assert names(category="platform") == ["Example Platform T&S", "X RRS"]
    deactivate_recipient(network.authority, network.carol)
    assert names(country="FR") == [] and names(country="FR", include_inactive=True)


def test_an_update_is_validated_like_a_new_recipient(network):
    update_recipient(network.platform, network.carol, platform="X", languages=["de"])
    network.platform.refresh_from_db()
    assert network.platform.platform == "x" and network.platform.languages == ["de"]
    with pytest.raises(BadInput, match="max TLP"):
        update_recipient(network.platform, network.carol, max_tlp="TOP SECRET")


def test_the_cli_adds_shows_and_lists_recipients_with_their_channels(network, tmp_path, public_key):
    key = tmp_path / "arcom.asc"
    key.write_text(public_key, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, [
        "recipient", "add", "Arcom (demo)", "--email", "dsc@arcom.example",
        "--category", "government", "--country", "FR", "--role", "Digital Services Coordinator",
        "--languages", "fr en", "--topics", "elections", "--max-tlp", "AMBER+STRICT",
        "--pgp-key", str(key), "--webhook", "https://hooks.arcom.example/cdnet",
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "webhook secret (shown once" in result.output
    result = runner.invoke(app, ["recipient", "show", "Arcom (demo)"])
    assert result.exit_code == 0, result.output
    fingerprint = pysequoia.Cert.from_bytes(public_key.encode()).fingerprint.upper()
    assert (
        fingerprint in result.output
        and "webhook https://hooks.arcom.example/cdnet" in result.output
    )
    result = runner.invoke(
        app, ["recipient", "channel", "add", "Arcom (demo)", "--email", "x@arcom.example"]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["recipient", "list", "--country", "FR", "--tlp", "AMBER+STRICT"])
    arcom = Recipient.objects.get(name="Arcom (demo)")
    assert f"│ {arcom.pk} " in result.output
    assert f"│ {network.authority.pk} " not in result.output


def test_the_cli_refuses_a_broken_key_file_without_a_traceback(network, tmp_path):
    key = tmp_path / "broken.asc"
    key.write_text("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n", encoding="utf-8")
    result = CliRunner().invoke(app, [
        "recipient", "add", "Broken", "--email", "b@authority.example",
        "--category", "government", "--pgp-key", str(key),
    ])  # fmt: skip
    assert result.exit_code == 2
    assert "pgp_key: not an OpenPGP public key" in result.output
    assert "Traceback" not in result.output


def test_the_api_creates_reads_changes_and_deactivates_recipients(network):
    client = TestClient(router)
    body = {
        "name": "X RRS contact point", "category": "platform", "email": "rrs@x.example",
        "platform": "x", "is_rrs_contact": True, "max_tlp": "RED", "languages": ["en"],
    }  # fmt: skip
    created = client.post("/recipients", json=body, user=network.carol)
    assert created.status_code == 201, created.content
    rid = created.json()["id"]
    assert client.get(f"/recipients/{rid}", user=network.alice).json()["is_rrs_contact"] is True
    changed = client.patch(f"/recipients/{rid}", json={"max_tlp": "AMBER"}, user=network.carol)
    assert changed.json()["max_tlp"] == "AMBER"
    hook = client.post(
        f"/recipients/{rid}/channels",
        json={"kind": "webhook", "address": "https://hooks.x.example/rrs"},
        user=network.carol,
    )
    assert hook.status_code == 201 and len(hook.json()["secret"]) == 64
    listed = client.get("/recipients?platform=x", user=network.alice).json()
    assert [r["name"] for r in listed] == ["X RRS contact point"]
    assert listed[0]["channels"][0]["address"] == "https://hooks.x.example/rrs"
    assert client.delete(f"/recipients/{rid}", user=network.carol).json()["active"] is False
    assert client.get("/recipients?platform=x", user=network.alice).json() == []


def test_only_a_coordinator_changes_the_directory_through_the_api(network):
    client = TestClient(router)
    with pytest.raises(NotAllowed):
        client.post(
            "/recipients",
            json={"name": "N", "category": "press", "email": "n@press.example"},
            user=network.alice,
        )


def test_the_api_gives_the_routing_of_an_alert(network):
    from factories import make_alert

    add_recipient("Arcom", "government", "dsc@arcom.example", "FR", role="DSC", max_tlp="RED")
    alert = make_alert(network.alice, tlp="RED", target_countries=["FR"])
    routing = TestClient(router).get(f"/alerts/{alert.pk}/routing", user=network.alice).json()
    assert [s["name"] for s in routing["suggested"]] == ["Arcom"]
    assert routing["suggested"][0]["reasons"] == ["Digital Services Coordinator of FR"]
    assert routing["excluded"][0]["name"] == "Example DSC"


def test_the_directory_page_lists_and_filters_recipients(network, client, pages):
    add_recipient("X RRS", "platform", "rrs@x.example", platform="x", is_rrs_contact=True)
    client.force_login(network.alice)
    page = client.get("/recipients/?platform=x").content.decode()
    assert "X RRS" in page and "(RRS)" in page and "Example DSC" not in page
    page = client.get("/recipients/?country=FR").content.decode()
    assert "Example DSC" in page and "X RRS" not in page
    detail = client.get(f"/recipients/{network.authority.pk}/").content.decode()
    assert "dsc@authority.example" in detail and "TLP:AMBER" in detail
