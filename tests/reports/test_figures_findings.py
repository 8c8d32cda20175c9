"""The figures counted from detector findings, each checked against hand-written SQL."""

from __future__ import annotations

from typing import Any

import pytest

from cdnet.reports.figure import Audience, Period
from cdnet.reports.figures import compute_figure
from reports.figure_helpers import at, confirm, findings_by_sql, found, ids_of, reject, sent_alert

YEAR_2025 = Period.year(2025)
AUDIENCES = [Audience.NETWORK, Audience.PUBLIC]


def sanction(channel: str, when: Any, platform: str = "telegram", **kw: Any) -> Any:
    fields = {"entity_id": "rt", "entity_name": "RT", "matched_on": "domain", **kw}
    return found("sanctions", when, channel_id=channel, platform=platform, **fields)


@pytest.fixture
def sanctions(network: Any) -> dict[str, Any]:
    rejected = sanction("tg-rejected", at(6), tlp="CLEAR")
    reject(rejected, network.bob)
    reversed_ = sanction("tg-reversed", at(7), tlp="CLEAR")
    reject(reversed_, network.bob)
    confirm(reversed_, network.dave)
    return {
        "clear": sanction("tg-rt", at(3), tlp="CLEAR"),
        "same channel again": sanction("tg-rt", at(4), tlp="CLEAR", entity_name="RT Arabic"),
        "same id elsewhere": sanction("tg-rt", at(4), platform="x", tlp="CLEAR"),
        "approved amber": sanction("x-sputnik", at(5), platform="x", approved=True),
        "amber": sanction("yt-izvestia", at(6), platform="youtube"),
        "red": sanction("tg-red", at(6), tlp="RED"),
        "rejected": rejected,
        "reversed": reversed_,
        "first second": sanction("tg-early", at(1, 1, 0), tlp="CLEAR"),
        "next year": sanction("tg-late", at(1, 1, 0, year=2026), tlp="CLEAR"),
        "last year": sanction("tg-older", at(12, 31, 23, year=2024), tlp="CLEAR"),
    }


@pytest.mark.parametrize("audience", AUDIENCES)
def test_channels_violating_sanctions_equal_the_distinct_channels_of_an_independent_query(
    sanctions: dict[str, Any], audience: Audience
) -> None:
    rows = findings_by_sql("sanctions", public=audience == Audience.PUBLIC)
    figure = compute_figure("sanctioned_channels", YEAR_2025, audience)
    assert figure.value == len({(p["platform"], p["channel_id"]) for _, _, p in rows})
    assert ids_of(figure.records) == {pk for pk, _, _ in rows}
    assert sum(figure.breakdown.values()) == figure.value


def test_a_channel_found_twice_counts_once_and_the_same_id_on_another_platform_apart(
    sanctions: dict[str, Any],
) -> None:
    network = compute_figure("sanctioned_channels", YEAR_2025, Audience.NETWORK)
    # tg-rt (twice), x:tg-rt, x-sputnik, yt-izvestia, tg-red, tg-reversed, tg-early
    assert network.value == 7
    assert network.breakdown == {"telegram": 4, "x": 2, "youtube": 1}


def test_the_public_counts_clear_and_approved_findings_only(sanctions: dict[str, Any]) -> None:
    public = compute_figure("sanctioned_channels", YEAR_2025, Audience.PUBLIC)
    records = ids_of(public.records)
    assert sanctions["clear"].pk in records
    assert sanctions["approved amber"].pk in records
    assert sanctions["amber"].pk not in records
    assert sanctions["red"].pk not in records
    assert public.value == 5  # tg-rt, x:tg-rt, x-sputnik, tg-reversed, tg-early


def test_a_finding_whose_latest_review_rejects_it_is_not_counted(sanctions: dict[str, Any]) -> None:
    records = ids_of(compute_figure("sanctioned_channels", YEAR_2025, Audience.NETWORK).records)
    assert sanctions["rejected"].pk not in records
    assert sanctions["reversed"].pk in records  # rejected, then confirmed by another member


def test_the_period_includes_its_first_second_and_excludes_the_next_year(
    sanctions: dict[str, Any],
) -> None:
    records = ids_of(compute_figure("sanctioned_channels", YEAR_2025, Audience.NETWORK).records)
    assert sanctions["first second"].pk in records
    assert sanctions["next year"].pk not in records
    assert sanctions["last year"].pk not in records


def test_findings_of_a_deleted_dataset_still_count(network: Any) -> None:
    from cdnet.cases.models import Dataset, Finding

    dataset = Dataset.objects.create(name="gone", path="/nowhere")
    finding = sanction("tg-gone", at(3), tlp="CLEAR")
    Finding.objects.filter(pk=finding.pk).update(dataset=dataset)
    Dataset.objects.filter(pk=dataset.pk).update(deleted_at=at(4))
    figure = compute_figure("sanctioned_channels", YEAR_2025, Audience.PUBLIC)
    assert ids_of(figure.records) == {finding.pk}


