"""Demo organisations, members and recipients (fictional; e-mail goes to the local sink)."""

from __future__ import annotations

from dataclasses import dataclass

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
DEMO_RECIPIENTS = (
    ("Example Platform — Trust & Safety", "platform", "trust-safety@platform.example", ""),
    ("Example Video Platform — RRS contact", "platform", "rrs@video.example", ""),
    ("Digital Services Coordinator (demo, FR)", "government", "dsc@authority-fr.example", "FR"),
    ("EU institution desk (demo)", "eu_institution", "desk@eu-institution.example", ""),
    ("Advocacy group (demo)", "advocacy", "team@advocacy.example", ""),
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
    recipients = [add_recipient(*row) for row in DEMO_RECIPIENTS]
    return DemoPeople(
        alice=find_user("alice"),
        bob=find_user("bob"),
        carol=find_user("carol"),
        dan=find_user("dan"),
        recipients=recipients,
    )
