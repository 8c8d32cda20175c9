"""Request and response bodies of the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class MeOut(Schema):
    username: str
    role: str | None
    organisation: str | None


class DetectIn(Schema):
    detector: str
    dataset_id: int
    options: dict[str, Any] = {}


class FindingOut(Schema):
    id: int
    detector: str
    subject: str
    score: float
    explanation: str
    disarm: list[str]
    payload: dict[str, Any]
    dataset_id: int | None = None
    dataset_deleted_at: dt.datetime | None = None  # set: the source dataset was deleted


class DetectOut(Schema):
    detector: str
    findings: int
    saved: int


class FindingsIn(Schema):
    findings: list[dict[str, Any]]
    source: str = "api"


class SavedOut(Schema):
    saved: int


class AlertIn(Schema):
    """Draft or revise an alert: its content, its findings, optionally the case it comes from."""

    title: str
    summary: str
    tlp: str = "AMBER"
    pap: str = "AMBER"
    what_happened: str = ""
    target_countries: list[str] = []
    target_elections: list[str] = []
    target_organisations: list[str] = []
    platforms: list[str] = []
    actor: str = ""
    attribution: str = ""
    attribution_confidence: str = ""
    recommended_actions: str = ""
    legally_sensitive: bool = False
    techniques: list[str] = []
    counters: list[str] = []
    finding_ids: list[int] = []
    case_id: int | None = None


class ReviewIn(Schema):
    decision: str
    comment: str = ""


class DispatchIn(Schema):
    recipient_ids: list[int]


class DeliveryOut(Schema):
    id: int
    recipient_id: int
    address: str
    status: str
    message_id: str
    last_error: str
    attempts: int
    sent_at: dt.datetime | None


class OutcomeIn(Schema):
    kind: str
    occurred_on: dt.date
    note: str = ""
    evidence_url: str = ""


class OutcomeOut(Schema):
    id: int
    kind: str
    occurred_on: dt.date
    note: str
    recorded_by: str


class EventOut(Schema):
    at: dt.datetime
    actor: str | None
    from_state: str
    to_state: str
    note: str


class AlertOut(Schema):
    id: int
    title: str
    summary: str
    tlp: str
    state: str
    organisation: str | None
    authors: list[str]
    credits: list[str]
    content: dict[str, Any]
    case_id: int | None
    required_approvals: int
    versions: int
    finding_ids: list[int]
    techniques: list[str]
    deliveries: list[DeliveryOut]
    outcomes: list[OutcomeOut]
    history: list[EventOut]


class TechniqueOut(Schema):
    id: str
    framework: str
    name: str
    summary: str
    counters: list[dict[str, str]]
    finding_ids: list[int]
    alert_ids: list[int]


class VersionOut(Schema):
    number: int
    author: str
    created_at: dt.datetime
    content: dict[str, Any]


class FieldDiffOut(Schema):
    field: str
    before: Any
    after: Any
    unified: str


class CaseIn(Schema):
    title: str
    description: str = ""
    tlp: str = "AMBER"
    finding_ids: list[int] = []


class CaseOut(Schema):
    id: int
    title: str
    description: str
    tlp: str
    state: str
    lead_organisation: str
    participants: list[str]
    claimed_by: str | None
    finding_ids: list[int]
    alert_ids: list[int]
    tasks: list[dict[str, Any]]
    comments: list[dict[str, Any]]
    suggestions: list[dict[str, Any]]


class TextIn(Schema):
    text: str


class ManualFindingIn(Schema):
    """A finding entered by hand: what, why, and the subjects it is about."""

    explanation: str
    score: float = 1.0
    subjects: list[dict[str, str]] = []
    platform: str = ""
    country: str = ""
    language: str = ""
    first_seen: dt.datetime | None = None
    last_seen: dt.datetime | None = None
    tlp: str = "AMBER"
    disarm: list[str] = []
