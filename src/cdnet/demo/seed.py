"""Demo organisations, members and recipients (fictional; e-mail goes to the local sink)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User

from cdnet.network.models import Organisation, Recipient
from cdnet.network.services import add_member, add_organisation, add_recipient, find_user

DEMO_ORGS = (
    ("Demo Fact-Check France", "DFF", "FR"),
    ("Demo Research Lab Berlin", "DRLB", "DE"),
    ("Demo Media Observatory Chisinau", "DMOC", "MD"),
)
# username, organisation short name, role
DEMO_USERS = (
    ("alice", "DFF", "analyst"),
    ("bob", "DRLB", "reviewer"),
    ("carol", "DFF", "coordinator"),
    ("dan", "DMOC", "analyst"),
    ("admin", "DRLB", "admin"),
)
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


def is_seeded() -> bool:
    return Organisation.objects.filter(name=DEMO_ORGS[0][0]).exists()


def seed_people() -> DemoPeople:
    orgs = {short: add_organisation(name, country, short) for name, short, country in DEMO_ORGS}
    for username, org, role in DEMO_USERS:
        add_member(username, orgs[org], role, password_for(username), f"{username}@demo.example")
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
