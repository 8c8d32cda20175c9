"""lookalike-domains: what it flags, what it must never flag, and what a finding holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cdnet.analysis.detectors import Tables, get
from cdnet.analysis.ingest import ingest
from cdnet.analysis.reference import disarm

DETECTOR = get("lookalike-domains")


@pytest.fixture(scope="module")
def check(tmp_path_factory: pytest.TempPathFactory, engine):
    """check(["a.com", ...], **options) -> {domain: record} against the shipped list.

    Most examples are real Doppelganger domains, so known-ioc is off unless a test turns it on:
    these tests are about the name techniques.
    """
    folder = tmp_path_factory.mktemp("domains")
    counter = iter(range(1_000_000))

    def run(domains: list[str], **options: Any) -> dict[str, dict[str, Any]]:
        path = folder / f"domains-{next(counter)}.parquet"
        pq.write_table(pa.table({"domain": pa.array(domains, pa.string())}), path)
        config = DETECTOR.make_config({"known_ioc": False, **options})
        records = list(DETECTOR.findings(Tables({"domains": [path]}, engine), config))
        return {r["domain"]: r for r in records}

    return run


def only(found: dict[str, dict[str, Any]], domain: str) -> dict[str, Any]:
    assert list(found) == [domain]
    return found[domain]


@pytest.mark.parametrize(
    ("domain", "imitates", "technique"),
    [
        ("spiegel.ltd", "spiegel.de", "tld-swap"),
        ("lemonde.ltd", "lemonde.fr", "tld-swap"),
        ("theguardian.co.com", "theguardian.com", "tld-swap"),
        ("bild.eu.com", "bild.de", "tld-swap"),
        ("20minuts.com", "20minutes.fr", "typo"),
        ("t-onlinr.live", "t-online.de", "typo"),
        ("sueddeustche.de", "sueddeutsche.de", "typo"),
        ("bildd.lol", "bild.de", "typo"),
        ("fazz.beauty", "faz.net", "typo"),
        ("sp\u0456egel.de", "spiegel.de", "homoglyph"),
        ("xn--spegel-qvf.de", "spiegel.de", "homoglyph"),
        ("blld.live", "bild.de", "homoglyph"),
        ("fox-news.in", "foxnews.com", "hyphenation"),
        ("tonline.cfd", "t-online.de", "hyphenation"),
        ("spiegel-reisen.com", "spiegel.de", "combosquat"),
        ("bild-news24.com", "bild.de", "combosquat"),
        ("spiegelnews.com", "spiegel.de", "combosquat"),
        ("europarl-europa.eu", "europarl.europa.eu", "combosquat"),
    ],
)
def test_a_lookalike_is_flagged_with_its_technique(check, domain, imitates, technique):
    record = only(check([domain]), domain)
    assert (record["imitates"], record["technique"]) == (imitates, technique)
    assert 0 < record["score"] <= 1


@pytest.mark.parametrize(
    "domain",
    [
        "spiegel.de",
        "www.spiegel.de",
        "https://m.spiegel.de/politik/a-1.html",
        "SPIEGEL.DE.",
        "europarl.europa.eu",
        "ec.europa.eu",
        "bildschirm.de",  # bild glued into a real word
        "welt-reisen.de",  # an ordinary-word brand with a non-news word
        "fazenda.com.br",  # faz as a substring
        "senator.com",  # nato as a substring
        "bilk.de",  # one edit from bild, but bild is too short for typos
        "fax.net",
        "news.xyz",  # news.de is protected, but "news" names no outlet
        "go.dev",
        "example.org",
        "faz.example.com",  # a three-letter brand as a subdomain
    ],
)
def test_protected_domains_and_unrelated_lookalikes_of_short_words_are_not_flagged(check, domain):
    assert check([domain]) == {}


def test_a_brand_placed_in_front_of_another_domain_is_a_subdomain_lookalike(check):
    found = check(["spiegel.de.news-today.com", "https://spiegel.example.net/x"])
    strong, weak = found["news-today.com"], found["example.net"]
    assert (strong["technique"], strong["imitates"], strong["hosts"]) == (
        "subdomain",
        "spiegel.de",
        ["spiegel.de.news-today.com"],
    )
    assert weak["technique"] == "subdomain"
    assert strong["score"] > weak["score"]


def test_a_brand_on_a_hosting_platform_counts_as_a_subdomain(check):
    record = only(check(["lemonde.github.io"]), "lemonde.github.io")
    assert (record["technique"], record["imitates"]) == ("subdomain", "lemonde.fr")


def test_a_finding_record_has_exactly_the_contract_fields_and_known_disarm_ids(check):
    record = check(["hxxps://spiegel[.]ltd/artikel"])["spiegel.ltd"]
    assert list(record) == [
        "detector",
        "score",
        "explanation",
        "disarm",
        "domain",
        "imitates",
        "technique",
        "post_ids",
        "hosts",
    ]
    assert record["detector"] == "lookalike-domains"
    assert record["explanation"] == (
        "spiegel.ltd uses the name of spiegel.de (Der Spiegel) under another ending (.ltd)."
    )
    assert record["disarm"] == ["T0149.003", "T0143.003", "T0097.202"]
    frameworks = disarm.load()
    assert all(frameworks.is_valid_technique(t) for t in record["disarm"])


def test_a_government_site_suggests_the_government_persona(check):
    record = check(["bundesregierung.online"])["bundesregierung.online"]
    assert record["disarm"][-1] == "T0097.206"


def test_homoglyph_findings_show_the_domain_as_seen_and_the_swapped_letters(check):
    record = check(["xn--spegel-qvf.de"])["xn--spegel-qvf.de"]
    assert record["domain"] == "xn--spegel-qvf.de"
    assert "'\u0456' for 'i'" in record["explanation"]
    assert record["score"] >= 0.9


def test_min_score_leaves_out_weaker_findings(check):
    assert list(check(["spiegel.ltd", "spiegel-reisen.com"], min_score=0.8)) == ["spiegel.ltd"]


def test_a_protected_file_replaces_the_shipped_list(tmp_path, check):
    protected = tmp_path / "banks.csv"
    protected.write_text("domain,name,country\nhxxps://www.examplebank[.]com,Example Bank,FR\n")
    found = check(["spiegel.ltd", "examplebank.ltd", "examplebank.com"], protected=protected)
    record = only(found, "examplebank.ltd")
    assert record["imitates"] == "examplebank.com"
    assert record["disarm"] == ["T0149.003", "T0143.003", "T0097.202"]


def test_posts_are_searched_in_url_links_and_text_and_each_post_is_named(tmp_path, engine):
    text = (
        "post_id,account_id,created_at,url,links,text\n"
        "p1,alice,2024-05-01T10:00:00Z,https://spiegel.ltd/a,,\n"
        'p2,bob,2024-05-01T10:00:00Z,,"https://www.spiegel.ltd/b https://spiegel.de/x",\n'
        "p3,carol,2024-05-01T10:00:00Z,,,Lesen: spiegel[.]ltd/c und welt.de\n"
        "p4,dave,2024-05-01T10:00:00Z,https://www.spiegel.de/,,nothing here\n"
    )
    (tmp_path / "posts.csv").write_text(text, encoding="utf-8")
    ingest([tmp_path / "posts.csv"], tmp_path / "out")
    tables = Tables({"posts": [tmp_path / "out" / "posts.parquet"]}, engine)
    records = list(DETECTOR.findings(tables, DETECTOR.make_config({})))
    assert [r["domain"] for r in records] == ["spiegel.ltd"]
    assert sorted(records[0]["post_ids"]) == ["p1", "p2", "p3"]
    without_text = list(DETECTOR.findings(tables, DETECTOR.make_config({"text": False})))
    assert sorted(without_text[0]["post_ids"]) == ["p1", "p2"]


def test_an_unknown_option_value_is_bad_input(tmp_path):
    from cdnet.errors import BadInput

    with pytest.raises(BadInput) as caught:
        DETECTOR.make_config({"min_score": "lots"})
    assert caught.value.field == "--min-score"


def test_a_missing_protected_file_is_bad_input(check):
    from cdnet.errors import BadInput

    with pytest.raises(BadInput, match="no such file"):
        check(["spiegel.ltd"], protected=Path("/nonexistent/protected.csv"))


@pytest.mark.parametrize(
    ("domain", "imitates"),
    [
        ("lemonde.us.com", "lemonde.fr"),
        ("rijksoverheid.uk.net", "rijksoverheid.nl"),
        ("valtioneuvosto.de.com", "valtioneuvosto.fi"),
        ("tagesschau.com.de", "tagesschau.de"),
    ],
)
def test_a_pseudo_tld_counts_as_an_ending_for_tld_swap(check, domain, imitates):
    record = only(check([domain]), domain)
    assert (record["imitates"], record["technique"], record["score"]) == (imitates, "tld-swap", 0.9)


def test_every_eu_member_state_has_news_outlets_and_government_sites_protected():
    from cdnet.analysis.reference.protected import load_protected

    members = "AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
    outlets = load_protected()
    for country in members.split():
        kinds = {o.kind for o in outlets if o.country == country and o.name}
        assert kinds == {"news", "government"}, country
    eu = {o.domain for o in outlets if o.country == "EU"}
    assert {"commission.europa.eu", "europarl.europa.eu", "consilium.europa.eu"} <= eu


def test_new_eu_sites_are_protected_and_their_clones_flagged(check):
    assert check(["www.gouvernement.fr", "valtioneuvosto.fi", "m.rtve.es"]) == {}
    record = only(check(["bundesregierung.online"]), "bundesregierung.online")
    assert (record["imitates"], record["technique"]) == ("bundesregierung.de", "tld-swap")
    record = only(check(["europol-europa.eu"]), "europol-europa.eu")
    assert record["imitates"] == "europol.europa.eu"
