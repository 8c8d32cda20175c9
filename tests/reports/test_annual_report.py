"""The yearly report built from the records: public and network versions, the Code of Practice
table, the Navigator layer, and the Markdown, HTML and PDF renderings."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader

from annual_report_helpers import (
    ALERTS,
    SECRET_SUBJECT,
    YEAR,
    AlertSpec,
    build_year,
    expected_cop,
    expected_scores,
    make_alert,
)
from cdnet.cases.models import FindingReview
from cdnet.errors import NotFound
from cdnet.impact.models import Meeting
from cdnet.reports.annual import build_report, render, years_with_data
from cdnet.reports.figure import Audience


@pytest.fixture
def year(network):
    return build_year(network)


def test_the_years_with_data_are_those_with_a_record_dated_in_them(year):
    assert YEAR in years_with_data() and YEAR - 1 in years_with_data()
    assert YEAR + 1 not in years_with_data()


def test_a_draft_never_sent_gives_its_year_no_data(year, network):
    draft = AlertSpec("Old draft", "CLEAR", ("x",), ("FR",), ("T0086",), dt.date(2019, 5, 1),
                      sent=False)  # fmt: skip
    make_alert(network.alice, draft, year.findings[0])
    assert 2019 not in years_with_data()


def test_a_year_without_data_is_a_clear_error_naming_the_years_that_have_some(year):
    with pytest.raises(NotFound) as caught:
        build_report(1999, Audience.PUBLIC)
    assert "no public data for 1999" in str(caught.value)
    assert str(YEAR) in str(caught.value)


@pytest.mark.parametrize("audience", ["public", "network"])
def test_the_code_of_practice_counts_each_ttp_per_platform_as_the_records_say(year, audience):
    report = build_report(YEAR, Audience(audience))
    got = {row.technique_id: row.per_platform for row in report.ttps}
    assert got == expected_cop(audience)


def test_the_public_version_leaves_out_an_amber_alert_that_was_not_approved(year):
    public, network = build_report(YEAR, Audience.PUBLIC), build_report(YEAR, Audience.NETWORK)
    assert "T0143.002" not in {r.technique_id for r in public.ttps}
    assert "T0143.002" in {r.technique_id for r in network.ttps}
    assert SECRET_SUBJECT not in {o.subject for o in public.outcomes}
    assert SECRET_SUBJECT in {o.subject for o in network.outcomes}
    for fmt in ("md", "html"):
        assert SECRET_SUBJECT not in render(public, fmt).content.decode()
        assert SECRET_SUBJECT in render(network, fmt).content.decode()
    # the approved AMBER alert is public; an unapproved one is not
    sent = [a for a in ALERTS if a.sent]
    assert public.totals["alerts"] == sum(1 for a in sent if a.tlp == "CLEAR" or a.approved)
    assert network.totals["alerts"] == len(sent)


def test_the_marking_is_clear_for_the_public_and_the_highest_level_for_the_network(year):
    assert build_report(YEAR, Audience.PUBLIC).tlp == "CLEAR"
    assert build_report(YEAR, Audience.NETWORK).tlp == "AMBER"


def test_the_network_summary_counts_the_network_at_the_end_of_the_year(year):
    net = build_report(YEAR).network
    # Alpha (FR) joined before the year, Beta (DE) in June; the four personas in June
    assert (net.organisations, net.participants, net.countries_eu) == (2, 4, ("DE", "FR"))
    assert build_report(YEAR - 1).network.organisations == 1


def test_a_ttp_row_names_the_technique_and_its_tactic_from_disarm(year):
    row = next(r for r in build_report(YEAR).ttps if r.technique_id == "T0149.003")
    assert (row.name, row.tactic_id, row.tactic_name) == (
        "Lookalike Domain", "TA15", "Establish Assets"
    )  # fmt: skip
    assert (row.findings, row.alerts) == (1, 1)


def test_the_navigator_layer_scores_each_technique_with_its_count(year):
    report = build_report(YEAR, Audience.NETWORK)
    layer = json.loads(render(report, "navigator").content)
    assert layer["domain"] == "DISARM"
    assert layer["versions"]["layer"] == "4.4"
    assert {"name", "techniques", "gradient"} <= set(layer)
    scored = {t["techniqueID"]: t for t in layer["techniques"] if "score" in t}
    expected = expected_cop("network")
    assert set(scored) == set(expected)
    assert {tid: t["score"] for tid, t in scored.items()} == expected_scores("network")
    assert scored["T0149.003"]["tactic"] == "establish-assets"
    assert scored["T0049.003"]["tactic"] == "maximise-exposure"
    # a scored sub-technique's parent is listed, expanded, so the Navigator shows it
    parent = next(t for t in layer["techniques"] if t["techniqueID"] == "T0049")
    assert parent["showSubtechniques"] is True
    assert layer["gradient"]["maxValue"] == max(expected_scores("network").values())


def test_the_markdown_has_every_section_and_the_cop_table(year):
    text = render(build_report(YEAR, Audience.NETWORK), "md").content.decode()
    for heading in (
        f"# Yearly report {YEAR}",
        "## Network summary",
        "## Figures",
        "## Charts",
        "## Code of Practice on Disinformation: Commitment 14, Measure 14.3",
        "## Outcomes",
    ):
        assert heading in text
    assert "| T0143.002 | Fabricated Persona |" in text
    assert "**TLP:AMBER**" in text


def test_the_html_is_standalone_with_inline_svg_charts(year):
    html = render(build_report(YEAR, Audience.PUBLIC), "html").content.decode()
    assert html.startswith("<!doctype html>")
    assert html.count("<svg") >= 4  # month, platform, country, DISARM heatmap
    assert "<script" not in html and "<link" not in html and 'src="http' not in html
    assert 'id="code-of-practice"' in html and 'id="outcomes"' in html
    assert 'data-technique="T0149.003"' in html


def test_the_pdf_is_a_pdf_whose_first_page_holds_the_title_and_the_figures(year):
    report = build_report(YEAR, Audience.PUBLIC)
    content = render(report, "pdf").content
    assert content.startswith(b"%PDF-")
    pages = PdfReader(io.BytesIO(content)).pages
    first = pages[0].extract_text()
    assert f"Yearly report {YEAR}" in first
    assert "Network summary" in first and "Figures" in first
    assert f"Alerts sent {report.totals['alerts']}" in first
    for figure in report.figures[:3]:
        assert figure.label in first
    assert all("TLP:CLEAR" in page.extract_text() for page in pages)
    assert len(pages) >= 2  # the charts follow


def test_a_finding_a_reviewer_rejected_is_not_an_observed_ttp(year, network):
    bild = next(f for f in year.findings if f.subject == "bild.cfd")  # the only T0086
    assert "T0086" in {r.technique_id for r in build_report(YEAR).ttps}
    FindingReview.objects.create(
        finding=bild, decision="reject", by=network.bob, organisation=network.beta
    )
    assert "T0086" not in {r.technique_id for r in build_report(YEAR).ttps}


def test_a_year_with_only_a_meeting_still_renders_in_every_format(network):
    Meeting.objects.create(
        institution="European Commission, DG CNECT", held_on=dt.date(2023, 2, 1),
        topic="Elections toolkit", tlp="CLEAR", recorded_by=network.carol,
    )  # fmt: skip
    report = build_report(2023, Audience.PUBLIC)
    assert report.ttps == () and report.outcomes == ()
    assert all(chart.empty for chart in report.charts)
    meetings = next(f for f in report.figures if f.key == "meetings")
    assert meetings.value == 1
    text = render(report, "md").content.decode()
    assert "No TTPs observed." in text and "No outcomes recorded." in text
    assert "<svg" not in render(report, "html").content.decode()
    first = PdfReader(io.BytesIO(render(report, "pdf").content)).pages[0].extract_text()
    assert "Meetings with officials 1" in first
    assert json.loads(render(report, "navigator").content)["techniques"] == []
