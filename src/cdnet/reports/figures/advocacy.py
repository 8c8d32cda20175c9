"""Figures of advocacy, reach and capacity: meetings, evidence, press, briefings, introductions,
workshops and trainings. Each record counts by its own date and its own TLP/publication."""

from __future__ import annotations

from typing import Any, TypeVar

from cdnet.impact.models import (
    Briefing,
    Event,
    EventKind,
    EvidenceSubmission,
    Introduction,
    Meeting,
    PressArticle,
)
from cdnet.impact.models.common import Reportable
from cdnet.reports.figure import Audience, Figure, Period, RecordRef
from cdnet.reports.figures.common import in_audience, on_days, tally, url_of

R = TypeVar("R", bound=Reportable)

ADVOCACY = "Advocacy and reach"
CAPACITY = "Capacity"
EU_LEVEL = "EU level"
#: The date that places each kind of record in a period.
DAY_FIELDS = {
    "meeting": "held_on",
    "evidencesubmission": "submitted_on",
    "pressarticle": "published_on",
    "briefing": "given_on",
    "introduction": "made_on",
    "event": "held_on",
}


def records(model: type[R], day: str, period: Period, audience: Audience) -> list[R]:
    """Records of ``model`` dated (``day``) in the period, in the audience."""
    rows = on_days(in_audience(model._default_manager.all(), audience), day, period)
    return list(rows.order_by(day, "id"))


def ref(kind: str, row: Reportable, label: str) -> RecordRef:
    """A reference to an impact record: its row on the impact page of its year, else its
    admin page."""
    model = str(row._meta.model_name)
    page = url_of("impact")
    day = getattr(row, DAY_FIELDS[model])
    if page:
        return RecordRef(kind, row.pk, label, f"{page}?year={day.year}#{model}-{row.pk}")
    return RecordRef(kind, row.pk, label, url_of(f"admin:impact_{model}_change", row.pk))


def _count(key: str, label: str, rows: list[Any], kind: str, **extra: Any) -> Figure:
    return Figure(
        key=key,
        label=label,
        value=len(rows),
        records=tuple(ref(kind, row, str(row)) for row in rows),
        **extra,
    )


def meetings(period: Period, audience: Audience) -> Figure:
    rows = records(Meeting, "held_on", period, audience)
    return _count(
        "meetings",
        "Meetings with officials",
        rows,
        "meeting",
        unit="meetings",
        section=ADVOCACY,
        note="Meetings held in the period, per country of the institution (EU level when none).",
        breakdown=tally((m.country or EU_LEVEL, m.pk) for m in rows),
    )


def evidence_submissions(period: Period, audience: Audience) -> Figure:
    rows = records(EvidenceSubmission, "submitted_on", period, audience)
    return _count(
        "evidence_submissions",
        "Evidence submissions",
        rows,
        "evidence_submission",
        unit="submissions",
        section=ADVOCACY,
        note="Evidence handed to an authority or inquiry in the period, per country.",
        breakdown=tally((s.country or EU_LEVEL, s.pk) for s in rows),
    )


def press_articles(period: Period, audience: Audience) -> Figure:
    rows = records(PressArticle, "published_on", period, audience)
    return _count(
        "press_articles",
        "Press articles",
        rows,
        "press_article",
        unit="articles",
        section=ADVOCACY,
        note="Articles about the network's work published in the period, per language.",
        breakdown=tally((a.language.lower(), a.pk) for a in rows),
    )


def press_reach(period: Period, audience: Audience) -> Figure:
    rows = records(PressArticle, "published_on", period, audience)
    known = [a for a in rows if a.estimated_readers is not None]
    unknown = len(rows) - len(known)
    return Figure(
        key="press_reach",
        label="Total press reach",
        value=sum(a.estimated_readers or 0 for a in known),
        records=tuple(
            ref("press_article", a, f"{a} ({a.estimated_readers} readers)") for a in known
        ),
        unit="readers",
        section=ADVOCACY,
        note="The sum of the estimated readers of the articles published in the period"
        + (_unknown_readers(unknown) if unknown else "."),
    )


