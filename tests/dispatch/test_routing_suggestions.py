from __future__ import annotations

import pytest

from cdnet.dispatch.models import Election
from cdnet.dispatch.routing import canonical_platform, route, suggest_recipients
from cdnet.network.services import add_recipient
from factories import make_alert


@pytest.fixture
def directory(network):
    return {
        "fr_dsc": add_recipient(
            "Arcom (demo)", "government", "dsc@arcom.example", "FR",
            role="Digital Services Coordinator", max_tlp="RED", languages=["fr"],
        ),
        "de_dsc": add_recipient(
            "Bundesnetzagentur (demo)", "government", "dsc@bnetza.example", "DE",
            role="Digital Services Coordinator", max_tlp="RED",
        ),
        "x_rrs": add_recipient(
            "X RRS contact point", "platform", "rrs@x.example",
            platform="x", is_rrs_contact=True, max_tlp="RED",
        ),
        "x_ts": add_recipient(
            "X trust and safety", "platform", "ts@x.example", platform="x",
            role="trust and safety", max_tlp="AMBER",
        ),
        "meta_rrs": add_recipient(
            "Meta RRS contact point", "platform", "rrs@meta.example",
            platform="meta", is_rrs_contact=True, max_tlp="RED",
        ),
        "eeas": add_recipient(
            "EEAS StratCom desk (demo)", "eu_institution", "desk@eeas.example",
            topics=["fimi"], max_tlp="RED",
        ),
        "fr_elections": add_recipient(
            "Election commission FR (demo)", "government", "cnccep@elections-fr.example", "FR",
            topics=["elections"], max_tlp="AMBER",
        ),
    }  # fmt: skip


def names(suggestions):
    return [s.recipient.name for s in suggestions]


def test_routing_picks_the_french_dsc_and_the_x_rrs_contact_and_excludes_an_amber_only_recipient(
    network, directory
):
    alert = make_alert(
        network.alice,
        tlp="RED",
        target_countries=["FR"],
        platforms=["x"],
        target_elections=["fr-2027-04-11"],
    )
    routing = route(alert)
    suggested = {s.recipient.pk: s for s in routing.suggested}
    assert directory["fr_dsc"].pk in suggested
    assert directory["x_rrs"].pk in suggested
    assert suggested[directory["fr_dsc"].pk].reasons == ("Digital Services Coordinator of FR",)
    assert suggested[directory["x_rrs"].pk].reasons == (
        "Rapid Response System contact of x (fr-2027-04-11)",
    )
    assert directory["de_dsc"].pk not in suggested
    assert directory["meta_rrs"].pk not in suggested
    excluded = {s.recipient.pk: s for s in routing.excluded}
    commission = excluded[directory["fr_elections"].pk]
    assert commission.excluded_because == "cleared up to TLP:AMBER; this alert is TLP:RED"
    assert commission.reasons == ("authority in FR", "works on elections")
    assert directory["x_ts"].pk in excluded
    assert network.authority.pk in excluded  # the persona's FR DSC is cleared up to AMBER
    assert not set(suggested) & set(excluded)


def test_an_rrs_contact_is_suggested_only_when_the_alert_names_an_election(network, directory):
    alert = make_alert(network.alice, target_countries=["FR"], platforms=["twitter"])
    suggested = names(suggest_recipients(alert))
    assert "X trust and safety" in suggested
    assert "X RRS contact point" not in suggested


def test_the_country_of_an_election_counts_as_a_target_country(network, directory):
    Election.objects.create(
        election_id="de-2029-09-23", country="DE", polling_day="2029-09-23", name="Bundestag"
    )
    alert = make_alert(network.alice, target_elections=["de-2029-09-23"], platforms=["facebook"])
    suggested = names(suggest_recipients(alert))
    assert "Bundesnetzagentur (demo)" in suggested
    assert "Meta RRS contact point" in suggested
    assert "Arcom (demo)" not in suggested


def test_an_eu_wide_institution_is_suggested_by_its_topic(network, directory):
    alert = make_alert(
        network.alice,
        target_countries=["DE"],
        attribution="state_linked",
        attribution_confidence="medium",
    )
    [eeas] = [s for s in suggest_recipients(alert) if s.recipient.name.startswith("EEAS")]
    assert eeas.reasons == ("works on fimi",)


def test_an_alert_with_no_targets_suggests_nobody_and_leaves_everyone_to_choose(network, directory):
    alert = make_alert(network.alice, tlp="GREEN")
    routing = route(alert)
    assert routing.suggested == [] and routing.excluded == []
    assert len(routing.others) == len(directory) + 2


def test_suggestions_come_governments_first(network, directory):
    alert = make_alert(
        network.alice, target_countries=["FR"], platforms=["x"], target_elections=["fr-2027-04-11"]
    )
    categories = [s.recipient.category for s in suggest_recipients(alert)]
    assert categories == sorted(categories, key=["government", "eu_institution", "platform"].index)


def test_platform_names_have_one_spelling():
    assert canonical_platform("Twitter") == "x"
    assert canonical_platform(" Instagram ") == "meta"
    assert canonical_platform("telegram") == "telegram"
