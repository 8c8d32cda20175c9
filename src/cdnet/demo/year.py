"""The demo year: datasets analysed by the real detectors, alerts sent, platforms' answers.

Each chapter happens at its date of the template year (moved into last year by
:class:`~cdnet.demo.clock.Replay`): a member uploads a dataset, runs a detector, writes an alert
that a reviewer approves and a coordinator sends; outcomes follow days or weeks later. The
election chapters are in :mod:`cdnet.demo.election`, the autumn ones in :mod:`cdnet.demo.audits`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cdnet.cases.alerts import AlertContent
from cdnet.cases.models import Alert, Finding
from cdnet.demo.clock import Replay, clock_at
from cdnet.demo.datasets import analyse, email_folder, moved_copy
from cdnet.demo.seed import DemoPeople
from cdnet.demo.steps import record_outcomes, send_alert
from cdnet.network.services import find_user

PLATFORM_X = "trust-safety@platform.example"
VIDEO = "trust-safety@video.example"
MESSENGER = "abuse@messenger.example"
ADS = "ads-integrity@social.example"
DSC_FR = "dsc@authority-fr.example"
DSC_DE = "dsc@authority-de.example"
EU_DESK = "desk@eu-institution.example"
ADVOCACY = "team@advocacy.example"


@dataclass
class Year:
    """What the chapters share: the people, the calendar, the alerts sent so far by name."""

    people: DemoPeople
    replay: Replay
    alerts: dict[str, Alert] = field(default_factory=dict)
    lookalikes: list[Finding] = field(default_factory=list)
    election_id: str = ""
    calendar: Path | None = None

    def at(self, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
        return self.replay.at(month, day, hour, minute)


def techniques(findings: Iterable[Finding]) -> list[str]:
    return sorted({t.external_id for f in findings for t in f.techniques.all()})


def sanctions(year: Year) -> None:
    """February: channels of sanctioned outlets' mirrors, reported to authorities and platforms."""
    dan = year.people.dan
    with clock_at(year.at(2, 5, 9)):
        channels = moved_copy("channels.csv", year.replay)
        _, found = analyse(
            dan, channels, "Channels sharing RT/Sputnik links (demo)", {"sanctions": None}
        )
    content = AlertContent(
        title="Mirrors of sanctioned outlets still reachable on Telegram, X and YouTube",
        summary=f"{len(found)} channels republish RT, Sputnik and Voice of Europe through "
        "listed mirror domains although the outlets are suspended in the EU.",
        tlp="GREEN",
        target_countries=["DE", "FR", "MD", "CZ"],
        platforms=["telegram", "x", "youtube"],
        actor="RT, Sputnik and Voice of Europe mirrors",
        attribution="state_controlled",
        attribution_confidence="high",
        techniques=techniques(found),
        recommended_actions="Restrict the channels in the EU under Regulation 833/2014.",
    )
    recipients = year.people.recipients_at(DSC_DE, DSC_FR, EU_DESK, PLATFORM_X, VIDEO, MESSENGER)
    alert = send_alert(year.people, year.at(2, 7, 9), content, found, recipients, author=dan)
    year.alerts["sanctions"] = alert
    record_outcomes(year.replay, alert, "sanctions")


def overload(year: Year) -> None:
    """April: fact-checkers tag-bombed with requests to 'verify' fabricated videos."""
    alice = year.people.alice
    with clock_at(year.at(4, 17, 9)):
        posts = moved_copy("overload_posts.csv", year.replay)
        options = {"targeted-organisations": {"emails": str(email_folder(year.replay))}}
        _, found = analyse(alice, posts, "Posts and e-mails to fact-checkers (demo)", options)
    content = AlertContent(
        title="Operation Overload-style tag-bombing of fact-checkers and newsrooms",
        summary=f"Throwaway accounts tag and e-mail {len(found)} fact-checking desks and "
        "newsrooms with near-identical requests to verify fabricated videos.",
        tlp="CLEAR",
        pap="CLEAR",
        target_organisations=sorted(str(f.payload.get("name")) for f in found),
        platforms=["x"],
        actor="Operation Overload (Matryoshka)",
        attribution="state_aligned",
        attribution_confidence="medium",
        techniques=techniques(found),
        recommended_actions="Do not amplify; suspend the throwaway accounts.",
    )
    recipients = year.people.recipients_at(PLATFORM_X, ADVOCACY, EU_DESK)
    alert = send_alert(year.people, year.at(4, 18, 8), content, found, recipients)
    year.alerts["overload"] = alert
    record_outcomes(year.replay, alert, "overload")


def by_imitated(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        imitated = finding.payload.get("imitates")
        if imitated:  # a known redirect domain or site of concern imitates no one
            groups[str(imitated)].append(finding)
    return groups


def _clones(year: Year, ending: str) -> list[Finding]:
    groups = by_imitated(year.lookalikes)
    return [f for imitated, fs in sorted(groups.items()) if imitated.endswith(ending) for f in fs]


def doppelganger(year: Year) -> None:
    """June: the Doppelganger posts of May; French and Italian clones reported."""
    alice = year.people.alice
    with clock_at(year.at(6, 4, 9)):
        posts = moved_copy("posts.csv", year.replay)
        _, found = analyse(
            alice, posts, "Demo posts (Doppelganger-style)", {"lookalike-domains": None}
        )
    year.lookalikes = found
    italian = _clones(year, ".it")
    content = AlertContent(
        title="Doppelganger-style clones of la Repubblica and La Stampa",
        summary="Inauthentic accounts share links to **"
        + ", ".join(sorted({f.subject for f in italian}))
        + "**, lookalikes of Italian newspapers that publish fabricated articles.",
        tlp="AMBER",
        target_countries=["IT"],
        platforms=["x", "facebook"],
        actor="Doppelganger operation",
        attribution="state_linked",
        attribution_confidence="medium",
        techniques=techniques(italian),
        recommended_actions="Remove the posts and block links to the clone domains.",
    )
    frank = find_user("frank")
    alert = send_alert(
        year.people,
        year.at(6, 11, 9),
        content,
        italian,
        year.people.recipients_at(PLATFORM_X),
        author=frank,
    )
    year.alerts["doppelganger-it"] = alert
    record_outcomes(year.replay, alert, "doppelganger-it")


def unreported(year: Year) -> list[list[Finding]]:
    """Groups of lookalike findings no alert of the year reported, largest first."""
    reported = {
        str(f.payload.get("imitates")) for a in year.alerts.values() for f in a.findings.all()
    }
    groups = by_imitated(year.lookalikes)
    left = [fs for imitated, fs in groups.items() if imitated not in reported]
    return sorted(left, key=lambda fs: (-len(fs), fs[0].subject))
