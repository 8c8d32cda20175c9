"""`cdnet demo`: a network with a year of work behind it on a fresh data directory, then the UI.

The demo replays last year (and this January, once it has passed) through the real services,
each step at its date on the demo clock (:mod:`cdnet.demo.clock`): organisations join, members
upload datasets and run the detectors (sanctions, targeted-organisations, lookalike-domains,
ai-images, election-silence, undeclared-political-ads, notice-action), alerts are reviewed and
sent through a local SMTP sink, some flagged through the Rapid Response System, outcomes,
meetings, press, briefings and trainings are recorded (:mod:`cdnet.demo.year`,
:mod:`cdnet.demo.election`, :mod:`cdnet.demo.audits`, :mod:`cdnet.demo.impact`). Today's work
is open: a case and alerts in every state of review. The yearly report of last year is full.
A second run reuses what the first one made.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction
from rich.console import Console

from cdnet.cases import casework, workflow
from cdnet.cases.alerts import AlertContent, create_alert
from cdnet.cases.models import Alert, Finding
from cdnet.demo import audits, election, impact
from cdnet.demo.clock import Replay
from cdnet.demo.mailsink import MailSink
from cdnet.demo.seed import DEMO_USERS, DemoPeople, is_seeded, password_for, seed_people
from cdnet.demo.year import Year, doppelganger, overload, sanctions, techniques, unreported
from cdnet.dispatch.models import RrsFlag
from cdnet.dispatch.worker import start_worker_thread
from cdnet.impact.models import Outcome

console = Console(stderr=True, soft_wrap=True)
#: The states of today's open alerts, one each.
OPEN_STATES = ("approved", "in_review", "changes_requested", "draft")


def _open_alerts(year: Year) -> list[Alert]:
    """Today: clones no alert reported yet, in every state of review but sent."""
    people = year.people
    alerts: list[Alert] = []
    for findings, state in zip(unreported(year), OPEN_STATES, strict=False):
        imitated = str(findings[0].payload.get("imitates"))
        domains = ", ".join(sorted({f.subject for f in findings})[:5])
        content = AlertContent(
            title=f"Doppelganger-style clones of {imitated}",
            summary=f"Inauthentic accounts share links to **{domains}**, lookalikes of "
            f"{imitated} that copy its design and publish fabricated articles.",
            tlp="AMBER",
            techniques=techniques(findings),
            actor="Doppelganger operation",
            attribution="state_linked",
            attribution_confidence="medium",
            platforms=["x", "facebook"],
            recommended_actions="Remove the posts and block links to the clone domains.",
        )
        author = people.alice if state != "in_review" else people.dan
        alert = create_alert(author, content, findings)
        _advance(alert, state, people)
        alerts.append(alert)
    return alerts


def _case(people: DemoPeople) -> None:
    """An open investigation of the clones of German outlets, claimed and discussed."""
    german = [
        f
        for f in Finding.objects.filter(detector="lookalike-domains")
        if str(f.payload.get("imitates", "")).endswith(".de")
    ]
    case = casework.open_case(
        people.alice,
        "Doppelganger clones of German news sites",
        "Clones of German outlets shared by clusters of new accounts within seconds. "
        "Who runs the redirect domains?",
        "AMBER",
        german,
    )
    casework.claim(case, people.alice)
    casework.add_task(case, people.alice, "Archive every clone page as evidence", people.alice)
    casework.add_task(case, people.alice, "List the accounts that shared the links")
    casework.comment(case, people.alice, "@bob could your lab check the redirect chains?")


def _advance(alert: Alert, state: str, people: DemoPeople) -> None:
    author = alert.created_by
    if state == "draft":
        return
    workflow.submit_for_review(alert, author)
    if state == "in_review":
        return
    if state == "changes_requested":
        workflow.review(alert, people.bob, "request_changes", "Add the accounts that shared it.")
        return
    workflow.review(alert, people.bob, "approve", "Evidence checked.")


def _replay(year: Year) -> None:
    steps = (
        ("February: mirrors of sanctioned outlets…", sanctions),
        ("April: fact-checkers tag-bombed…", overload),
        ("June: Doppelganger clones…", doppelganger),
        ("June: the election, RRS flags, AI images, the silence…", election.run),
        ("Autumn: undeclared political ads, the notices audit…", audits.run),
        ("Meetings, press, briefings, trainings…", impact.run),
    )
    for message, step in steps:
        with console.status(message):
            step(year)


def _summary(year: Year, open_alerts: list[Alert]) -> None:
    sent = [a for a in year.alerts.values() if a.state == "sent"]
    console.print(
        f"Replayed {year.replay.year}: {Finding.objects.count()} findings, {len(sent)} alerts "
        f"sent, {RrsFlag.objects.count()} RRS flags, {Outcome.objects.count()} outcomes"
    )
    console.print(
        f"Open today: {len(open_alerts)} alerts: " + ", ".join(a.state for a in open_alerts)
    )


def build() -> None:
    """Create the demo data unless it exists; all of it or nothing."""
    if is_seeded():
        console.print("Demo data found: reusing it.")
        return
    replay = Replay.for_today()
    with transaction.atomic():  # a failed run leaves no half demo
        with console.status("Organisations and members joining over the years…"):
            year = Year(people=seed_people(replay), replay=replay)
        _replay(year)
        with console.status("Today: a case and alerts under review…"):
            _case(year.people)
            open_alerts = _open_alerts(year)
    _summary(year, open_alerts)


def _print_logins() -> None:
    console.print("\n[bold]Demo logins[/] (username / password):")
    for username, org, role in DEMO_USERS:
        console.print(f"  {username:<6} / {password_for(username):<12} {role} at {org}")


def run_demo(port: int, serve_ui: bool) -> None:
    sink = MailSink(Path(settings.HOME) / "demo-mail")
    sink.start()
    console.print(f"Demo mail sink on 127.0.0.1:{sink.port}; messages land in {sink.folder}")
    try:
        build()
        _print_logins()
        if serve_ui:
            from cdnet.web.server import serve_forever

            _, stop_worker = start_worker_thread()
            console.print("The worker runs in this process: messages you send are delivered.")
            console.print(f"\nOpen http://127.0.0.1:{port}/ and log in.")
            try:
                serve_forever("127.0.0.1", port)
            finally:
                stop_worker.set()
    finally:
        sink.stop()
