"""Advocacy and reach: meetings with officials, evidence submitted, press, briefings,
introductions. Each is created with :func:`cdnet.impact.records.create_record` from the fields
below (validated, errors name the field) and corrected with ``correct_record``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar

from django.contrib.auth.models import User

from cdnet.analysis.reference.elections import load_calendar
from cdnet.dispatch.models import Election
from cdnet.errors import BadInput
from cdnet.impact import checks
from cdnet.impact.models import Briefing, EvidenceSubmission, Introduction, Meeting, PressArticle
from cdnet.impact.records import RecordFields, RecordKind, register

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
LONG = 10_000


@dataclass(kw_only=True)
class MeetingFields(RecordFields):
    institution: str
    held_on: dt.date | str
    topic: str
    country: str = ""
    officials: str = ""
    note: str = ""
    alert_ids: list[int] = field(default_factory=list)
    participants: list[str | int] = field(default_factory=list)

    RELATIONS: ClassVar[dict[str, tuple[str, str]]] = {
        "alert_ids": ("alerts", "alerts"),
        "participants": ("participants", "organisations"),
    }

    def scalars(self, user: User) -> dict[str, Any]:
        return {
            "institution": checks.text(self.institution, "institution"),
            "held_on": checks.past_date(self.held_on, "held_on"),
            "topic": checks.text(self.topic, "topic", limit=500),
            "country": checks.country(self.country),
            "officials": checks.text(self.officials, "officials", required=False, limit=LONG),
            "note": checks.text(self.note, "note", required=False, limit=LONG),
        }


@dataclass(kw_only=True)
class EvidenceSubmissionFields(RecordFields):
    authority: str
    submitted_on: dt.date | str
    inquiry: str = ""
    country: str = ""
    description: str = ""
    alert_ids: list[int] = field(default_factory=list)

    RELATIONS: ClassVar[dict[str, tuple[str, str]]] = {"alert_ids": ("alerts", "alerts")}

    def scalars(self, user: User) -> dict[str, Any]:
        return {
            "authority": checks.text(self.authority, "authority"),
            "submitted_on": checks.past_date(self.submitted_on, "submitted_on"),
            "inquiry": checks.text(self.inquiry, "inquiry", required=False),
            "country": checks.country(self.country),
            "description": checks.text(self.description, "description", required=False, limit=LONG),
        }


def _language(value: str) -> str:
    clean = value.strip()
    if clean and not _LANGUAGE.match(clean):
        raise BadInput(f"not a language code (like en, fr, de-AT): {value!r}", field="language")
    return clean


def _readers(value: int | str | None) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        readers = int(value)
    except (TypeError, ValueError) as exc:
        raise BadInput(
            f"expected a whole number, got {value!r}", field="estimated_readers"
        ) from exc
    if readers < 0:
        raise BadInput("cannot be negative", field="estimated_readers")
    return readers


@dataclass(kw_only=True)
class PressArticleFields(RecordFields):
    outlet: str
    url: str
    published_on: dt.date | str
    title: str = ""
    language: str = ""
    country: str = ""
    estimated_readers: int | str | None = None
    alert_ids: list[int] = field(default_factory=list)

    RELATIONS: ClassVar[dict[str, tuple[str, str]]] = {"alert_ids": ("alerts", "alerts")}

    def scalars(self, user: User) -> dict[str, Any]:
        return {
            "outlet": checks.text(self.outlet, "outlet"),
            "url": checks.url(self.url, "url", required=True),
            "published_on": checks.past_date(self.published_on, "published_on"),
            "title": checks.text(self.title, "title", required=False, limit=500),
            "language": _language(self.language),
            "country": checks.country(self.country),
            "estimated_readers": _readers(self.estimated_readers),
        }


@lru_cache(maxsize=1)
def _calendar_ids() -> frozenset[str]:
    return frozenset(e.election_id for e in load_calendar())


def check_election(value: str) -> str:
    """An election of the shipped calendar or of the dispatch election table."""
    clean = value.strip()
    if not clean:
        raise BadInput("say which election the briefing was for", field="election_id")
    if clean in _calendar_ids() or Election.objects.filter(election_id=clean).exists():
        return clean
    raise BadInput(
        f"no election {clean!r} in the calendar (see `cdnet elections list`)", field="election_id"
    )


@dataclass(kw_only=True)
class BriefingFields(RecordFields):
    election_id: str
    title: str
    given_on: dt.date | str
    audience: str
    alert_ids: list[int] = field(default_factory=list)

    RELATIONS: ClassVar[dict[str, tuple[str, str]]] = {"alert_ids": ("alerts", "alerts")}

    def scalars(self, user: User) -> dict[str, Any]:
        return {
            "election_id": check_election(self.election_id),
            "title": checks.text(self.title, "title"),
            "given_on": checks.past_date(self.given_on, "given_on"),
            "audience": checks.text(self.audience, "audience"),
        }


@dataclass(kw_only=True)
class IntroductionFields(RecordFields):
    member_organisation: str | int
    institution: str
    made_on: dt.date | str
    country: str = ""
    note: str = ""

    def scalars(self, user: User) -> dict[str, Any]:
        return {
            "member_organisation": checks.organisation_ref(
                self.member_organisation, "member_organisation"
            ),
            "institution": checks.text(self.institution, "institution"),
            "made_on": checks.past_date(self.made_on, "made_on"),
            "country": checks.country(self.country),
            "note": checks.text(self.note, "note", required=False, limit=LONG),
        }


MEETINGS = register(RecordKind("meeting", "Meeting", "meetings", Meeting, MeetingFields, "held_on"))
EVIDENCE_SUBMISSIONS = register(
    RecordKind(
        "evidencesubmission",
        "Evidence submission",
        "evidence-submissions",
        EvidenceSubmission,
        EvidenceSubmissionFields,
        "submitted_on",
    )
)
PRESS_ARTICLES = register(
    RecordKind(
        "pressarticle",
        "Press article",
        "press-articles",
        PressArticle,
        PressArticleFields,
        "published_on",
    )
)
BRIEFINGS = register(
    RecordKind("briefing", "Briefing", "briefings", Briefing, BriefingFields, "given_on")
)
INTRODUCTIONS = register(
    RecordKind(
        "introduction",
        "Introduction",
        "introductions",
        Introduction,
        IntroductionFields,
        "made_on",
    )
)