def ad(ad_id: str, when: Any, declared: str = "none", reasons: Any = None, **kw: Any) -> Any:
    fields = {"page_id": "pg", "political_score": 0.9, **kw}
    reasons = reasons or ["political-content"]
    return found(
        "undeclared-political-ads",
        when,
        ad_id=ad_id,
        declared_category=declared,
        reasons=reasons,
        **fields,
    )


@pytest.mark.parametrize("audience", AUDIENCES)
def test_unlabelled_ads_are_the_ads_not_declared_political_of_an_independent_query(
    network: Any, audience: Audience
) -> None:
    ad("ad-1", at(2), tlp="CLEAR")
    ad("ad-1", at(3), tlp="CLEAR", political_score=0.95)  # the same ad found again
    ad("ad-2", at(3), reasons=["state-media", "foreign-admin"], approved=True)
    ad("ad-3", at(3), declared="political", reasons=["state-media"], tlp="CLEAR")
    ad("ad-4", at(4))
    reject(ad("ad-5", at(4), tlp="CLEAR"), network.bob)
    rows = findings_by_sql("undeclared-political-ads", public=audience == Audience.PUBLIC)
    undeclared = [
        (pk, p) for pk, _, p in rows if p["declared_category"] not in ("political", "issue")
    ]
    figure = compute_figure("unlabelled_io_ads", YEAR_2025, audience)
    assert figure.value == len({p["ad_id"] for _, p in undeclared})
    assert ids_of(figure.records) == {pk for pk, _ in undeclared}
    state_media = {p["ad_id"] for _, p in undeclared if "state-media" in p["reasons"]}
    assert figure.breakdown.get("state media", 0) == len(state_media)


def image(
    image_id: str, when: Any, verdict: str = "ai-generated", labelled: Any = False, **kw: Any
) -> Any:
    is_ai = verdict in ("ai-generated", "ai-edited")
    return found(
        "ai-images",
        when,
        image_id=image_id,
        path=f"img/{image_id}.jpg",
        verdict=verdict,
        signals=[],
        labelled=labelled,
        unlabelled=is_ai and labelled is False,
        **kw,
    )


@pytest.mark.parametrize("audience", AUDIENCES)
def test_unlabelled_ai_images_match_an_independent_query(network: Any, audience: Audience) -> None:
    image("i1", at(2), tlp="CLEAR", account_id="RNational_off")  # a party's account
    image("i2", at(2), verdict="ai-edited", approved=True)
    image("i3", at(2), labelled=True, tlp="CLEAR")  # labelled: not counted
    image("i4", at(2), labelled=None, tlp="CLEAR")  # label unknown: not counted
    image("i5", at(2), verdict="camera", tlp="CLEAR")
    image("i6", at(2))
    rows = findings_by_sql("ai-images", public=audience == Audience.PUBLIC)
    unlabelled = [
        (pk, p)
        for pk, _, p in rows
        if p["verdict"] in ("ai-generated", "ai-edited") and p["labelled"] is False
    ]
    figure = compute_figure("unlabelled_ai_images", YEAR_2025, audience)
    assert figure.value == len({p["image_id"] for _, p in unlabelled})
    assert ids_of(figure.records) == {pk for pk, _ in unlabelled}
    assert figure.breakdown.get("party or candidate account") == 1


@pytest.mark.parametrize("audience", AUDIENCES)
def test_doppelganger_posts_are_the_posts_of_lookalike_domains_and_tagged_coordination(
    network: Any, audience: Audience
) -> None:
    lookalike = {"imitates": "spiegel.de", "technique": "tld-swap"}
    found(
        "lookalike-domains",
        at(2),
        tlp="CLEAR",
        domain="spiegel.ltd",
        post_ids=["p1", "p2"],
        **lookalike,
    )
    found("lookalike-domains", at(3), domain="bild.work", post_ids=["p2", "p3"], **lookalike)
    found("lookalike-domains", at(3), tlp="CLEAR", domain="welt.pm", post_ids=[], **lookalike)
    cluster = {"kind": "co-link", "account_ids": ["a1", "a2"], "object": "https://x.example"}
    tagged = found(
        "coordination",
        at(4),
        tlp="CLEAR",
        cluster_id="c1",
        post_ids=["p3", "p4"],
        first_seen="2025-04-01T00:00:00Z",
        **cluster,
    )
    found(
        "coordination",
        at(4),
        tlp="CLEAR",
        cluster_id="c2",
        post_ids=["p9"],
        first_seen="2025-04-01T00:00:00Z",
        **cluster,
    )  # not tagged: not counted
    sent_alert(
        network.alice,
        network.bob,
        at(5),
        tlp="CLEAR",
        finding=tagged,
        actor="Doppelganger operation",
    )
    public = audience == Audience.PUBLIC
    looks = findings_by_sql("lookalike-domains", public)
    tagged_ids = {pk for (pk,) in _tagged_coordination(public)}
    coordination = [row for row in findings_by_sql("coordination", public) if row[0] in tagged_ids]
    with_posts = [(pk, p) for pk, _, p in looks + coordination if p["post_ids"]]
    figure = compute_figure("doppelganger_posts", YEAR_2025, audience)
    assert figure.value == len({post for _, p in with_posts for post in p["post_ids"]})
    assert ids_of(figure.records) == {pk for pk, _ in with_posts}


