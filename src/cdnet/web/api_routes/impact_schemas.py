"""Bodies of the impact API: outcomes, advocacy and capacity records, network growth."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class OutcomeIn(Schema):
    """An outcome of a sent alert. ``countries`` only (and required) for geo_restricted."""

    kind: str
    occurred_on: dt.date
    note: str = ""
    evidence_url: str = ""
    subject: str = ""
    platform: str = ""
    countries: list[str] = []
    source: str = "member"
    evidence_ids: list[int] = []
    counters: list[str] = []
    statement_id: str = ""
    tlp: str | None = None


class OutcomeDetailOut(Schema):
    id: int
    alert_id: int
    kind: str
    occurred_on: dt.date
    note: str
    evidence_url: str
    subject: str
    platform: str
    countries: list[str]
    source: str
    evidence_ids: list[int]
    counters: list[str]
    statement_id: str
    tlp: str
    approved_for_publication: bool
    organisation: str | None
    recorded_by: str
    recorded_at: dt.datetime
    time_to_action_days: int | None


class RecordOut(Schema):
    """What every advocacy or capacity record says besides its own fields."""

    id: int
    tlp: str
    approved_for_publication: bool
    approved_by: str | None
    approved_at: dt.datetime | None
    organisation: str | None
    recorded_by: str
    recorded_at: dt.datetime


class MeetingIn(Schema):
    institution: str
    held_on: dt.date
    topic: str
    country: str = ""
    officials: str = ""
    note: str = ""
    alert_ids: list[int] = []
    participants: list[str | int] = []  # member organisations by id, name or short name
    tlp: str = ""


class EvidenceSubmissionIn(Schema):
    authority: str
    submitted_on: dt.date
    inquiry: str = ""
    country: str = ""
    description: str = ""
    alert_ids: list[int] = []
    tlp: str = ""


class PressArticleIn(Schema):
    outlet: str
    url: str
    published_on: dt.date
    title: str = ""
    language: str = ""
    country: str = ""
    estimated_readers: int | None = None
    alert_ids: list[int] = []
    tlp: str = ""


class BriefingIn(Schema):
    election_id: str
    title: str
    given_on: dt.date
    audience: str
    alert_ids: list[int] = []
    tlp: str = ""


class IntroductionIn(Schema):
    member_organisation: str | int
    institution: str
    made_on: dt.date
    country: str = ""
    note: str = ""
    tlp: str = ""


class ImpactEventIn(Schema):
    kind: str  # workshop, presentation, training
    title: str
    held_on: dt.date
    country: str = ""
    disarm: bool = False
    participants: int = 0
    organisations: list[str | int] = []
    external_organisations: list[str] = []
    note: str = ""
    tlp: str = ""


class MeetingOut(MeetingIn, RecordOut):
    pass


class EvidenceSubmissionOut(EvidenceSubmissionIn, RecordOut):
    pass


class PressArticleOut(PressArticleIn, RecordOut):
    pass


class BriefingOut(BriefingIn, RecordOut):
    pass


class IntroductionOut(IntroductionIn, RecordOut):
    pass


class ImpactEventOut(ImpactEventIn, RecordOut):
    pass


class PublicationOut(Schema):
    kind: str
    id: int
    approved_for_publication: bool
    approved_by: str | None
    approved_at: dt.datetime | None


class GrowthOut(Schema):
    on: dt.date
    organisations: int
    organisations_eu: int
    organisations_non_eu: int
    participants: int
    countries: list[str]
    countries_eu: list[str]
    countries_non_eu: list[str]
