"""Demo organisations, members and recipients (fictional; e-mail goes to the local sink).

The network grows over the demo year: three organisations founded it the year before, others
joined during the year (two of them outside the EU besides the Moldovan founder). Each joins at
its date on the demo clock, with ``joined_on`` set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User

from cdnet.demo.clock import Replay, clock_at
from cdnet.network.models import Organisation, Recipient
from cdnet.network.services import add_member, add_organisation, add_recipient, find_user

# name, short name, country, joined (template date: year, month, day)
DEMO_ORGS = (
    ("Demo Fact-Check France", "DFF", "FR", (2023, 9, 4)),
    ("Demo Research Lab Berlin", "DRLB", "DE", (2023, 9, 4)),
    ("Demo Media Observatory Chisinau", "DMOC", "MD", (2023, 9, 4)),
    ("Demo Fact-Check Warsaw", "DFCW", "PL", (2024, 3, 4)),
    ("Demo Journalism School Milan", "DJSM", "IT", (2024, 5, 13)),
    ("Demo Civic Tech Kyiv", "DCTK", "UA", (2024, 9, 2)),
    ("Demo Media Literacy Centre Tbilisi", "DMLT", "GE", (2024, 11, 4)),
)
# username, organisation short name, role (each joins with the organisation, unless listed in
# LATER_JOINERS)
DEMO_USERS = (
    ("alice", "DFF", "analyst"),
    ("bob", "DRLB", "reviewer"),
    ("carol", "DFF", "coordinator"),
    ("dan", "DMOC", "analyst"),
    ("admin", "DRLB", "admin"),
    ("erin", "DFCW", "analyst"),
    ("frank", "DJSM", "analyst"),
    ("gala", "DCTK", "analyst"),
    ("hugo", "DMLT", "analyst"),
    ("ines", "DFF", "reviewer"),
)
#: People who joined after their organisation (template date).
LATER_JOINERS = {"ines": (2024, 2, 12)}
# name, category, e-mail, country, details (fictional; every address is under .example)
DEMO_RECIPIENTS: tuple[tuple[str, str, str, str, dict[str, Any]], ...] = (
    (
        "Example Platform — Trust & Safety",
        "platform",
        "trust-safety@platform.example",
        "",
        {"platform": "x", "languages": ["en"], "max_tlp": "AMBER", "role": "trust and safety"},
    ),
    (
        "Example Platform — RRS contact",
        "platform",
        "rrs@platform.example",
        "",
        {"platform": "x", "is_rrs_contact": True, "languages": ["en"], "topics": ["elections"]},
    ),
    (
        "Example Social Network — RRS contact",
        "platform",
        "rrs@social.example",
        "",
        {"platform": "facebook", "is_rrs_contact": True, "languages": ["en"]},
    ),
    (
        "Digital Services Coordinator (demo, FR)",
        "government",
        "dsc@authority-fr.example",
        "FR",
        {"role": "Digital Services Coordinator", "languages": ["fr"], "countries": ["FR"]},
    ),
    (
        "Digital Services Coordinator (demo, DE)",
        "government",
        "dsc@authority-de.example",
        "DE",
        {"role": "Digital Services Coordinator", "languages": ["de"], "countries": ["DE"]},
    ),
    (
        "EU institution desk (demo)",
        "eu_institution",
        "desk@eu-institution.example",
        "",
        {"max_tlp": "AMBER+STRICT", "topics": ["fimi", "elections"]},
    ),
    (
        "Example Social Network — Ads integrity",
        "platform",
        "ads-integrity@social.example",
        "",
        {"platform": "facebook", "languages": ["en"], "max_tlp": "AMBER", "topics": ["ads"]},
    ),
    (
        "Example Video Platform — Trust & Safety",
        "platform",
        "trust-safety@video.example",
        "",
        {"platform": "youtube", "languages": ["en"], "max_tlp": "AMBER"},
    ),
    (
        "Example Messenger — Abuse desk",
        "platform",
        "abuse@messenger.example",
        "",
        {"platform": "telegram", "languages": ["en"], "max_tlp": "GREEN"},
    ),
    (
        "Advocacy group (demo)",
        "advocacy",
        "team@advocacy.example",
        "",
        {"max_tlp": "GREEN"},
    ),
)


def password_for(username: str) -> str:
    return f"demo-{username}"


@dataclass(frozen=True)
class DemoPeople:
    alice: User
    bob: User
    carol: User
    dan: User
    recipients: list[Recipient]

    def recipient(self, email: str) -> Recipient:
        return next(r for r in self.recipients if r.email == email)

    def recipients_at(self, *emails: str) -> list[Recipient]:
        return [self.recipient(email) for email in emails]


def is_seeded() -> bool:
    return Organisation.objects.filter(name=DEMO_ORGS[0][0]).exists()


def _join_organisations(replay: Replay) -> dict[str, Organisation]:
    orgs: dict[str, Organisation] = {}
    for name, short, country, (year, month, day) in DEMO_ORGS:
        moment = replay.at(month, day, 9, year=year)
        with clock_at(moment):
            orgs[short] = add_organisation(name, country, short, joined_on=moment.date())
    return orgs


def _join_people(replay: Replay, orgs: dict[str, Organisation]) -> None:
    joined = {short: (year, month, day) for _, short, _, (year, month, day) in DEMO_ORGS}
    for username, org, role in DEMO_USERS:
        year, month, day = LATER_JOINERS.get(username, joined[org])
        moment = replay.at(month, day, 10, year=year)
        with clock_at(moment):
            email = f"{username}@demo.example"
            add_member(
                username, orgs[org], role, password_for(username), email, joined_on=moment.date()
            )


def seed_people(replay: Replay | None = None) -> DemoPeople:
    replay = replay or Replay.for_today()
    orgs = _join_organisations(replay)
    _join_people(replay, orgs)
    with clock_at(replay.at(1, 8, 9, year=2024)):
        recipients = [
            add_recipient(name, category, email, country, **details)
            for name, category, email, country, details in DEMO_RECIPIENTS
        ]
    return DemoPeople(
        alice=find_user("alice"),
        bob=find_user("bob"),
        carol=find_user("carol"),
        dan=find_user("dan"),
        recipients=recipients,
    )
