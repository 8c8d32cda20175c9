"""What came of the network's work: outcomes, advocacy and reach, capacity building."""

from cdnet.impact.models.advocacy import (
    Briefing,
    EvidenceSubmission,
    Introduction,
    Meeting,
    PressArticle,
)
from cdnet.impact.models.capacity import Event, EventKind
from cdnet.impact.models.common import Reportable
from cdnet.impact.models.outcomes import Outcome, OutcomeKind, OutcomeSource
from cdnet.impact.models.recheck import (
    ImmutableRecheck,
    ProposalState,
    RecheckProposal,
    RecheckResult,
    RecheckState,
    RecheckTarget,
)

__all__ = [
    "Briefing",
    "Event",
    "EventKind",
    "EvidenceSubmission",
    "ImmutableRecheck",
    "Introduction",
    "Meeting",
    "Outcome",
    "OutcomeKind",
    "OutcomeSource",
    "PressArticle",
    "ProposalState",
    "RecheckProposal",
    "RecheckResult",
    "RecheckState",
    "RecheckTarget",
    "Reportable",
]
