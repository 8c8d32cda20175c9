"""The yearly report from the command line, over the API with a token, and on its web pages."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.test import Client
from pypdf import PdfReader
from typer.testing import CliRunner

from annual_report_helpers import SECRET_SUBJECT, YEAR, build_year, expected_scores
from cdnet.cli import app
from cdnet.impact.models import Outcome
from cdnet.network.services import create_token

runner = CliRunner()


@pytest.fixture
def year(network):
    return build_year(network)


@pytest.fixture
def outsider(db, django_user_model):
    """Signed in, but not a member of the network (no organisation, no role)."""
    return django_user_model.objects.create_user("olga", password="olga-pass")


def test_report_years_prints_one_year_per_line(year):
    result = runner.invoke(app, ["report", "years"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [str(YEAR - 1), str(YEAR)]


def test_report_annual_writes_markdown_to_stdout_and_status_to_stderr(year):
    result = runner.invoke(app, ["report", "annual", "--year", str(YEAR), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"# Yearly report {YEAR}")
    assert "TLP:CLEAR" in result.stdout and SECRET_SUBJECT not in result.stdout
    assert "building the public report" in result.stderr


def test_report_annual_writes_the_network_pdf_to_a_file(year, tmp_path):
    target = tmp_path / "report.pdf"
    args = ["report", "annual", "--year", str(YEAR), "--format", "pdf", "-o", str(target),
            "--audience", "network"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    first = PdfReader(io.BytesIO(target.read_bytes())).pages[0].extract_text()
    assert f"Yearly report {YEAR}" in first and "TLP:AMBER" in first


def test_report_annual_writes_a_navigator_layer(year):
    result = runner.invoke(app, ["report", "annual", "--year", str(YEAR), "-f", "navigator"])
    assert result.exit_code == 0, result.output
    layer = json.loads(result.stdout)
    scores = {t["techniqueID"]: t["score"] for t in layer["techniques"] if "score" in t}
    assert scores == expected_scores("public")


def test_a_year_without_data_exits_3_naming_the_years_with_data(year):
    result = runner.invoke(app, ["report", "annual", "--year", "1990"])
    assert result.exit_code == 3
    assert "no public data for 1990" in result.output and str(YEAR) in result.output


def test_an_unknown_format_or_audience_exits_2(year):
    assert (
        runner.invoke(app, ["report", "annual", "--year", str(YEAR), "-f", "docx"]).exit_code == 2
    )
    bad = runner.invoke(app, ["report", "annual", "--year", str(YEAR), "--audience", "press"])
    assert bad.exit_code == 2 and "audience must be public or network" in bad.output


def _api(user):
    client = Client()
    headers = {"Authorization": f"Bearer {create_token(user)}"}
    return lambda path: client.get(f"/api{path}", headers=headers)


def test_the_api_lists_the_years_and_serves_the_report_as_json_and_pdf(year, network):
    get = _api(network.alice)
    assert get("/reports/years").json() == {"years": [YEAR - 1, YEAR]}
    data = get(f"/reports/annual/{YEAR}?audience=network").json()
    assert data["tlp"] == "AMBER"
    ttps = {row["technique_id"]: row["total"] for row in data["code_of_practice"]["ttps"]}
    assert ttps == expected_scores("network")
    pdf = get(f"/reports/annual/{YEAR}?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    layer = get(f"/reports/annual/{YEAR}?format=navigator").json()
    assert layer["domain"] == "DISARM"


def test_the_api_gives_the_network_version_to_members_only(year, outsider):
    get = _api(outsider)
    assert get(f"/reports/annual/{YEAR}?audience=network").status_code == 403
    public = get(f"/reports/annual/{YEAR}?format=md")
    assert public.status_code == 200 and SECRET_SUBJECT not in public.content.decode()
    assert get("/reports/annual/1990").status_code == 404
    assert Client().get(f"/api/reports/annual/{YEAR}").status_code == 401


def test_the_reports_page_lists_the_years_with_links(year, network, client):
    client.force_login(network.carol)
    page = client.get("/reports/").content.decode()
    assert f'href="/reports/annual/{YEAR}/?audience=public"' in page
    assert f'href="/reports/annual/{YEAR}.pdf?audience=public"' in page


def test_the_report_page_shows_the_figures_charts_and_ttps_in_the_app(year, network, client):
    client.force_login(network.alice)
    public = client.get(f"/reports/annual/{YEAR}/").content.decode()
    assert "cdnet" in public and 'id="figures"' in public and "<svg" in public
    assert 'data-technique="T0149.003"' in public and SECRET_SUBJECT not in public
    assert 'id="switch-network"' in public
    records = (
        f"/reports/figures/takedowns/?start={YEAR}-01-01&amp;end={YEAR}-12-31&amp;audience=public"
    )
    assert records in public
    network_page = client.get(f"/reports/annual/{YEAR}/?audience=network").content.decode()
    assert SECRET_SUBJECT in network_page and 'data-technique="T0143.002"' in network_page


def test_a_non_member_sees_the_public_version_only(year, outsider, client):
    client.force_login(outsider)
    assert client.get(f"/reports/annual/{YEAR}/").status_code == 200
    assert client.get(f"/reports/annual/{YEAR}/?audience=network").status_code == 403
    download = client.get(f"/reports/annual/{YEAR}.md?audience=network")
    assert download.status_code == 403


def test_a_download_is_the_report_in_that_format(year, network, client):
    client.force_login(network.alice)
    response = client.get(f"/reports/annual/{YEAR}.html?audience=network")
    assert response["Content-Type"].startswith("text/html")
    assert f'filename="cdnet-report-{YEAR}-network.html"' in response["Content-Disposition"]
    assert SECRET_SUBJECT in response.content.decode()
    assert client.get(f"/reports/annual/{YEAR}.docx").status_code == 404


def test_in_the_app_a_member_sees_only_the_outcomes_tlp_lets_them_read(year, network, client):
    red = "https://x.com/informant/status/9"
    Outcome.objects.create(
        alert=year.alerts["Doppelganger clone of Le Monde"], kind="labelled", platform="x",
        subject=red, occurred_on=dt.date(YEAR, 6, 1), tlp="RED", recorded_by=network.bob,
    )  # fmt: skip
    client.force_login(network.alice)
    page = client.get(f"/reports/annual/{YEAR}/?audience=network").content.decode()
    assert red not in page and "(TLP:RED, not visible to you)" in page
    assert "TLP:RED</span>" in page  # the version is marked with the highest level it counts
    client.force_login(network.bob)
    assert red in client.get(f"/reports/annual/{YEAR}/?audience=network").content.decode()
    cli = ["report", "annual", "--year", str(YEAR), "--audience", "network"]
    assert red in runner.invoke(app, cli).stdout  # whoever runs the installation sees all
