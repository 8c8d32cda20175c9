"""The demo replays last year through the real services: its yearly report is full, the public
version shows less than the network's, and a second build adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, built once for this module inside a transaction rolled back at its end."""
    from cdnet.demo.run import build

    home = tmp_path_factory.mktemp("demo-home")
    with override_settings(HOME=home, DATASETS_ROOT=home / "datasets"):
        with django_db_blocker.unblock(), transaction.atomic():
            build()
            yield home
            transaction.set_rollback(True)


def last_year() -> int:
    return timezone.now().year - 1


def figures(audience_name: str) -> dict[str, object]:
    from cdnet.reports.figure import Audience, Period
    from cdnet.reports.figures import compute_figures

    audience = Audience(audience_name)
    return {f.key: f for f in compute_figures(Period.year(last_year()), audience)}


def row_counts() -> dict[str, int]:
    """Rows of every model of cdnet's apps."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in ("network", "cases", "dispatch", "impact", "audit")
    }


def test_the_demo_fills_every_figure_of_last_years_report(built):
    network = figures("network")

    empty = [key for key, figure in network.items() if figure.value <= 0]
    assert network, "compute_figures returned no figure"
    assert empty == []


def test_the_public_report_of_the_demo_year_holds_fewer_records_than_the_networks(built):
    network, public = figures("network"), figures("public")

    def records(figs):
        return sum(len(f.records) for f in figs.values())

    assert records(public) < records(network)
    assert (
        public["election_silence_violations"].value < network["election_silence_violations"].value
    )
    assert 0 < public["alerts_produced"].value < network["alerts_produced"].value


def test_the_demo_year_runs_the_detectors_and_sends_alerts_over_the_months(built):
    from cdnet.cases.models import AlertEvent, Finding
    from cdnet.dispatch.models import RrsFlag
    from cdnet.impact.models import Outcome, OutcomeKind

    detectors = set(Finding.objects.values_list("detector", flat=True))
    sent = AlertEvent.objects.filter(to_state="sent", at__year=last_year())
    months = {event.at.month for event in sent}
    kinds = set(Outcome.objects.values_list("kind", flat=True))

    assert detectors >= {
        "sanctions",
        "targeted-organisations",
        "lookalike-domains",
        "ai-images",
        "election-silence",
        "undeclared-political-ads",
        "notice-action",
    }
    assert len(months) >= 5
    assert kinds == set(OutcomeKind.values)
    assert RrsFlag.objects.filter(sent_at__year=last_year()).count() >= 2
    assert Outcome.objects.get(kind="geo_restricted", subject="tg:demo_rtde_spiegel").countries


def test_the_demo_starts_with_every_alert_acknowledged_and_no_reminder_due(built):
    from cdnet.dispatch.reminders import remind_flags, remind_unacknowledged

    now = timezone.now()

    assert remind_unacknowledged(now) == 0
    assert remind_flags(now) == 0


def test_the_network_grows_over_the_demo_year_beyond_the_eu(built):
    from cdnet.network.countries import is_eu
    from cdnet.network.models import Organisation

    start = dt.date(last_year(), 1, 1)
    joined = Organisation.objects.filter(joined_on__year=last_year())
    founders = Organisation.objects.filter(joined_on__lt=start)

    assert joined.count() >= 3
    assert founders.exists()
    assert sum(1 for org in Organisation.objects.all() if not is_eu(org.country)) >= 2


def test_building_the_demo_twice_adds_nothing(built):
    from cdnet.demo.run import build

    before = row_counts()
    build()

    assert row_counts() == before
    assert before["cases.Alert"] > 0
