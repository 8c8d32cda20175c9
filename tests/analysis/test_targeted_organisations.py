"""targeted-organisations: who was tagged and e-mailed, how often, and tag-bombing."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from cdnet.analysis.detectors import Tables, get
from cdnet.analysis.ingest.inputs import prepare_tables
from cdnet.analysis.reference.organisations import Resolver, load_organisations, read_organisations
from cdnet.errors import BadInput

DETECTOR = get("targeted-organisations")
FIXTURES = Path(__file__).parents[1] / "fixtures" / "organisations"
ORGS = FIXTURES / "orgs_small.csv"


def by_org(found: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["org_id"]: f for f in found if f["kind"] == "targeted"}


def unresolved(found: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(f["platform"], f["handle"]) for f in found if f["kind"] == "unresolved"}


@pytest.fixture(scope="module")
def posts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    return prepare_tables([FIXTURES / "posts.csv"], tmp_path_factory.mktemp("posts"))


@pytest.fixture(scope="module")
def found(engine: Any, posts: dict[str, list[Path]]) -> list[dict[str, Any]]:
    """The findings on the posts fixture, once per engine."""
    config = DETECTOR.make_config({"orgs": ORGS, "shipped": False})
    return list(DETECTOR.findings(Tables(posts, engine), config))


def test_mentions_resolve_case_insensitively_per_platform(found: list[dict[str, Any]]) -> None:
    checkers, daily = by_org(found)["checkers"], by_org(found)["daily"]
    assert checkers["evidence_ids"] == ["p1", "p3", "p4"]  # not p5: ExChecks is its x handle
    assert (checkers["messages"], checkers["senders"]) == (3, 2)
    assert checkers["name"] == "Example Checkers"
    assert checkers["first_seen"] == "2025-01-10T08:00:00Z"
    assert checkers["last_seen"] == "2025-01-12T10:00:00Z"
    assert (daily["evidence_ids"], daily["messages"], daily["senders"]) == (["p1", "p2"], 2, 2)


def test_mentions_list_twitter_platform_and_bluesky_domain_handle_count_once(
    found: list[dict[str, Any]],
) -> None:
    wire = by_org(found)["wire"]
    assert wire["evidence_ids"] == ["p1", "p2", "p3"]
    assert (wire["messages"], wire["senders"]) == (3, 3)
    assert wire["matched_on"] == ["domain-handle", "handle"]
    assert wire["last_seen"] == "2025-01-11T09:00:00Z"


def test_a_handle_equal_to_an_alias_resolves(found: list[dict[str, Any]]) -> None:
    assert by_org(found)["checkers"]["matched_on"] == ["alias", "handle"]


def test_same_text_tagging_many_organisations_is_tag_bombing(found: list[dict[str, Any]]) -> None:
    orgs = by_org(found)
    assert orgs["wire"]["tag_bombing"] is True
    assert orgs["wire"]["tag_bombing_ids"] == ["p1", "p2"]
    assert orgs["checkers"]["tag_bombing_ids"] == ["p1"]
    assert "T0049.005" in orgs["daily"]["disarm"]
    assert "tag-bombing" in orgs["daily"]["explanation"]
    assert orgs["daily"]["score"] >= 0.9


def test_no_tag_bombing_below_the_organisation_threshold(
    engine: Any, posts: dict[str, list[Path]]
) -> None:
    config = DETECTOR.make_config({"orgs": ORGS, "shipped": False, "min_orgs": 4})
    orgs = by_org(list(DETECTOR.findings(Tables(posts, engine), config)))
    assert not any(o["tag_bombing"] for o in orgs.values())
    assert orgs["wire"]["disarm"] == ["T0049"]
    assert orgs["wire"]["score"] < 0.9


def test_default_output_is_one_line_per_organisation_with_no_null_org_id(
    found: list[dict[str, Any]],
) -> None:
    assert sorted(f["org_id"] for f in found) == ["checkers", "daily", "wire"]
    assert all(f["kind"] == "targeted" and f["name"] for f in found)
    assert not unresolved(found)


def test_each_finding_carries_the_formats_fields_in_their_order(
    found: list[dict[str, Any]],
) -> None:
    formats = ["org_id", "name", "messages", "senders", "first_seen", "last_seen", "evidence_ids"]
    for finding in found:
        assert list(finding)[:4] == ["detector", "score", "explanation", "disarm"]
        assert [key for key in finding if key in formats] == formats


def test_unrelated_handles_next_to_an_organisation_are_listed_on_request(
    engine: Any, posts: dict[str, list[Path]]
) -> None:
    config = DETECTOR.make_config({"orgs": ORGS, "shipped": False, "unresolved": "co-tagged"})
    found = list(DETECTOR.findings(Tables(posts, engine), config))
    assert unresolved(found) == {("x", "someone_else"), ("bluesky", "randomperson.bsky.social")}
    listed = next(f for f in found if f.get("handle") == "someone_else")
    assert (listed["org_id"], listed["name"]) == (None, None)
    assert (listed["evidence_ids"], listed["messages"]) == (["p2"], 1)
    assert found[-1]["kind"] == "unresolved"  # after every organisation
    assert {f["org_id"] for f in found if f["kind"] == "targeted"} == {"checkers", "daily", "wire"}


def test_all_unresolved_handles_are_listed_on_request(posts: dict[str, list[Path]]) -> None:
    config = DETECTOR.make_config({"orgs": ORGS, "shipped": False, "unresolved": "all"})
    with Tables(posts) as tables:
        found = list(DETECTOR.findings(tables, config))
    assert unresolved(found) == {
        ("x", "someone_else"),
        ("bluesky", "randomperson.bsky.social"),
        ("facebook", "exchecks"),
        ("x", "nobody_here"),
    }


OVERLOAD = [  # one fake, reworded: a word changed, an emoji added, a word and a link
    "Is this video from Kyiv real? Please check it urgently and tell your readers the truth",
    "Is this video from Kyiv real? Please check it quickly and tell your readers the truth",
    "Is this video from Kyiv real? \N{FACE SCREAMING IN FEAR} Please check it urgently and tell "
    "your readers the truth",
    "Is this clip from Kyiv real? Please check it urgently and tell your readers the truth "
    "https://t.co/abc123",
]
UNRELATED = [
    "Breaking: the mayor of Lyon resigned this morning, sources say",
    "New poll shows support for the measure rising in the south",
    "Our podcast this week is about the history of public broadcasting",
    "Weather warning for the coast tonight, stay safe everyone",
]


def tagging_posts(tmp_path: Path, texts: dict[str, str]) -> dict[str, list[Path]]:
    """Posts ``id: text``, one account each, every one tagging the three fixture organisations."""
    path = tmp_path / "posts.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["post_id", "account_id", "created_at", "platform", "text", "mentions"])
        for i, (post_id, text) in enumerate(texts.items()):
            tags = f"{text} @exchecks @ExampleWire @dailyex"
            writer.writerow([post_id, f"acc{i}", f"2025-02-0{i + 1}T10:00:00Z", "x", tags, "[]"])
    return prepare_tables([path], tmp_path / "tables")


def bombing(engine: Any, tables: dict[str, list[Path]], **options: Any) -> dict[str, list[str]]:
    """org_id -> tag_bombing_ids ([] when not tag-bombed)."""
    config = DETECTOR.make_config({"orgs": ORGS, "shipped": False, **options})
    found = by_org(list(DETECTOR.findings(Tables(tables, engine), config)))
    assert all(f["tag_bombing"] == bool(f["tag_bombing_ids"]) for f in found.values())
    return {org_id: f["tag_bombing_ids"] for org_id, f in found.items()}


def test_near_identical_texts_tagging_many_organisations_are_tag_bombing(
    engine: Any, tmp_path: Path
) -> None:
    texts = {f"n{i}": t for i, t in enumerate(OVERLOAD, 1)} | {
        f"u{i}": t for i, t in enumerate(UNRELATED, 1)
    }
    tables = tagging_posts(tmp_path, texts)
    flagged = bombing(engine, tables)
    assert flagged == {org: ["n1", "n2", "n3", "n4"] for org in ("checkers", "daily", "wire")}
    # Identical-only grouping finds just the emoji copy (equal once emoji are removed).
    exact = bombing(engine, tables, similarity=1.0)
    assert exact["wire"] == ["n1", "n3"]


def test_unrelated_texts_tagging_the_same_organisations_are_not_tag_bombing(
    engine: Any, tmp_path: Path
) -> None:
    texts = {f"u{i}": t for i, t in enumerate(UNRELATED, 1)}
    flagged = bombing(engine, tagging_posts(tmp_path, texts))
    assert flagged == {"checkers": [], "daily": [], "wire": []}


def test_emails_resolve_to_bcc_and_subdomains(posts: dict[str, list[Path]]) -> None:
    config = DETECTOR.make_config(
        {"orgs": ORGS, "shipped": False, "emails": FIXTURES / "inbox", "unresolved": "all"}
    )
    with Tables(posts) as tables:
        found = list(DETECTOR.findings(tables, config))
    orgs = by_org(found)
    mails = ["m1@spoof.example", "m2@spoof.example"]
    assert orgs["wire"]["evidence_ids"] == [*mails, "p1", "p2", "p3"]
    assert (orgs["wire"]["messages"], orgs["wire"]["senders"]) == (5, 5)
    assert orgs["wire"]["last_seen"] == "2025-01-14T10:00:00Z"
    assert orgs["daily"]["evidence_ids"] == ["m1@spoof.example", "p1", "p2"]  # newsroom.daily.
    assert orgs["checkers"]["matched_on"] == ["alias", "email", "handle"]
    assert {("email", "unknown@elsewhere.example"), ("email", "someone@unrelated.example")} <= (
        unresolved(found)
    )


def test_resolver_reads_bluesky_handles_domains_and_platform_aliases() -> None:
    resolver = Resolver.of(read_organisations(ORGS.read_text(), "orgs"))
    assert resolver.handle("bluesky", "@Wire.Bsky.Social") == ("wire", "handle")
    assert resolver.handle("bluesky", "desk.checkers.example") == ("checkers", "domain-handle")
    assert resolver.handle("x", "checkers.example") == (None, "")
    assert resolver.handle("", "EXCHECKS") == ("checkers", "handle")
    assert resolver.address("a@x.y.daily.example") == ("daily", "email")
    assert resolver.address("a@notdaily.example") == (None, "")


def test_own_organisations_extend_and_override_the_shipped_registry() -> None:
    shipped = {o.org_id: o for o in load_organisations()}
    assert len(shipped) >= 80 and shipped["afp"].name == "Agence France-Presse"
    mine = {o.org_id: o for o in load_organisations(ORGS)}
    assert {"afp", "checkers"} <= set(mine)
    assert {o.org_id for o in load_organisations(ORGS, shipped=False)} == {
        "checkers",
        "wire",
        "daily",
    }


def test_a_row_without_a_name_is_bad_input() -> None:
    with pytest.raises(BadInput) as caught:
        read_organisations("org_id,name,handles\nx1,,x:foo\n", "mine.csv")
    assert (caught.value.file, caught.value.row, caught.value.field) == ("mine.csv", 2, "name")
