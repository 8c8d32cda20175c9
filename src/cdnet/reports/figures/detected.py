"""Figures counted from detector findings (the payload is the record `cdnet detect` printed).

Every figure here counts findings of one detector (two for Doppelganger posts) through
:func:`~cdnet.reports.figures.common.counted_findings`: seen in the period, in the audience, not
rejected by a reviewer. What is counted is a distinct thing named in the payload (a channel, an
ad, an image, a post, an organisation, a platform); the records are the findings that name one.
See docs/figures.md for each definition.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from cdnet.analysis.reference.elections import load_parties
from cdnet.cases.models import Alert, Finding
from cdnet.reports.figure import Audience, Figure, Period, RecordRef
from cdnet.reports.figures.common import (
    audience_q,
    counted_findings,
    finding_ref,
    strings,
    tally,
    text,
)

SECTION = "Findings"
AI_VERDICTS = ("ai-generated", "ai-edited")
DECLARED_POLITICAL = ("political", "issue")
#: Alerts whose actor or title names it tag their coordination findings as Doppelganger.
DOPPELGANGER = "doppelganger"
PARTY_POSTER = "party or candidate account"
OTHER_POSTER = "other or unknown poster"


def _platform(finding: Finding) -> str:
    return (text(finding.payload.get("platform")) or finding.platform).lower()


def _open_note(findings: Iterable[Finding]) -> str:
    waiting = sum(1 for f in findings if getattr(f, "review_decision", None) is None)
    return f" {waiting} of the findings are not reviewed yet." if waiting else ""


def sanctions_channels(period: Period, audience: Audience) -> Figure:
    """Distinct channels (platform, channel id) of ``sanctions`` findings."""
    findings = list(counted_findings("sanctions", period, audience))
    channels = {
        f.pk: (_platform(f), text(f.payload.get("channel_id")) or f.subject) for f in findings
    }
    refs = tuple(
        finding_ref(f, f"{p}:{c} matches {text(f.payload.get('entity_name')) or 'a listed entity'}")
        for f in findings
        for p, c in [channels[f.pk]]
    )
    return Figure(
        key="sanctioned_channels",
        label="Channels violating sanctions",
        value=len(set(channels.values())),
        records=refs,
        unit="channels",
        section=SECTION,
        note="Distinct channels (platform and channel id) matched to the sanctions register "
        "and not rejected by a reviewer." + _open_note(findings),
        breakdown=tally((p, (p, c)) for p, c in channels.values()),
    )


def _reasons(finding: Finding) -> list[str]:
    return strings(finding.payload.get("reasons"))


def unlabelled_ads(period: Period, audience: Audience) -> Figure:
    """Distinct ads of ``undeclared-political-ads`` findings not declared political or issue."""
    findings = [
        f
        for f in counted_findings("undeclared-political-ads", period, audience)
        if text(f.payload.get("declared_category")).lower() not in DECLARED_POLITICAL
    ]
    ads = {f.pk: (_platform(f), text(f.payload.get("ad_id")) or f.subject) for f in findings}
    groups = (
        (
            "state media" if "state-media" in _reasons(f) else "undeclared political content",
            ads[f.pk],
        )
        for f in findings
    )
    return Figure(
        key="unlabelled_io_ads",
        label="Unlabelled influence-operation ads",
        value=len(set(ads.values())),
        records=tuple(
            finding_ref(f, f"ad {ads[f.pk][1]}: {', '.join(_reasons(f))}") for f in findings
        ),
        unit="ads",
        section=SECTION,
        note="Distinct ads declared not political (category none) that the classifier reads as "
        "political or social-issue ads, or that state media ran; ads by state media are counted "
        "apart in the breakdown. Ads honestly declared political are not counted."
        + _open_note(findings),
        breakdown=tally(groups),
    )


@functools.cache
def party_handles() -> frozenset[str]:
    """Handles of the parties and candidates of the shipped registry (lower case, no ``@``)."""
    return frozenset(
        handle
        for party in load_parties()
        if party.kind in ("party", "candidate")
        for handle in party.handles
    )


def by_party(payload: dict[str, Any]) -> bool:
    """Whether the payload names a poster that is a party or candidate account."""
    names = (text(payload.get(k)).lstrip("@").casefold() for k in ("account_id", "account_name"))
    return any(name and name in party_handles() for name in names)


def _unlabelled_ai(finding: Finding) -> bool:
    payload = finding.payload
    return payload.get("verdict") in AI_VERDICTS and payload.get("labelled") is False


def unlabelled_ai_images(period: Period, audience: Audience) -> Figure:
    """Distinct AI images (verdict AI by their metadata) whose post carries no AI label."""
    findings = [f for f in counted_findings("ai-images", period, audience) if _unlabelled_ai(f)]
    images = {f.pk: (_platform(f), text(f.payload.get("image_id")) or f.subject) for f in findings}
    groups = (
        (PARTY_POSTER if by_party(f.payload) else OTHER_POSTER, images[f.pk]) for f in findings
    )
    return Figure(
        key="unlabelled_ai_images",
        label="Unlabelled AI images",
        value=len(set(images.values())),
        records=tuple(
            finding_ref(f, f"image {images[f.pk][1]}: {f.payload.get('verdict')}") for f in findings
        ),
        unit="images",
        section=SECTION,
        note="Distinct images whose own metadata says AI-generated or AI-edited and whose post "
        "carries no AI label, all of them (a dataset of images is usually collected from party "
        "and candidate accounts); those whose poster (account_id or account_name of the images "
        "table) is a party or candidate account of the election registry are in the breakdown.",
        breakdown=tally(groups),
    )


def doppelganger_alerts(audience: Audience) -> Q:
    """Alerts that tag their findings as Doppelganger (actor or title), in the audience."""
    named = Q(actor__icontains=DOPPELGANGER) | Q(title__icontains=DOPPELGANGER)
    return Q(pk__in=Alert.objects.filter(named & audience_q(audience)).values("pk"))


def doppelganger_posts(period: Period, audience: Audience) -> Figure:
    """Distinct posts linking to lookalike domains, plus those of Doppelganger coordination."""
    lookalikes = counted_findings("lookalike-domains", period, audience)
    tagged_alerts = Alert.objects.filter(doppelganger_alerts(audience))
    coordination = counted_findings("coordination", period, audience).filter(
        pk__in=Finding.objects.filter(alerts__in=tagged_alerts).values("pk")
    )
    posts: list[tuple[str, tuple[str, str]]] = []
    refs: list[RecordRef] = []
    for finding in [*lookalikes, *coordination]:
        ids = strings(finding.payload.get("post_ids"))
        if not ids:
            continue  # a domain seen in a list of domains, not in posts
        posts += [(finding.detector, (finding.platform.lower(), post)) for post in ids]
        refs.append(
            finding_ref(finding, f"{finding.detector}: {finding.subject} ({len(ids)} posts)")
        )
    return Figure(
        key="doppelganger_posts",
        label="Doppelganger posts",
        value=len({post for _, post in posts}),
        records=tuple(refs),
        unit="posts",
        section=SECTION,
        note="Distinct posts that link to a lookalike domain (lookalike-domains findings), plus "
        "the posts of coordination findings attached to an alert whose actor or title names "
        "Doppelganger. A post found both ways counts once in the value and under each "
        "detector in the breakdown.",
        breakdown=tally(posts),
    )


def targeted_organisations(period: Period, audience: Audience) -> Figure:
    """Distinct organisations (``org_id``) of ``targeted-organisations`` findings."""
    findings = [
        f
        for f in counted_findings("targeted-organisations", period, audience)
        if text(f.payload.get("org_id")) and f.payload.get("kind", "targeted") == "targeted"
    ]
    orgs = {f.pk: text(f.payload.get("org_id")) for f in findings}
    bombed = {orgs[f.pk] for f in findings if f.payload.get("tag_bombing") is True}
    return Figure(
        key="organisations_targeted",
        label="Organisations targeted",
        value=len(set(orgs.values())),
        records=tuple(
            finding_ref(f, f"{text(f.payload.get('name')) or orgs[f.pk]}") for f in findings
        ),
        unit="organisations",
        section=SECTION,
        note="Distinct organisations of the registry that posts or e-mails tagged or wrote to; "
        "the breakdown says how many were tag-bombed.",
        breakdown=tally(("tag-bombed" if o in bombed else "named", o) for o in orgs.values()),
    )


def election_silence(period: Period, audience: Audience) -> Figure:
    """Distinct posts of ``election-silence`` findings, per election."""
    findings = list(counted_findings("election-silence", period, audience))
    posts = {
        f.pk: (f.platform.lower(), text(f.payload.get("post_id")) or f.subject) for f in findings
    }
    per_election = ((text(f.payload.get("election_id")), posts[f.pk]) for f in findings)
    return Figure(
        key="election_silence_violations",
        label="Election-silence violations",
        value=len(set(posts.values())),
        records=tuple(
            finding_ref(
                f,
                f"post {posts[f.pk][1]}: {text(f.payload.get('violation'))} "
                f"({text(f.payload.get('election_id'))})",
            )
            for f in findings
        ),
        unit="posts",
        section=SECTION,
        note="Distinct posts published in an election's silence or poll-ban window that "
        "campaign or publish polls, per election.",
        breakdown=tally(per_election),
    )


def platform_key(name: str) -> str:
    """``TikTok`` = ``tiktok``: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", name.casefold())


