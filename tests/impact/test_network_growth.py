"""Network growth: organisations, participants and countries (EU and not) on any day."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from cdnet.audit.models import AuditEntry
from cdnet.cli import app
from cdnet.errors import BadInput
from cdnet.network.growth import growth, members_on, month_ends, network_on, organisations_on
from cdnet.network.models import Member, Organisation
from cdnet.network.services import add_member, add_organisation, set_membership_dates

D = dt.date


@pytest.fixture
def history(db):
    """Alpha (FR) since 2023, Moldova Watch (MD) from March 2024, Beta (DE) 2023 to mid-2024."""
    alpha = add_organisation("Alpha Fact-Check", "FR", "Alpha", joined_on=D(2023, 1, 10))
    moldova = add_organisation("Moldova Watch", "MD", "MW", joined_on=D(2024, 3, 1))
    beta = add_organisation("Beta Research Lab", "DE", "Beta", joined_on=D(2023, 5, 1))
    set_membership_dates(beta, D(2023, 5, 1), D(2024, 7, 1))
    add_member("alice", alpha, "analyst", "x", joined_on=D(2023, 1, 10))
    add_member("carol", alpha, "coordinator", "x", joined_on=D(2024, 2, 1))
    add_member("ion", moldova, "analyst", "x", joined_on=D(2024, 3, 5))
    add_member("bob", beta, "reviewer", "x", joined_on=D(2023, 6, 1))
    return {"alpha": alpha, "moldova": moldova, "beta": beta}


def test_the_network_on_a_day_counts_who_had_joined_and_not_yet_left(history):
    size = network_on(D(2024, 4, 1))
    assert (size.organisations, size.organisations_eu, size.organisations_non_eu) == (3, 2, 1)
    assert size.countries == ("DE", "FR", "MD")
    assert (size.countries_eu, size.countries_non_eu) == (("DE", "FR"), ("MD",))
    assert size.participants == 4


def test_leaving_counts_from_the_day_of_leaving_and_takes_the_members_along(history):
    assert [o.short_name for o in organisations_on(D(2024, 6, 30))] == ["Alpha", "Beta", "MW"]
    assert [o.short_name for o in organisations_on(D(2024, 7, 1))] == ["Alpha", "MW"]
    assert [m.user.username for m in members_on(D(2024, 7, 1))] == ["alice", "carol", "ion"]


def test_a_member_who_left_is_no_longer_a_participant(history):
    carol = Member.objects.get(user__username="carol")
    set_membership_dates(carol, carol.joined_on, D(2024, 5, 1))
    assert [m.user.username for m in members_on(D(2024, 5, 1))] == ["alice", "bob", "ion"]
    entry = AuditEntry.objects.filter(object_type="member", action="change").get()
    assert entry.details["left_on"] == ["", "2024-05-01"]


def test_without_a_joining_date_the_day_of_creation_counts(db):
    org = add_organisation("Late Org", "PL")
    created = org.created_at.astimezone(dt.UTC).date()
    assert network_on(created - dt.timedelta(days=1)).organisations == 0
    assert network_on(created).organisations == 1


def test_growth_over_a_year_is_counted_at_each_month_end(history):
    ends = month_ends(2024)
    assert ends[0] == D(2024, 1, 31) and ends[1] == D(2024, 2, 29) and ends[-1] == D(2024, 12, 31)
    organisations = [size.organisations for size in growth(ends)]
    assert organisations == [2, 2, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2]
    assert network_on(D(2024, 12, 31)).as_dict()["countries_non_eu"] == ["MD"]


def test_one_cannot_leave_before_joining(history):
    with pytest.raises(BadInput) as excinfo:
        set_membership_dates(history["alpha"], D(2023, 1, 10), D(2022, 1, 1))
    assert excinfo.value.field == "left_on"


def test_the_command_line_sets_the_dates_of_organisations_and_members(db):
    runner = CliRunner()
    added = runner.invoke(app, ["org", "add", "Gamma", "--country", "PL", "--joined", "2024-02-02"])
    assert added.exit_code == 0, added.output
    assert Organisation.objects.get().joined_on == D(2024, 2, 2)
    user = runner.invoke(
        app, ["user", "add", "erin", "--org", "Gamma", "--password", "-", "--joined", "2024-03-03"]
    )
    assert user.exit_code == 0, user.output
    left = runner.invoke(app, ["org", "dates", "Gamma", "--left", "2025-01-01"])
    assert left.exit_code == 0, left.output
    gamma = Organisation.objects.get()
    assert (gamma.joined_on, gamma.left_on) == (D(2024, 2, 2), D(2025, 1, 1))
    runner.invoke(app, ["user", "dates", "erin", "--joined", "2024-04-04"])
    assert Member.objects.get().joined_on == D(2024, 4, 4)
    back = runner.invoke(app, ["org", "dates", "Gamma", "--left", "none"])
    assert back.exit_code == 0 and Organisation.objects.get().left_on is None
    wrong = runner.invoke(app, ["org", "dates", "Gamma", "--joined", "last year"])
    assert wrong.exit_code == 2
