"""docs/api.md is tested against the API: the routes it names exist in the OpenAPI document, the
impact, re-check and report routes are all listed, and its worked examples run."""

from __future__ import annotations

import io
import json
import re
import shlex
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from annual_report_helpers import YEAR, build_year
from cdnet.web.api import api
from factories import approved_alert

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
#: tags whose every route docs/api.md must list
LISTED_TAGS = {"impact", "rechecks", "reports"}
#: pages of the API that are not operations of the OpenAPI document
NOT_OPERATIONS = {"/api/docs", "/api/openapi.json"}


def text() -> str:
    return DOC.read_text(encoding="utf-8")


def shape(path: str) -> str:
    """A path with its parameters (or example ids) blanked, no query: ``/api/rechecks/{}/run``."""
    blanked = re.sub(r"\{[^}]*\}", "{}", path.split("?")[0]).rstrip("/")
    return re.sub(r"/\d+(?=/|$)", "/{}", blanked)


def schema_paths() -> dict[str, set[str]]:
    """shape -> the tags of its operations, from the OpenAPI document."""
    paths: dict[str, set[str]] = {}
    for path, operations in api.get_openapi_schema()["paths"].items():
        tags = {tag for op in operations.values() for tag in op.get("tags", [])}
        paths.setdefault(shape(path), set()).update(tags)
    return paths


def documented_paths() -> set[str]:
    return {shape(p) for p in re.findall(r"(/api/[A-Za-z0-9_{}/.-]+)", text())}


def curl_blocks() -> list[list[str]]:
    blocks = re.findall(r"```sh\n(.*?)```", text(), flags=re.S)
    return [shlex.split(b.replace("\\\n", " ")) for b in blocks if b.lstrip().startswith("curl")]


def curl(words: list[str], option: str) -> str:
    return words[words.index(option) + 1]


def test_every_route_the_api_docs_name_exists():
    known = set(schema_paths()) | NOT_OPERATIONS
    assert documented_paths() - known == set()


def test_every_impact_recheck_and_report_route_is_in_the_api_docs():
    wanted = {path for path, tags in schema_paths().items() if tags & LISTED_TAGS}
    assert "/api/reports/annual/{}" in wanted and "/api/network/growth" in wanted
    assert wanted - documented_paths() == set()


@pytest.fixture
def token(network):
    from cdnet.network.services import create_token

    return create_token(network.alice)


def test_the_worked_outcome_example_records_a_geo_restriction_with_its_countries(
    network, token, settings, tmp_path
):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    (words,) = [w for w in curl_blocks() if "/outcomes" in w[-1]]
    from cdnet.cases import workflow

    alert = approved_alert(network.alice, network.bob)
    workflow.mark_sent(alert, network.carol)
    body = json.loads(curl(words, "-d"))
    body["occurred_on"] = timezone.now().date().isoformat()  # after the alert was sent
    url = urlsplit(words[-1]).path.replace("/42/", f"/{alert.pk}/")
    auth = {"Authorization": f"Bearer {token}"}
    answer = Client().post(url, json.dumps(body), content_type="application/json", headers=auth)
    assert answer.status_code == 201, answer.content
    assert answer.json()["countries"] == ["DE", "AT"]
    assert answer.json()["counters"] == body["counters"]
    body.pop("countries")
    refused = Client().post(url, json.dumps(body), content_type="application/json", headers=auth)
    assert refused.status_code == 400
    assert refused.json()["detail"] in text()


def test_the_worked_pdf_example_downloads_the_public_yearly_report(network, token):
    build_year(network)
    (words,) = [w for w in curl_blocks() if "format=pdf" in w[-1]]
    url = urlsplit(words[-1])
    query = dict(parse_qsl(url.query))
    path = url.path.replace("/2025", f"/{YEAR}")
    answer = Client().get(path, query, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    saved_as = curl(words, "-o").replace("2025", str(YEAR))
    assert answer["Content-Disposition"] == f'attachment; filename="{saved_as}"'
    first = PdfReader(io.BytesIO(answer.content)).pages[0].extract_text()
    assert f"Yearly report {YEAR}" in first and "TLP:CLEAR" in first
