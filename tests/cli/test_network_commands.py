from __future__ import annotations

import hashlib

import pytest
from typer.testing import CliRunner

from cdnet.cli import app
from cdnet.network.models import ApiToken, Member, Organisation
from cdnet.network.services import user_for_token

runner = CliRunner()


@pytest.fixture
def org(db):
    result = runner.invoke(app, ["org", "add", "Gamma Checkers", "--country", "pl"])
    assert result.exit_code == 0, result.output
    return Organisation.objects.get(name="Gamma Checkers")


def test_org_add_stores_the_country_and_whether_it_is_in_the_eu(org):
    assert org.country == "PL"
    assert org.is_eu
    runner.invoke(app, ["org", "add", "Kyiv Monitors", "--country", "UA"])
    assert not Organisation.objects.get(name="Kyiv Monitors").is_eu


def test_user_add_gives_the_member_a_role_in_an_organisation(org):
    result = runner.invoke(
        app, ["user", "add", "erin", "--org", "Gamma Checkers", "--role", "reviewer",
              "--password", "s3cret-pass"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    member = Member.objects.get(user__username="erin")
    assert (member.role, member.organisation) == ("reviewer", org)
    assert member.user.check_password("s3cret-pass")


def test_user_add_refuses_an_unknown_role(org):
    result = runner.invoke(
        app, ["user", "add", "erin", "--org", "Gamma Checkers", "--role", "boss", "--password", "x"]
    )
    assert result.exit_code == 2
    assert "role must be one of analyst, reviewer, coordinator, admin" in result.output
    assert not Member.objects.exists()


def test_token_create_prints_a_token_of_which_only_the_hash_is_stored(org):
    runner.invoke(app, ["user", "add", "erin", "--org", "Gamma Checkers", "--password", "-"])
    result = runner.invoke(app, ["token", "create", "erin"])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    stored = ApiToken.objects.get()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {stored.token_hash, stored.prefix, stored.name}
    user = user_for_token(token)
    assert user is not None and user.get_username() == "erin"


def test_the_api_schema_command_prints_the_openapi_document():
    result = runner.invoke(app, ["api-schema"])
    assert result.exit_code == 0
    assert '"/api/alerts/{alert_id}/review"' in result.output
    assert '"openapi": "3.1.0"' in result.output
