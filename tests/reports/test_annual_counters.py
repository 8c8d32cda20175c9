"""The DISARM Blue counters of the yearly report's Code of Practice section: counted from the
alerts sent and the outcomes of the year, per audience, in every format."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass

import pytest
from pypdf import PdfReader

from annual_report_helpers import ALERTS, YEAR, build_year
from cdnet.cases.techniques import resolve_counters
from cdnet.impact.models import Outcome
from cdnet.reports.annual import build_report, render
from cdnet.reports.figure import Audience

LE_MONDE = "Doppelganger clone of Le Monde"  # CLEAR, sent
BOTS = "Coordinated bots amplify"  # AMBER, approved, sent
SECRET = "Secret Telegram network"  # AMBER, not approved: network only

#: the counters put on each alert of annual_report_helpers.ALERTS, by title
ALERT_COUNTERS = {
    LE_MONDE: ("C00012", "C00028"),
    BOTS: ("C00012",),
    SECRET: ("C00053",),
    "Draft never sent": ("C00016",),  # never sent: in no version
}
SECRET_COUNTER = "C00053"


@dataclass(frozen=True)
class OutcomeSpec:
    alert: str
    day: dt.date
    tlp: str
    counters: tuple[str, ...]
    approved: bool = False


OUTCOMES = (
    OutcomeSpec(LE_MONDE, dt.date(YEAR, 4, 2), "CLEAR", ("C00012", "C00028")),
    OutcomeSpec(SECRET, dt.date(YEAR, 10, 1), "AMBER", ("C00053", "C00044")),
    OutcomeSpec(BOTS, dt.date(YEAR, 6, 1), "AMBER", ("C00009",), approved=True),
    OutcomeSpec(LE_MONDE, dt.date(YEAR - 1, 12, 30), "CLEAR", ("C00006",)),
)  # fmt: skip


def public(tlp: str, approved: bool) -> bool:
    return tlp == "CLEAR" or approved


def expected_counters(audience: str) -> dict[str, tuple[int, int]]:
    """counter -> (alerts, outcomes), counted from the specs above (not from cdnet)."""
    counts: dict[str, list[int]] = {}
    for spec in ALERTS:
        shown = audience == "network" or public(spec.tlp, spec.approved)
        if spec.sent and spec.day.year == YEAR and shown:
            for cid in ALERT_COUNTERS[spec.title]:
                counts.setdefault(cid, [0, 0])[0] += 1
    for o in OUTCOMES:
        if o.day.year == YEAR and (audience == "network" or public(o.tlp, o.approved)):
            for cid in o.counters:
                counts.setdefault(cid, [0, 0])[1] += 1
    return {cid: (a, o) for cid, (a, o) in counts.items()}


@pytest.fixture
def year(network):
    made = build_year(network)
    for title, ids in ALERT_COUNTERS.items():
        made.alerts[title].counters.set(resolve_counters(ids))
    Outcome.objects.all().delete()  # the helpers' outcomes; ours below say their counters
    for spec in OUTCOMES:
        outcome = Outcome.objects.create(
            alert=made.alerts[spec.alert], kind="removed", platform="x",
            subject=f"https://x.com/post/{spec.day:%Y%m%d}", occurred_on=spec.day, tlp=spec.tlp,
            approved_for_publication=spec.approved, recorded_by=network.alice,
        )  # fmt: skip
        outcome.counters.set(resolve_counters(spec.counters))
    return made


@pytest.mark.parametrize("audience", ["public", "network"])
def test_each_counter_is_counted_on_the_alerts_and_outcomes_of_the_year(year, audience):
    report = build_report(YEAR, Audience(audience))
    got = {row.counter_id: (row.alerts, row.outcomes) for row in report.counters}
    assert got == expected_counters(audience)


def test_the_counter_of_an_unapproved_amber_alert_is_only_in_the_network_version(year):
    public_report = build_report(YEAR, Audience.PUBLIC)
    network_report = build_report(YEAR, Audience.NETWORK)
    assert SECRET_COUNTER not in {row.counter_id for row in public_report.counters}
    assert SECRET_COUNTER in {row.counter_id for row in network_report.counters}
    for fmt in ("md", "html", "json"):
        assert SECRET_COUNTER not in render(public_report, fmt).content.decode()
        assert SECRET_COUNTER in render(network_report, fmt).content.decode()
    pdf = render(public_report, "pdf").content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert SECRET_COUNTER not in text


def test_a_counter_of_a_draft_or_of_another_year_is_in_no_version(year):
    for audience in Audience:
        ids = {row.counter_id for row in build_report(YEAR, audience).counters}
        assert "C00016" not in ids and "C00006" not in ids


def test_the_counters_are_ordered_by_use_and_named_from_disarm(year):
    rows = build_report(YEAR, Audience.NETWORK).counters
    assert [r.total for r in rows] == sorted((r.total for r in rows), reverse=True)
    names = {r.counter_id: r.name for r in rows}
    assert names["C00012"] == "Platform regulation"
    assert names["C00028"] == "Make information provenance available"


def test_the_markdown_html_and_json_carry_the_counters_table(year):
    report = build_report(YEAR, Audience.PUBLIC)
    alerts, outcomes = expected_counters("public")["C00012"]
    md = render(report, "md").content.decode()
    start = md.index("\n## Code of Practice")
    cop = md[start : md.index("\n## Outcomes", start)]
    assert "### DISARM Blue counters applied" in cop
    assert f"| C00012 | Platform regulation | {alerts} | {outcomes} |" in cop
    html = render(report, "html").content.decode()
    row = html[html.index('data-counter="C00012"') :]
    assert row.index(f'<td class="num">{alerts}</td><td class="num">{outcomes}</td>') < 200
    data = json.loads(render(report, "json").content)["code_of_practice"]["counters"]
    got = {c["counter_id"]: (c["alerts"], c["outcomes"], c["total"]) for c in data}
    assert got == {cid: (a, o, a + o) for cid, (a, o) in expected_counters("public").items()}


def test_the_pdf_has_the_counters_table_after_the_ttps(year):
    report = build_report(YEAR, Audience.NETWORK)
    pdf = render(report, "pdf").content
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    heading = text.index("DISARM Blue counters applied")
    assert text.index("Measure 14.3") < heading
    section = text[heading : text.index("\nOutcomes\nDate", heading)]
    rows = {line.split()[0]: line for line in section.splitlines() if line.startswith("C0")}
    for cid, (alerts, outcomes) in expected_counters("network").items():
        assert rows[cid].endswith(f" {alerts} {outcomes}")
    assert len(rows) == len(expected_counters("network"))


def test_a_year_without_counters_says_so(year):
    for alert in year.alerts.values():
        alert.counters.clear()
    for outcome in Outcome.objects.all():
        outcome.counters.clear()
    report = build_report(YEAR, Audience.NETWORK)
    assert report.counters == ()
    assert "No counters applied." in render(report, "md").content.decode()
    assert "No counters applied." in render(report, "html").content.decode()
