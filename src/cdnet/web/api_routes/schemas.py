"""Request and response bodies of the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class MeOut(Schema):
    username: str
    role: str | None
    organisation: str | None


class RecipientOut(Schema):
    id: int
    name: str
    category: str
    email: str
    country: str


class DatasetOut(Schema):
    id: int
    name: str
    rows: int
    sha256: str
    tables: list[str]


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
    title: str
    summary: str
    tlp: str = "AMBER"
    finding_ids: list[int] = []
    techniques: list[str] = []


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
