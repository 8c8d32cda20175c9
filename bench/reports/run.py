"""How long the yearly report takes as the records grow.

Builds a network year of synthetic records straight into a fresh app database (bulk inserts,
not the services: this measures reading, not writing): findings of every detector the figures
count, sent alerts with DISARM techniques, RRS flags, outcomes of every kind, meetings, press
articles and trainings. Then times, for the network and the public audience,
``compute_figures`` for the year, ``build_report`` (figures, charts, Code of Practice table,
outcomes) and each rendering (Markdown, HTML, PDF, Navigator layer).

No peer tool produces such a report, so the figures are absolute times on this machine.

    .venv/bin/python bench/reports/run.py [--scale 1 2 5] [--database-url postgres://...]
        [--out bench/results/reports.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DETECTORS = {
    "sanctions": lambda i: {"channel_id": f"ch{i % 700}", "platform": "telegram"},
    "undeclared-political-ads": lambda i: {"ad_id": f"ad{i}", "declared": "none"},
    "ai-images": lambda i: {"image_id": f"img{i}", "verdict": "ai-generated", "labelled": False},
    "lookalike-domains": lambda i: {"domain": f"clone{i % 300}.example", "post_ids": [f"p{i}"]},
    "targeted-organisations": lambda i: {"org_id": f"org{i % 800}", "messages": 3},
    "election-silence": lambda i: {"post_id": f"s{i}", "election_id": "fr-2025-06-29"},
}
TECHNIQUES = ["T0097.202", "T0149.003", "T0049.005", "T0002", "T0086.002", "T0018"]


def _setup(database_url: str | None, home: Path) -> None:
    os.environ["CDNET_HOME"] = str(home)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    from cdnet.web import djangosetup

    djangosetup.setup()


def _when(rng: random.Random, year: int) -> dt.datetime:
    return dt.datetime(year, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=rng.randrange(525_000))


def populate(scale: int, year: int) -> dict[str, int]:
    """Bulk-insert one year of records at ``scale`` (1 = the network's year: ~10,000 findings)."""
    from django.contrib.auth.models import User

    from cdnet.cases.models import Alert, AlertEvent, Finding, Technique
    from cdnet.dispatch.models import Election, RrsFlag
    from cdnet.impact.models import Event, Meeting, Outcome, OutcomeKind, PressArticle

    rng = random.Random(scale)
    user, _ = User.objects.get_or_create(username="bench")
    tlps = ["CLEAR", "GREEN", "AMBER"]
    findings = [
        Finding(
            detector=name,
            subject=f"{name}-{i}",
            score=0.9,
            explanation="synthetic",
            payload={"detector": name, **make(i)},
            platform=rng.choice(["x", "facebook", "telegram", "tiktok"]),
            first_seen=_when(rng, year),
            tlp=rng.choice(tlps),
            fingerprint=f"{scale}-{name}-{i}",
        )
        for name, make in DETECTORS.items()
        for i in range(1_700 * scale)
    ]
    Finding.objects.bulk_create(findings, batch_size=2_000)
    techniques = [Technique.objects.get_or_create(external_id=t)[0] for t in TECHNIQUES]
    alerts = Alert.objects.bulk_create(
        Alert(title=f"alert {i}", summary="s", state="sent", tlp=rng.choice(tlps),
              platforms=[rng.choice(["x", "facebook"])], target_countries=["FR"], created_by=user)
        for i in range(40 * scale)
    )  # fmt: skip
    for alert in alerts:
        alert.techniques.set(rng.sample(techniques, 2))
    events = AlertEvent.objects.bulk_create(
        AlertEvent(alert=a, actor=user, from_state="approved", to_state="sent") for a in alerts
    )
    for event in events:
        AlertEvent.objects.filter(pk=event.pk).update(at=_when(rng, year))
    election, _ = Election.objects.get_or_create(
        election_id="fr-2025-06-29", defaults={"country": "FR", "polling_day": dt.date(year, 6, 29)}
    )
    RrsFlag.objects.bulk_create(
        RrsFlag(alert=a, election=election, platform="x", country="FR", policy="p",
                contact_person="c", contact_email="c@platform.example", created_by=user,
                sent_at=_when(rng, year))
        for a in alerts[: 10 * scale]
    )  # fmt: skip
    kinds = list(OutcomeKind.values)
    Outcome.objects.bulk_create(
        Outcome(alert=rng.choice(alerts), kind=(k := rng.choice(kinds)), subject=f"u{i}",
                countries=["DE"] if k == "geo_restricted" else [], platform="x",
                occurred_on=_when(rng, year).date(), recorded_by=user, tlp=rng.choice(tlps))
        for i in range(300 * scale)
    )  # fmt: skip
    day = lambda: _when(rng, year).date()  # noqa: E731
    Meeting.objects.bulk_create(
        Meeting(institution="EC", held_on=day(), topic="t", recorded_by=user)
        for _ in range(scale * 30)
    )
    PressArticle.objects.bulk_create(
        PressArticle(outlet="o", url="https://press.example/a", published_on=day(),
                     estimated_readers=1000, recorded_by=user)
        for _ in range(scale * 60)
    )  # fmt: skip
    Event.objects.bulk_create(
        Event(kind="training", title="DISARM", held_on=day(), disarm=True, participants=20,
              recorded_by=user)
        for _ in range(scale * 20)
    )  # fmt: skip
    return {"findings": len(findings), "alerts": len(alerts), "outcomes": 300 * scale}


def timed(step: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = step()
    return time.perf_counter() - start, result


def measure(year: int) -> list[tuple[str, str, float]]:
    from cdnet.reports.annual.document import build_report
    from cdnet.reports.annual.export import render
    from cdnet.reports.figure import Audience, Period
    from cdnet.reports.figures import compute_figures

    rows = []
    for audience in (Audience.NETWORK, Audience.PUBLIC):
        seconds, _ = timed(lambda a=audience: compute_figures(Period.year(year), a))
        rows.append((audience.value, "compute_figures", seconds))
        seconds, report = timed(lambda a=audience: build_report(year, a))
        rows.append((audience.value, "build_report", seconds))
        for fmt in ("md", "html", "pdf", "navigator"):
            seconds, _ = timed(lambda r=report, f=fmt: render(r, f))
            rows.append((audience.value, f"render {fmt}", seconds))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, nargs="+", default=[1, 2, 5])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "reports.md")
    args = parser.parse_args()
    year = 2025
    with tempfile.TemporaryDirectory(prefix="cdnet-bench-reports-") as tmp:
        _setup(args.database_url, Path(tmp))
        from django.core.management import call_command

        lines = ["| records | audience | step | seconds |", "|---|---|---|---|"]
        for scale in args.scale:
            call_command("flush", interactive=False, verbosity=0)
            counts = populate(scale, year)
            label = ", ".join(f"{v:,} {k}" for k, v in counts.items())
            for audience, step, seconds in measure(year):
                lines.append(f"| {label} | {audience} | {step} | {seconds:.2f} |")
                print(lines[-1])
    database = "PostgreSQL" if args.database_url else "SQLite"
    text = (
        "# The yearly report as records grow\n\n"
        f"Made by `bench/reports/run.py` on {database} (2 cores). Scale 1 is roughly the "
        "network's year (about 10,000 findings, 40 alerts, 300 outcomes); the step times are "
        "one run each.\n\n" + "\n".join(lines) + "\n"
    )
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
