"""Options and finding of ``targeted-organisations`` (see :mod:`.targeted_organisations`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import Field

from cdnet.analysis.detectors.base import DetectorConfig, Finding

NAME = "targeted-organisations"
DISARM_TARGETED = ["T0049"]  # Flood Information Space
DISARM_TAG_BOMBING = ["T0049", "T0049.005", "T0049.008"]  # + Conduct Swarming, Info Pollution


class Config(DetectorConfig):
    """Options of ``targeted-organisations`` (each is also ``--option`` on the command line)."""

    orgs: Path | None = Field(
        None,
        description="CSV of your own organisations (org_id*, name*, aliases, handles, "
        "email_domains, kind, country): extends the shipped registry; a row with a shipped "
        "org_id replaces that row. Default: none.",
    )
    shipped: bool = Field(
        True,
        description="Use the shipped registry of fact-checkers and newsrooms; --no-shipped with "
        "--orgs uses only your file.",
    )
    emails: Path | None = Field(
        None, description="An .eml folder or .mbox file read as the messages table; default: none."
    )
    min_orgs: int = Field(
        3,
        ge=2,
        description="Tag-bombing: organisations one group of near-identical texts must reach (3).",
    )
    min_copies: int = Field(
        2, ge=1, description="Tag-bombing: posts or e-mails that must carry those texts (2)."
    )
    min_tags: int = Field(
        2,
        ge=1,
        description="Tag-bombing: organisations each post or e-mail must name to count as a "
        "copy (2: a row of tags; 1 also counts a template sent to one newsroom at a time).",
    )
    similarity: float = Field(
        0.7,
        gt=0,
        le=1,
        description="Tag-bombing: texts whose character-shingle Jaccard similarity reaches this "
        "count as one text (0.7: one changed word in a tweet-length text; 1: identical only).",
    )
    unresolved: Literal["none", "co-tagged", "all"] = Field(
        "none",
        description="Extension: also list unresolved handles and addresses as kind=unresolved "
        "lines with null org_id: none (default: one line per organisation only), co-tagged "
        "(those next to a resolved organisation, the likely missing targets) or all.",
    )


class TargetedFinding(Finding):
    """An organisation (or, with kind unresolved, a handle) and the messages that target it."""

    kind: str = Field(description="targeted (an organisation) or unresolved (a handle).")
    org_id: str | None = Field(description="The organisation; null for unresolved handles.")
    name: str | None = Field(description="Its name; null for unresolved handles.")
    messages: int = Field(description="Distinct posts and e-mails.")
    senders: int = Field(description="Distinct accounts and From addresses.")
    first_seen: datetime
    last_seen: datetime
    evidence_ids: list[str] = Field(description="Post and message ids, sorted.")
    matched_on: list[str] = Field(default_factory=list, description="handle, alias, email...")
    handle: str | None = Field(None, description="Unresolved: the handle or e-mail address.")
    platform: str | None = Field(None, description="Unresolved: its platform (email for mail).")
    tag_bombing: bool = Field(False, description="Named in a tag-bombing text group.")
    tag_bombing_ids: list[str] = Field(default_factory=list, description="Those post ids.")
