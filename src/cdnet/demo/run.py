"""`cdnet demo`: a working network on a fresh data directory, then the web UI.

Creates demo organisations, members and recipients, ingests the bundled demo posts, runs the
lookalike-domains detector, saves its findings, drafts alerts in several states, sends one through
a local SMTP sink and records an outcome. A second run reuses what the first one made.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from importlib import resources
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rich.console import Console

from cdnet.cases import casework, workflow
from cdnet.cases.alerts import AlertContent, create_alert
from cdnet.cases.datasets import register_dataset
from cdnet.cases.detection import detect_on_dataset
from cdnet.cases.models import Alert, Dataset, Finding
from cdnet.demo.mailsink import MailSink
from cdnet.demo.seed import DEMO_USERS, DemoPeople, is_seeded, password_for, seed_people
from cdnet.dispatch.services import dispatch_alert
from cdnet.dispatch.worker import drain, start_worker_thread
from cdnet.impact.services import record_outcome

console = Console(stderr=True, soft_wrap=True)


def demo_posts() -> Path:
    return Path(str(resources.files("cdnet") / "data" / "demo" / "posts.csv"))


def _ingest_demo() -> Dataset:
    return register_dataset(demo_posts(), "Demo posts (Doppelganger-style)", None)


def _detect(dataset: Dataset) -> int:
    return detect_on_dataset(dataset, "lookalike-domains").saved


def _by_imitated() -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in Finding.objects.filter(detector="lookalike-domains"):
        imitated = finding.payload.get("imitates")
        if imitated:  # a known redirect domain or site of concern imitates no one
            groups[str(imitated)].append(finding)
    return groups


def _alerts(people: DemoPeople) -> list[tuple[Alert, str]]:
    """Alerts in several states: sent with an outcome, approved, in review, changes, draft."""
    groups = sorted(_by_imitated().items(), key=lambda kv: -len(kv[1]))[:5]
    alerts: list[tuple[Alert, str]] = []
    states = ("sent", "approved", "in_review", "changes_requested", "draft")
    for (imitated, findings), state in zip(groups, states, strict=False):
        domains = ", ".join(sorted({f.subject for f in findings})[:5])
        content = AlertContent(
            title=f"Doppelganger-style clones of {imitated}",
            summary=f"Inauthentic accounts share links to **{domains}**, lookalikes of "
            f"{imitated} that copy its design and publish fabricated articles.",
            tlp="AMBER" if state != "sent" else "GREEN",
            techniques=sorted({t.external_id for f in findings for t in f.techniques.all()}),
            actor="Doppelganger operation",
            attribution="state_linked",
            attribution_confidence="medium",
            platforms=["x", "facebook"],
            recommended_actions="Remove the posts and block links to the clone domains.",
        )
        author = people.alice if state != "in_review" else people.dan
        alert = create_alert(author, content, findings)
        _advance(alert, state, people)
        alerts.append((alert, state))
    return alerts


def _case(people: DemoPeople) -> None:
    """An open investigation of the clones of German outlets, claimed and discussed."""
    german = [
        f for f in Finding.objects.all() if str(f.payload.get("imitates", "")).endswith(".de")
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


def _send(alert: Alert, people: DemoPeople) -> None:
    """E-mail an approved alert through the sink and record the platform's answer."""
    dispatch_alert(alert, people.recipients[:2], people.carol)
    drain()  # the worker's job, done here at once so the demo starts with a sent alert
    alert.refresh_from_db()
    if alert.state == "sent":
        yesterday = (timezone.now() - dt.timedelta(days=1)).date()
        record_outcome(alert, people.carol, "removed", yesterday, "Platform took the pages down.")


def _print_logins() -> None:
    console.print("\n[bold]Demo logins[/] (username / password):")
    for username, org, role in DEMO_USERS:
        console.print(f"  {username:<6} / {password_for(username):<12} {role} at {org}")


def build() -> None:
    """Create the demo data unless it exists."""
    if is_seeded():
        console.print("Demo data found: reusing it.")
        return
    with transaction.atomic():  # all of it or nothing: a failed run leaves no half demo
        with console.status("Creating organisations, members and recipients…"):
            people = seed_people()
        with console.status("Ingesting the demo posts…"):
            dataset = _ingest_demo()
        console.print(f"Ingested {dataset.rows} posts into {dataset.path}")
        with console.status("Running the lookalike-domains detector…"):
            saved = _detect(dataset)
        console.print(f"Saved {saved} findings")
        with console.status("Opening a case, drafting and reviewing alerts…"):
            _case(people)
            alerts = _alerts(people)
    with console.status("Sending an alert through the local mail sink…"):
        for alert, state in alerts:
            if state == "sent":
                _send(alert, people)
    console.print(f"Created {len(alerts)} alerts: " + ", ".join(a.state for a, _ in alerts))


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
