"""lookalike-domains, known-ioc: domains a threat report lists are reported with their source."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cdnet.analysis.detectors import Tables, get
from cdnet.analysis.reference.indicators import load_indicators
from cdnet.errors import BadInput

DETECTOR = get("lookalike-domains")
META = (
    "Meta, Q2 2023 Adversarial Threat Report: Doppelganger (Russia-based CIB), "
    "indicators updated 2024"
)


@pytest.fixture(scope="module")
def check(tmp_path_factory: pytest.TempPathFactory, engine):
    """check(["a.com", ...], **options) -> {domain: record}, known-ioc on (the default)."""
    folder = tmp_path_factory.mktemp("ioc")
    counter = iter(range(1_000_000))

    def run(domains: list[str], **options: Any) -> dict[str, dict[str, Any]]:
        path = folder / f"domains-{next(counter)}.parquet"
        pq.write_table(pa.table({"domain": pa.array(domains, pa.string())}), path)
        records = DETECTOR.findings(
            Tables({"domains": [path]}, engine), DETECTOR.make_config(options)
        )
        return {r["domain"]: r for r in records}

    return run


def test_a_listed_spoof_domain_is_known_ioc_with_its_source_and_the_outlet_it_spoofs(check):
    record = check(["hxxps://www.spiegel[.]ltd/politik"])["spiegel.ltd"]
    assert (record["technique"], record["imitates"], record["indicator"]) == (
        "known-ioc", "spiegel.de", "spoof"
    )  # fmt: skip
    assert record["source"] == META
    assert record["source_url"].startswith("https://github.com/facebook/threat-research/")
    assert record["lookalike"] == "tld-swap"
    assert record["score"] == 0.98
    assert record["explanation"] == (
        "spiegel.ltd uses the name of spiegel.de (Der Spiegel) under another ending (.ltd); "
        f"{META} lists it as a domain spoofing a news or government site."
    )
    assert record["disarm"] == ["T0149.003", "T0143.003", "T0097.202"]


def test_a_listed_spoof_without_a_stated_outlet_takes_the_best_lookalike_match(check):
    """Meta does not say what artichoc.cc spoofs, and no protected name matches it."""
    record = check(["artichoc.cc"])["artichoc.cc"]
    assert (record["technique"], record["imitates"], record["indicator"]) == (
        "known-ioc", None, "spoof"
    )  # fmt: skip
    assert "lookalike" not in record


def test_a_redirect_domain_is_known_ioc_offline_without_an_imitated_outlet(check):
    record = check(["0qrhv.top"])["0qrhv.top"]
    assert (record["technique"], record["imitates"], record["indicator"]) == (
        "known-ioc", None, "redirect"
    )  # fmt: skip
    assert record["disarm"] == ["T0149.004"]
    assert record["explanation"] == f"0qrhv.top: {META} lists it as a redirect domain."


def test_a_subdomain_of_a_listed_domain_is_known_ioc_under_the_listed_domain(check):
    record = check(["cdn.0qrhv.top"])["0qrhv.top"]
    assert (record["technique"], record["hosts"]) == ("known-ioc", ["cdn.0qrhv.top"])


def test_an_asd_site_of_concern_is_known_ioc_with_the_list_it_comes_from(check):
    found = check(["news-front.info", "youtube.com", "svt.se"])
    assert list(found) == ["news-front.info"]
    record = found["news-front.info"]
    assert (record["technique"], record["indicator"]) == ("known-ioc", "site-of-concern")
    assert record["source"].startswith("ASD Disinformation Laundromat (")
    assert record["disarm"] == ["T0149.001"]


def test_without_known_ioc_a_listed_domain_is_only_a_name_lookalike_or_nothing(check):
    found = check(["spiegel.ltd", "0qrhv.top"], known_ioc=False)
    assert list(found) == ["spiegel.ltd"]
    assert found["spiegel.ltd"]["technique"] == "tld-swap"
    assert "source" not in found["spiegel.ltd"]


def test_an_indicators_file_replaces_the_shipped_one(tmp_path, check):
    path = tmp_path / "iocs.csv"
    path.write_text(
        "domain,kind,imitates,source\n"
        "bad-mirror[.]example,spoof,hxxps://www.lemonde.fr,Our report 2025\n"
        "relay.example,redirect,,\n",
        encoding="utf-8",
    )
    found = check(["bad-mirror.example", "relay.example", "0qrhv.top"], indicators=path)
    assert sorted(found) == ["bad-mirror.example", "relay.example"]
    mirror = found["bad-mirror.example"]
    assert (mirror["imitates"], mirror["source"], mirror["indicator"]) == (
        "lemonde.fr", "Our report 2025", "spoof"
    )  # fmt: skip
    assert "imitating lemonde.fr (Le Monde)" in mirror["explanation"]
    assert found["relay.example"]["source"] == "iocs.csv"


def test_a_listed_host_with_a_second_lookalike_keeps_both_findings(tmp_path, engine):
    """The indicator names spiegel.de; the combosquat on bild.de stays its own finding."""
    iocs = tmp_path / "iocs.csv"
    iocs.write_text("domain,kind,imitates\nspiegel.bild-news.com,spoof,spiegel.de\n")
    path = tmp_path / "domains.parquet"
    pq.write_table(pa.table({"domain": ["spiegel.bild-news.com"]}), path)
    config = DETECTOR.make_config({"indicators": iocs})
    records = list(DETECTOR.findings(Tables({"domains": [path]}, engine), config))
    assert [(r["domain"], r["imitates"], r["technique"], r.get("lookalike")) for r in records] == [
        ("bild-news.com", "spiegel.de", "known-ioc", "subdomain"),
        ("bild-news.com", "bild.de", "combosquat", None),
    ]


def test_a_spoof_of_an_outlet_outside_a_replaced_protected_list_is_left_out(tmp_path, check):
    protected = tmp_path / "banks.csv"
    protected.write_text("domain,name\nexamplebank.com,Example Bank\n")
    found = check(["spiegel.ltd", "0qrhv.top", "examplebank.ltd"], protected=protected)
    assert {d: r["technique"] for d, r in found.items()} == {
        "0qrhv.top": "known-ioc",
        "examplebank.ltd": "tld-swap",
    }


def test_an_indicators_file_with_a_bad_kind_names_the_row_and_column(tmp_path):
    path = tmp_path / "iocs.csv"
    path.write_text("domain,kind\nok.example,spoof\nx.example,phishing\n")
    with pytest.raises(BadInput) as caught:
        load_indicators(path)
    assert (caught.value.row, caught.value.field) == (3, "kind")


def test_the_shipped_indicators_have_no_protected_domain_and_no_platform():
    shipped = load_indicators()
    assert len(shipped) > 5000
    for domain in ("spiegel.de", "svt.se", "youtube.com", "t.me", "euvsdisinfo.eu"):
        assert shipped.lookup(domain) is None
    assert shipped.lookup("www.rrn.media").kind == "site-of-concern"
