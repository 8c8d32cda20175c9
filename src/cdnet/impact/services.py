"""The impact services in one place: outcomes, advocacy and capacity records, publication.

The work is done in :mod:`cdnet.impact.outcomes`, :mod:`cdnet.impact.records` (with the fields of
:mod:`cdnet.impact.advocacy` and :mod:`cdnet.impact.capacity`) and :mod:`cdnet.impact.publication`.
"""

from __future__ import annotations

from cdnet.impact.advocacy import (
    BRIEFINGS,
    EVIDENCE_SUBMISSIONS,
    INTRODUCTIONS,
    MEETINGS,
    PRESS_ARTICLES,
    BriefingFields,
    EvidenceSubmissionFields,
    IntroductionFields,
    MeetingFields,
    PressArticleFields,
)
from cdnet.impact.capacity import EVENTS, EventFields
from cdnet.impact.outcomes import (
    OutcomeFilter,
    first_sent_at,
    list_outcomes,
    outcomes_for_subject,
    record_outcome,
    time_to_action,
)
from cdnet.impact.publication import approve_for_publication, publishable, withdraw_publication
from cdnet.impact.records import (
    KINDS,
    RecordFields,
    RecordKind,
    correct_record,
    create_record,
    find_kind,
    get_record,
    list_records,
)

__all__ = [
    "BRIEFINGS",
    "EVENTS",
    "EVIDENCE_SUBMISSIONS",
    "INTRODUCTIONS",
    "KINDS",
    "MEETINGS",
    "PRESS_ARTICLES",
    "BriefingFields",
    "EventFields",
    "EvidenceSubmissionFields",
    "IntroductionFields",
    "MeetingFields",
    "OutcomeFilter",
    "PressArticleFields",
    "RecordFields",
    "RecordKind",
    "approve_for_publication",
    "correct_record",
    "create_record",
    "find_kind",
    "first_sent_at",
    "get_record",
    "list_outcomes",
    "list_records",
    "outcomes_for_subject",
    "publishable",
    "record_outcome",
    "time_to_action",
    "withdraw_publication",
]