def reporting_shortfalls(period: Period, audience: Audience) -> Figure:
    """Distinct platforms with at least one shortfall in a ``notice-action`` audit."""
    findings = [
        f
        for f in counted_findings("notice-action", period, audience)
        if strings(f.payload.get("shortfalls"))
    ]
    platforms = {f.pk: platform_key(text(f.payload.get("platform")) or f.subject) for f in findings}
    return Figure(
        key="platforms_falling_short",
        label="Platforms whose reporting tools fell short",
        value=len(set(platforms.values())),
        records=tuple(
            finding_ref(
                f,
                f"{text(f.payload.get('platform')) or f.subject}: "
                f"{len(strings(f.payload.get('shortfalls')))} shortfalls",
            )
            for f in findings
        ),
        unit="platforms",
        section=SECTION,
        note="Distinct platforms (case and punctuation ignored) whose notice-and-action audit "
        "found at least one shortfall: acknowledgements, time to decision or undecided notices.",
    )


FIGURES = {
    "sanctioned_channels": sanctions_channels,
    "unlabelled_io_ads": unlabelled_ads,
    "unlabelled_ai_images": unlabelled_ai_images,
    "doppelganger_posts": doppelganger_posts,
    "organisations_targeted": targeted_organisations,
    "election_silence_violations": election_silence,
    "platforms_falling_short": reporting_shortfalls,
}
