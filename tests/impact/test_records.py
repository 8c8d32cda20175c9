"""Advocacy and capacity records: checked on the way in, read by TLP, corrected with a trail;
approval for publication by coordinators only."""

from __future__ import annotations

import datetime as dt

import pytest
from impact_helpers import days_ago

from cdnet.audit.models import AuditEntry
from cdnet.dispatch.models import Election
from cdnet.errors import BadInput, NotAllowed, NotFound
from cdnet.impact.models import Briefing, Event, Meeting
from cdnet.impact.services import (
    BRIEFINGS,
    EVENTS,
    MEETINGS,
    PRESS_ARTICLES,
    BriefingFields,
    EventFields,
    EvidenceSubmissionFields,
    IntroductionFields,
    MeetingFields,
    PressArticleFields,
    approve_for_publication,
    correct_record,
    create_record,
    get_record,
    list_records,
    record_outcome,
    withdraw_publication,
)
from factories import make_alert, make_finding


def meeting(**kw):
    values = {"institution": "European Commission", "held_on": days_ago(3), "topic": "FIMI"}
    return MeetingFields(**(values | kw))


def test_alice_records_a_meeting_with_the_alerts_discussed_and_who_was_there(network, alert):
    row = create_record(
        network.alice,
        meeting(country="be", alert_ids=[alert.pk], participants=["Beta", network.alpha.pk]),
    )
    assert isinstance(row, Meeting)
    assert row.country == "BE" and row.tlp == "GREEN"
    assert list(row.alerts.all()) == [alert]
    assert {o.short_name for o in row.participants.all()} == {"Alpha", "Beta"}
    assert row.organisation == network.alpha and row.recorded_by == network.alice
    assert AuditEntry.objects.filter(object_type="meeting", action="create").count() == 1


def test_a_meeting_cannot_cite_an_alert_the_recorder_may_not_read(network):
    strict = make_alert(network.alice, tlp="AMBER+STRICT")
    with pytest.raises(BadInput) as excinfo:
        create_record(network.bob, meeting(alert_ids=[strict.pk]))
    assert excinfo.value.field == "alert_ids"
    assert Meeting.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (lambda: meeting(institution=" "), "institution"),
        (lambda: meeting(held_on=days_ago(-2)), "held_on"),
        (lambda: meeting(held_on="3 May"), "held_on"),
        (lambda: meeting(country="Belgium"), "country"),
        (lambda: meeting(participants=["Nobody Org"]), "participants"),
        (lambda: meeting(tlp="PURPLE"), "tlp"),
        (
            lambda: PressArticleFields(
                outlet="Le Monde", url="https://lemonde.example/a", published_on=days_ago(1),
                estimated_readers=-5,
            ),
            "estimated_readers",
        ),
        (
            lambda: PressArticleFields(outlet="Le Monde", url="lemonde", published_on=days_ago(1)),
            "url",
        ),
        (
            lambda: PressArticleFields(
                outlet="Le Monde", url="https://lemonde.example/a", published_on=days_ago(1),
                language="French",
            ),
            "language",
        ),
        (
            lambda: BriefingFields(
                election_id="zz-2099-01-01", title="Pre-election", given_on=days_ago(1),
                audience="EEAS",
            ),
            "election_id",
        ),
        (
            lambda: EventFields(kind="party", title="x", held_on=days_ago(1)),
            "kind",
        ),
        (
            lambda: EventFields(kind="training", title="x", held_on=days_ago(1), participants=-1),
            "participants",
        ),
        (
            lambda: EventFields(
                kind="training", title="x", held_on=days_ago(1), organisations=["Gamma"]
            ),
            "organisations",
        ),
        (
            lambda: IntroductionFields(
                member_organisation="Nowhere", institution="DSC", made_on=days_ago(1)
            ),
            "member_organisation",
        ),
    ],
)  # fmt: skip
def test_every_wrong_field_is_named_in_the_error(network, fields, field):
    with pytest.raises(BadInput) as excinfo:
        create_record(network.alice, fields())
    assert excinfo.value.field == field


def test_a_briefing_names_an_election_of_the_calendar_or_of_the_election_table(network):
    shipped = create_record(
        network.carol,
        BriefingFields(
            election_id="nl-2024-06-06", title="EP elections", given_on="2024-05-30",
            audience="Dutch DSC",
        ),
    )  # fmt: skip
    Election.objects.create(
        election_id="md-2024-10-20", country="MD", polling_day=days_ago(400), name="MD ref."
    )
    local = create_record(
        network.carol,
        BriefingFields(
            election_id="md-2024-10-20", title="Referendum", given_on="2024-10-01",
            audience="EU delegation",
        ),
    )  # fmt: skip
    assert [b.election_id for b in Briefing.objects.order_by("given_on")] == [
        shipped.election_id,
        local.election_id,
    ]