def briefings(period: Period, audience: Audience) -> Figure:
    rows = records(Briefing, "given_on", period, audience)
    return _count(
        "briefings",
        "Election briefings",
        rows,
        "briefing",
        unit="briefings",
        section=ADVOCACY,
        note="Intelligence briefings given in the period, per election.",
        breakdown=tally((b.election_id, b.pk) for b in rows),
    )


def introductions(period: Period, audience: Audience) -> Figure:
    rows = records(Introduction, "made_on", period, audience)
    return _count(
        "introductions",
        "Introductions to officials",
        rows,
        "introduction",
        unit="introductions",
        section=ADVOCACY,
        note="Introductions made in the period between member organisations and officials, "
        "per country of the institution.",
        breakdown=tally((i.country or EU_LEVEL, i.pk) for i in rows),
    )


def events(period: Period, audience: Audience, kind: str) -> list[Event]:
    return [e for e in records(Event, "held_on", period, audience) if e.kind == kind]


def _participants(key: str, label: str, rows: list[Event], **extra: Any) -> Figure:
    return Figure(
        key=key,
        label=label,
        value=sum(e.participants for e in rows),
        records=tuple(ref("event", e, f"{e} ({e.participants} participants)") for e in rows),
        unit="people",
        section=CAPACITY,
        **extra,
    )


def people_trained(period: Period, audience: Audience) -> Figure:
    rows = events(period, audience, EventKind.TRAINING)
    disarm = sum(e.participants for e in rows if e.disarm)
    return _participants(
        "people_trained",
        "People trained",
        rows,
        note="The sum of the participants of the trainings held in the period (a person at two "
        "trainings counts twice); DISARM trainings apart in the breakdown.",
        breakdown={"DISARM": disarm, "other": sum(e.participants for e in rows) - disarm},
    )


def trainings(period: Period, audience: Audience) -> Figure:
    rows = events(period, audience, EventKind.TRAINING)
    return _count(
        "trainings",
        "Trainings",
        rows,
        "event",
        unit="trainings",
        section=CAPACITY,
        note="Trainings held in the period; DISARM trainings apart in the breakdown.",
        breakdown=tally(("DISARM" if e.disarm else "other", e.pk) for e in rows),
    )


def workshops(period: Period, audience: Audience) -> Figure:
    rows = events(period, audience, EventKind.WORKSHOP)
    return _count(
        "workshops",
        "Workshops",
        rows,
        "event",
        unit="workshops",
        section=CAPACITY,
        note="Workshops held in the period, per country (online when none).",
        breakdown=tally((e.country or "online", e.pk) for e in rows),
    )


def workshop_participants(period: Period, audience: Audience) -> Figure:
    rows = events(period, audience, EventKind.WORKSHOP)
    return _participants(
        "workshop_participants",
        "Workshop participants",
        rows,
        note="The sum of the participants of the workshops held in the period.",
    )


def presentations(period: Period, audience: Audience) -> Figure:
    rows = events(period, audience, EventKind.PRESENTATION)
    return _count(
        "presentations",
        "Presentations",
        rows,
        "event",
        unit="presentations",
        section=CAPACITY,
        note="Presentations given in the period.",
    )


FIGURES = {
    "meetings": meetings,
    "evidence_submissions": evidence_submissions,
    "press_articles": press_articles,
    "press_reach": press_reach,
    "briefings": briefings,
    "introductions": introductions,
    "people_trained": people_trained,
    "trainings": trainings,
    "workshops": workshops,
    "workshop_participants": workshop_participants,
    "presentations": presentations,
}


def _unknown_readers(unknown: int) -> str:
    if unknown == 1:
        return "; 1 article with unknown readers is not in the sum."
    return f"; {unknown} articles with unknown readers are not in the sum."
