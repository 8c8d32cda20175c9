"""Advocacy, reach, capacity and network figures, checked against hand-written SQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cdnet.impact.models import (
    Briefing,
    Event,
    EvidenceSubmission,
    Introduction,
    Meeting,
    PressArticle,
)
from cdnet.network.models import Member, Organisation
from cdnet.reports.figure import Audience, Period
from cdnet.reports.figures import compute_figure
from reports.figure_helpers import ids_of, reportable_by_sql, rows

YEAR_2025 = Period.year(2025)
AUDIENCES = [Audience.NETWORK, Audience.PUBLIC]
D = dt.date
TABLE_PRESS = "impact_pressarticle"
READERS = "t.estimated_readers"
SUM = "SUM(t.participants)"
TRAINED = "SUM(t.participants), SUM(CASE WHEN t.disarm THEN t.participants ELSE 0 END)"


@pytest.fixture
def advocacy(network: Any) -> dict[str, Any]:
    who = {"recorded_by": network.carol, "organisation": network.alpha}
    return {
        "meetings": [
            Meeting.objects.create(
                institution="DSC France",
                country="FR",
                held_on=D(2025, 3, 1),
                topic="RRS",
                tlp="CLEAR",
                **who,
            ),
            Meeting.objects.create(
                institution="European Commission",
                held_on=D(2025, 1, 1),
                topic="DSA",
                approved_for_publication=True,
                **who,
            ),
            Meeting.objects.create(
                institution="BfV",
                country="DE",
                held_on=D(2025, 12, 31),
                topic="FIMI",
                tlp="AMBER",
                **who,
            ),
            Meeting.objects.create(
                institution="ARCOM",
                country="FR",
                held_on=D(2026, 1, 1),
                topic="next year",
                tlp="CLEAR",
                **who,
            ),
        ],
        "submissions": [
            EvidenceSubmission.objects.create(
                authority="INGE", submitted_on=D(2025, 6, 1), tlp="CLEAR", **who
            ),
            EvidenceSubmission.objects.create(
                authority="Senate", country="FR", submitted_on=D(2025, 7, 1), **who
            ),
        ],
        "press": [
            PressArticle.objects.create(
                outlet="Le Monde",
                url="https://lemonde.fr/a",
                published_on=D(2025, 2, 1),
                language="fr",
                estimated_readers=120000,
                tlp="CLEAR",
                **who,
            ),
            PressArticle.objects.create(
                outlet="Der Spiegel",
                url="https://spiegel.de/a",
                published_on=D(2025, 3, 1),
                language="de",
                estimated_readers=80000,
                approved_for_publication=True,
                **who,
            ),
            PressArticle.objects.create(
                outlet="Blog",
                url="https://blog.example/a",
                published_on=D(2025, 4, 1),
                language="en",
                tlp="CLEAR",
                **who,
            ),
            PressArticle.objects.create(
                outlet="Internal",
                url="https://x.example/a",
                published_on=D(2025, 4, 1),
                language="en",
                estimated_readers=5,
                tlp="AMBER",
                **who,
            ),
        ],
        "briefings": [
            Briefing.objects.create(
                election_id="fr-2025-06-15",
                title="Before the vote",
                given_on=D(2025, 6, 1),
                audience="DSC",
                tlp="CLEAR",
                **who,
            ),
            Briefing.objects.create(
                election_id="de-2025-02-23",
                title="Germany",
                given_on=D(2025, 2, 1),
                audience="BfV",
                **who,
            ),
        ],
        "introductions": [
            Introduction.objects.create(
                member_organisation=network.beta,
                institution="ARCOM",
                country="FR",
                made_on=D(2025, 5, 1),
                tlp="CLEAR",
                **who,
            ),
            Introduction.objects.create(
                member_organisation=network.alpha, institution="EEAS", made_on=D(2025, 5, 2), **who
            ),
        ],
        "events": [
            Event.objects.create(
                kind="training",
                title="DISARM 101",
                held_on=D(2025, 3, 3),
                disarm=True,
                participants=20,
                tlp="CLEAR",
                **who,
            ),
            Event.objects.create(
                kind="training",
                title="OSINT",
                held_on=D(2025, 4, 3),
                participants=12,
                approved_for_publication=True,
                **who,
            ),
            Event.objects.create(
                kind="training", title="Internal", held_on=D(2025, 4, 4), participants=7, **who
            ),
            Event.objects.create(
                kind="workshop",
                title="Elections",
                held_on=D(2025, 5, 3),
                country="RO",
                participants=30,
                tlp="CLEAR",
                **who,
            ),
            Event.objects.create(
                kind="workshop", title="Closed", held_on=D(2025, 5, 4), participants=9, **who
            ),
            Event.objects.create(
                kind="presentation",
                title="Talk",
                held_on=D(2025, 6, 3),
                participants=100,
                tlp="CLEAR",
                **who,
            ),
        ],
    }


COUNTS = [
    ("meetings", "impact_meeting", "held_on", ""),
    ("evidence_submissions", "impact_evidencesubmission", "submitted_on", ""),
    ("press_articles", "impact_pressarticle", "published_on", ""),
    ("briefings", "impact_briefing", "given_on", ""),
    ("introductions", "impact_introduction", "made_on", ""),
    ("trainings", "impact_event", "held_on", "AND t.kind = 'training'"),
    ("workshops", "impact_event", "held_on", "AND t.kind = 'workshop'"),
    ("presentations", "impact_event", "held_on", "AND t.kind = 'presentation'"),
]


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize(("key", "table", "day", "where"), COUNTS)
def test_each_count_of_advocacy_and_capacity_equals_an_independent_query(
    advocacy: dict[str, Any], audience: Audience, key: str, table: str, day: str, where: str
) -> None:
    found = reportable_by_sql(table, day, audience == Audience.PUBLIC, where)
    figure = compute_figure(key, YEAR_2025, audience)
    assert figure.value == len(found)
    assert ids_of(figure.records) == {row[0] for row in found}
    if figure.breakdown:
        assert sum(figure.breakdown.values()) == figure.value


def test_meetings_on_the_first_and_last_day_count_and_the_next_day_does_not(
    advocacy: dict[str, Any],
) -> None:
    meetings = advocacy["meetings"]
    network = compute_figure("meetings", YEAR_2025, Audience.NETWORK)
    assert ids_of(network.records) == {m.pk for m in meetings[:3]}
    assert network.breakdown == {"DE": 1, "EU level": 1, "FR": 1}
    public = compute_figure("meetings", YEAR_2025, Audience.PUBLIC)
    assert ids_of(public.records) == {meetings[0].pk, meetings[1].pk}  # not the AMBER one


@pytest.mark.parametrize("audience", AUDIENCES)
def test_press_reach_is_the_sum_of_known_readers_and_says_how_many_are_unknown(
    advocacy: dict[str, Any], audience: Audience
) -> None:
    public = audience == Audience.PUBLIC
    readers = [r for (r,) in reportable_by_sql(TABLE_PRESS, "published_on", public, select=READERS)]
    figure = compute_figure("press_reach", YEAR_2025, audience)
    assert figure.value == sum(r for r in readers if r is not None)
    assert len(figure.records) == len([r for r in readers if r is not None])
    assert "1 article with unknown readers is not in the sum" in figure.note


@pytest.mark.parametrize("audience", AUDIENCES)
def test_people_trained_and_workshop_participants_are_sums_of_participants(
    advocacy: dict[str, Any], audience: Audience
) -> None:
    public = audience == Audience.PUBLIC
    training, workshop = "AND t.kind = 'training'", "AND t.kind = 'workshop'"
    sums = reportable_by_sql("impact_event", "held_on", public, training, select=TRAINED)[0]
    figure = compute_figure("people_trained", YEAR_2025, audience)
    assert figure.value == sums[0]
    assert figure.breakdown["DISARM"] == sums[1]
    (total,) = reportable_by_sql("impact_event", "held_on", public, workshop, select=SUM)[0]
    assert compute_figure("workshop_participants", YEAR_2025, audience).value == total


def test_the_public_report_leaves_out_unapproved_amber_trainings(advocacy: dict[str, Any]) -> None:
    assert compute_figure("people_trained", YEAR_2025, Audience.NETWORK).value == 39
    assert compute_figure("people_trained", YEAR_2025, Audience.PUBLIC).value == 32


@pytest.fixture
def members(network: Any) -> None:
    """Alpha (FR) and Beta (DE) from the network fixture, plus three organisations over time."""
    Organisation.objects.filter(pk__in=[network.alpha.pk, network.beta.pk]).update(
        joined_on=D(2024, 1, 1)
    )
    Organisation.objects.create(name="Gamma", country="UA", joined_on=D(2025, 3, 1))
    Organisation.objects.create(
        name="Delta", country="RO", joined_on=D(2024, 1, 1), left_on=D(2025, 6, 1)
    )
    Organisation.objects.create(name="Epsilon", country="MD", joined_on=D(2026, 1, 1))
    Member.objects.filter(user__username="dave").update(left_on=D(2025, 12, 31))
    Member.objects.update(joined_on=D(2024, 6, 1))


def _orgs_on(day: dt.date) -> list[tuple[Any, ...]]:
    from django.db import connection

    created = connection.ops.adapt_datetimefield_value(
        dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    )
    return rows(
        """SELECT id, country FROM network_organisation
           WHERE (joined_on <= %s OR (joined_on IS NULL AND created_at < %s))
             AND (left_on IS NULL OR left_on > %s)""",
        [day, created, day],
    )


@pytest.mark.parametrize("audience", AUDIENCES)
def test_network_growth_counts_organisations_people_and_countries_at_the_period_end(
    members: None, audience: Audience
) -> None:
    from cdnet.network.countries import EU_MEMBER_STATES

    orgs = _orgs_on(D(2025, 12, 31))
    figure = compute_figure("organisations", YEAR_2025, audience)
    assert figure.value == len(orgs) == 3  # Alpha, Beta, Gamma: Delta left, Epsilon not yet
    assert figure.breakdown == {
        "EU": len([1 for _, c in orgs if c in EU_MEMBER_STATES]),
        "non-EU": len([1 for _, c in orgs if c not in EU_MEMBER_STATES]),
    }
    assert "1 of them joined in the period" in figure.note
    countries = compute_figure("countries", YEAR_2025, audience)
    assert countries.value == len({c for _, c in orgs})
    people = rows(
        "SELECT COUNT(*) FROM network_member WHERE joined_on <= %s AND "
        "(left_on IS NULL OR left_on > %s)",
        [D(2025, 12, 31), D(2025, 12, 31)],
    )[0][0]
    assert compute_figure("participants", YEAR_2025, audience).value == people == 3


def test_only_the_network_version_lists_who_the_members_are(members: None) -> None:
    network = compute_figure("participants", YEAR_2025, Audience.NETWORK)
    public = compute_figure("participants", YEAR_2025, Audience.PUBLIC)
    assert {r.label.split(" ")[0] for r in network.records} == {"alice", "bob", "carol"}
    assert public.records == () and public.value == network.value