def _tagged_coordination(public: bool) -> list[tuple[int]]:
    from reports.figure_helpers import rows

    alert_filter = "AND (a.tlp = 'CLEAR' OR a.approved_for_publication = %s)" if public else ""
    return [
        tuple(r)
        for r in rows(
            f"""SELECT DISTINCT af.finding_id FROM cases_alert_findings af
                JOIN cases_alert a ON a.id = af.alert_id
                WHERE (LOWER(a.actor) LIKE '%%doppelganger%%'
                       OR LOWER(a.title) LIKE '%%doppelganger%%')
                {alert_filter}""",  # noqa: S608 - test constants only
            [True] if public else [],
        )
    ]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_organisations_targeted_are_the_distinct_organisations_of_an_independent_query(
    network: Any, audience: Audience
) -> None:
    base = {"messages": 2, "senders": 1, "evidence_ids": ["p1"], "kind": "targeted"}
    found(
        "targeted-organisations",
        at(2),
        tlp="CLEAR",
        org_id="afp",
        name="AFP",
        first_seen="2025-02-01T00:00:00Z",
        tag_bombing=True,
        **base,
    )
    found(
        "targeted-organisations",
        at(3),
        org_id="afp",
        name="AFP",
        first_seen="2025-03-01T00:00:00Z",
        **base,
    )
    found(
        "targeted-organisations",
        at(3),
        org_id="correctiv",
        name="Correctiv",
        first_seen="2025-03-01T00:00:00Z",
        approved=True,
        **base,
    )
    found(
        "targeted-organisations",
        at(3),
        tlp="CLEAR",
        org_id=None,
        name=None,
        handle="@x",
        first_seen="2025-03-01T00:00:00Z",
        **{**base, "kind": "unresolved"},
    )
    rows = findings_by_sql("targeted-organisations", public=audience == Audience.PUBLIC)
    orgs = [(pk, p["org_id"]) for pk, _, p in rows if p.get("org_id")]
    figure = compute_figure("organisations_targeted", YEAR_2025, audience)
    assert figure.value == len({org for _, org in orgs})
    assert ids_of(figure.records) == {pk for pk, _ in orgs}
    assert figure.breakdown["tag-bombed"] == 1


@pytest.mark.parametrize("audience", AUDIENCES)
def test_election_silence_violations_are_distinct_posts_of_an_independent_query(
    network: Any, audience: Audience
) -> None:
    def post(post_id: str, created: str, violation: str = "campaigning", **kw: Any) -> None:
        found(
            "election-silence",
            at(1),
            post_id=post_id,
            account_id="acc",
            election_id="fr-2025-06-15",
            violation=violation,
            created_at=created,
            window_start="2025-06-14T22:00:00Z",
            window_end="2025-06-15T18:00:00Z",
            **kw,
        )

    post("p1", "2025-06-15T08:00:00Z", tlp="CLEAR")
    post("p1", "2025-06-15T08:00:00Z", violation="poll-publication", tlp="CLEAR")
    post("p2", "2025-06-15T09:00:00Z", approved=True)
    post("p3", "2025-06-15T10:00:00Z")
    post("p4", "2026-06-15T10:00:00Z", tlp="CLEAR")  # seen next year, whatever it was stored
    rows = findings_by_sql("election-silence", public=audience == Audience.PUBLIC)
    figure = compute_figure("election_silence_violations", YEAR_2025, audience)
    assert figure.value == len({p["post_id"] for _, _, p in rows})
    assert ids_of(figure.records) == {pk for pk, _, _ in rows}
    assert figure.breakdown == {"fr-2025-06-15": figure.value}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_platforms_falling_short_are_the_platforms_with_a_shortfall_of_an_independent_query(
    network: Any, audience: Audience
) -> None:
    def audit(platform: str, shortfalls: list[str], **kw: Any) -> None:
        found(
            "notice-action",
            at(9),
            platform=platform,
            notices=5,
            acknowledged_share=0.6,
            median_hours_to_decision=50.0,
            action_share=0.2,
            shortfalls=shortfalls,
            **kw,
        )

    audit("TikTok", ["Only 60 % of 5 notices were acknowledged."], tlp="CLEAR")
    audit("tiktok", ["1 of 5 notices had no decision by the audit time."], approved=True)
    audit("X", ["The median time to decision is 50.0 hours."])
    audit("YouTube", [], tlp="CLEAR")
    rows = findings_by_sql("notice-action", public=audience == Audience.PUBLIC)
    short = [(pk, p["platform"].lower()) for pk, _, p in rows if p["shortfalls"]]
    figure = compute_figure("platforms_falling_short", YEAR_2025, audience)
    assert figure.value == len({platform for _, platform in short})
    assert ids_of(figure.records) == {pk for pk, _ in short}