def test_press_evidence_introductions_and_events_are_recorded(network, alert):
    press = create_record(
        network.alice,
        PressArticleFields(
            outlet="Le Monde", url="https://lemonde.example/a", published_on=days_ago(2),
            language="fr", country="FR", estimated_readers="120000", alert_ids=[alert.pk],
        ),
    )  # fmt: skip
    submission = create_record(
        network.bob,
        EvidenceSubmissionFields(
            authority="Bundesnetzagentur", inquiry="DSA RFI", submitted_on=days_ago(9)
        ),
    )
    intro = create_record(
        network.carol,
        IntroductionFields(member_organisation="Beta", institution="ARCOM", made_on=days_ago(5)),
    )
    training = create_record(
        network.carol,
        EventFields(
            kind="training", title="DISARM basics", held_on=days_ago(30), disarm=True,
            participants=25, organisations=["Alpha", "Beta"],
            external_organisations=["Uni Example", "Uni Example", " "],
        ),
    )  # fmt: skip
    assert press.estimated_readers == 120000 and press.organisation == network.alpha
    assert submission.organisation == network.beta
    assert intro.member_organisation == network.beta
    assert training.external_organisations == ["Uni Example"]
    assert training.organisations.count() == 2 and training.disarm


def test_people_outside_the_network_record_and_read_nothing(network, outsider):
    create_record(network.alice, meeting())
    with pytest.raises(NotAllowed):
        create_record(outsider, meeting())
    assert list(list_records(MEETINGS, outsider)) == []


def test_records_are_read_by_tlp_like_everything_else(network):
    red = create_record(network.alice, meeting(tlp="RED", topic="Sources"))
    strict = create_record(network.alice, meeting(tlp="AMBER+STRICT", topic="Plans"))
    amber = create_record(network.alice, meeting(tlp="AMBER", topic="Overview"))
    assert list(list_records(MEETINGS, network.alice)) == [red, strict, amber]
    assert list(list_records(MEETINGS, network.carol)) == [strict, amber]
    assert list(list_records(MEETINGS, network.bob)) == [amber]
    with pytest.raises(NotFound):
        get_record(MEETINGS, network.bob, strict.pk)


def test_records_are_listed_between_two_dates(network):
    create_record(network.alice, meeting(held_on="2025-01-15"))
    create_record(network.alice, meeting(held_on="2025-06-30"))
    create_record(network.alice, meeting(held_on="2026-01-01"))
    assert len(list_records(MEETINGS, network.alice, dt.date(2025, 1, 1), None)) == 3
    in_2025 = list_records(MEETINGS, network.alice, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert [m.held_on.isoformat() for m in in_2025] == ["2025-01-15", "2025-06-30"]


def test_a_correction_keeps_the_before_and_after_in_the_audit_log(network):
    press = create_record(
        network.alice,
        PressArticleFields(
            outlet="Le Monde", url="https://lemonde.example/a", published_on="2025-03-01"
        ),
    )
    approve_for_publication(network.carol, press)
    correct_record(press, network.dave, {"estimated_readers": 5000, "title": "Clones"})
    press.refresh_from_db()
    assert (press.estimated_readers, press.title) == (5000, "Clones")
    assert not press.approved_for_publication  # what was approved changed
    entry = AuditEntry.objects.filter(object_type="pressarticle", action="change").latest("id")
    assert entry.details["changed"] == {"estimated_readers": [None, 5000], "title": ["", "Clones"]}
    assert entry.details["approval_withdrawn"] is True


def test_a_correction_is_checked_and_limited_to_the_recorders_side(network):
    event = create_record(
        network.alice, EventFields(kind="workshop", title="OSINT", held_on=days_ago(2))
    )
    with pytest.raises(BadInput) as excinfo:
        correct_record(event, network.alice, {"participants": -3})
    assert excinfo.value.field == "participants"
    with pytest.raises(BadInput) as excinfo:
        correct_record(event, network.alice, {"colour": "red"})
    assert excinfo.value.field == "colour"
    with pytest.raises(NotAllowed):
        correct_record(event, network.bob, {"participants": 3})  # Beta did not record it
    correct_record(event, network.alice, {"participants": 12, "organisations": ["Beta"]})
    assert Event.objects.get().participants == 12
    assert [o.short_name for o in Event.objects.get().organisations.all()] == ["Beta"]


def test_only_coordinators_approve_for_publication_and_every_decision_is_audited(network, alert):
    finding = make_finding("welt.pm", "welt.de")
    outcome = record_outcome(alert, network.alice, "removed", days_ago(1))
    event = create_record(
        network.alice, EventFields(kind="training", title="x", held_on=days_ago(1))
    )
    for obj in (alert, finding, outcome, event):
        with pytest.raises(NotAllowed):
            approve_for_publication(network.bob, obj)
        approve_for_publication(network.carol, obj)
        obj.refresh_from_db()
        assert obj.approved_for_publication and obj.approved_by == network.carol
        assert obj.approved_at is not None
    withdraw_publication(network.carol, event)
    event.refresh_from_db()
    assert not event.approved_for_publication and event.approved_by is None
    changes = AuditEntry.objects.filter(action="change", summary__contains="publication")
    assert changes.count() == 5


def test_the_kinds_of_record_have_their_names_for_urls(network):
    assert [k.plural for k in (MEETINGS, PRESS_ARTICLES, BRIEFINGS, EVENTS)] == [
        "meetings",
        "press-articles",
        "briefings",
        "events",
    ]
