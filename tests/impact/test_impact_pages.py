"""The impact page and the alert page's outcome form, through Django's test client."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from impact_helpers import days_ago

from cdnet.impact.models import Event, Meeting, Outcome, PressArticle
from cdnet.impact.services import MeetingFields, create_record, record_outcome


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_outcome_form_saves_a_geo_restriction_with_its_countries(network, alert):
    client = logged_in(network.alice)
    page = client.get(f"/alerts/{alert.pk}/").content.decode()
    assert 'name="countries"' in page and 'name="statement_id"' in page
    response = client.post(
        f"/alerts/{alert.pk}/outcome/",
        {
            "kind": "geo_restricted",
            "occurred_on": days_ago(1).isoformat(),
            "countries": "DE, AT",
            "subject": "https://t.me/rt_mirror",
            "platform": "telegram",
            "source": "platform",
            "counters": "C00006",
            "evidence_ids": "",
            "tlp": "",
        },
        follow=True,
    )
    outcome = Outcome.objects.get()
    assert (outcome.kind, outcome.countries, outcome.tlp) == (
        "geo_restricted",
        ["DE", "AT"],
        "AMBER",
    )
    text = response.content.decode()
    assert "Outcome recorded." in text
    assert "Geo-restricted on" in text and "in DE, AT" in text and "C00006" in text


def test_a_wrong_outcome_shows_which_field_was_wrong_and_saves_nothing(network, alert):
    client = logged_in(network.alice)
    response = client.post(
        f"/alerts/{alert.pk}/outcome/",
        {"kind": "geo_restricted", "occurred_on": days_ago(1).isoformat(), "source": "member"},
        follow=True,
    )
    assert "countries: say in which countries" in response.content.decode()
    assert Outcome.objects.count() == 0


def test_the_impact_page_lists_the_years_records_in_their_sections(network, alert):
    record_outcome(alert, network.alice, "removed", days_ago(1), subject="spiegel.ltd")
    this_year = days_ago(0).replace(month=1, day=1)
    create_record(network.alice, MeetingFields(institution="EEAS", held_on=this_year, topic="FIMI"))
    create_record(
        network.alice,
        MeetingFields(institution="Old Ministry", held_on=dt.date(2020, 5, 5), topic="x"),
    )
    page = logged_in(network.bob).get("/impact/").content.decode()
    for title in ("Outcomes", "Meetings", "Evidence submitted", "Press", "Briefings",
                  "Introductions", "Events &amp; trainings"):  # fmt: skip
        assert f">{title}</h2>" in page
    assert "Removed / taken down: spiegel.ltd" in page and "EEAS on" in page
    assert "Old Ministry" not in page
    assert "Old Ministry" in logged_in(network.bob).get("/impact/?year=2020").content.decode()
    assert 'href="/impact/"' in page  # the nav link


def test_a_member_adds_press_and_a_training_through_the_forms(network):
    client = logged_in(network.alice)
    response = client.post(
        "/impact/add/pressarticle/",
        {
            "pressarticle-outlet": "Le Monde",
            "pressarticle-url": "https://lemonde.example/clones",
            "pressarticle-published_on": days_ago(3).isoformat(),
            "pressarticle-estimated_readers": "250000",
            "pressarticle-language": "fr",
            "pressarticle-tlp": "CLEAR",
            "pressarticle-alert_ids": "",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#pressarticle")
    press = PressArticle.objects.get()
    assert (press.estimated_readers, press.tlp, press.recorded_by) == (
        250000,
        "CLEAR",
        network.alice,
    )
    client.post(
        "/impact/add/event/",
        {
            "event-kind_": "training",
            "event-title": "DISARM for fact-checkers",
            "event-held_on": days_ago(2).isoformat(),
            "event-disarm": "on",
            "event-participants": "18",
            "event-organisations": "Alpha, Beta Research Lab",
            "event-external_organisations": "Uni Example\nNGO Example",
            "event-tlp": "GREEN",
        },
    )
    event = Event.objects.get()
    assert event.disarm and event.participants == 18
    assert sorted(o.short_name for o in event.organisations.all()) == ["Alpha", "Beta"]
    assert event.external_organisations == ["Uni Example", "NGO Example"]


def test_a_mistake_in_an_add_form_keeps_what_was_typed_and_names_the_field(network):
    response = logged_in(network.alice).post(
        "/impact/add/meeting/",
        {
            "meeting-institution": "European Commission",
            "meeting-held_on": days_ago(1).isoformat(),
            "meeting-topic": "Clones",
            "meeting-country": "ZZ",
            "meeting-tlp": "GREEN",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "country: not an ISO 3166-1 country code" in text
    assert 'value="European Commission"' in text
    assert Meeting.objects.count() == 0


@pytest.mark.parametrize(("who", "approved"), [("bob", False), ("carol", True)])
def test_only_coordinators_see_and_use_the_approve_button(network, who, approved):
    meeting = create_record(
        network.alice, MeetingFields(institution="EEAS", held_on=days_ago(1), topic="FIMI")
    )
    client = logged_in(getattr(network, who))
    page = client.get(f"/impact/?year={meeting.held_on.year}").content.decode()
    assert ("Approve for publication" in page) is approved
    client.post(f"/impact/publication/meeting/{meeting.pk}/approve/")
    meeting.refresh_from_db()
    assert meeting.approved_for_publication is approved


def test_people_outside_the_network_see_no_records_and_cannot_add(network, outsider):
    create_record(network.alice, MeetingFields(institution="EEAS", held_on=days_ago(1), topic="t"))
    client = logged_in(outsider)
    page = client.get("/impact/").content.decode()
    assert "EEAS on" not in page and "<summary>Add</summary>" not in page
    client.post(
        "/impact/add/meeting/",
        {"meeting-institution": "X", "meeting-held_on": "2025-01-01", "meeting-topic": "t",
         "meeting-tlp": "GREEN"},
    )  # fmt: skip
    assert Meeting.objects.count() == 1


def test_the_admin_shows_impact_records_read_only_and_by_tlp(network):
    from cdnet.network.services import add_member

    root = add_member("root", network.beta, "admin", "root-pass").user
    create_record(network.alice, MeetingFields(institution="EEAS", held_on=days_ago(1), topic="t"))
    create_record(
        network.alice,
        MeetingFields(institution="Secret Ministry", held_on=days_ago(1), topic="t", tlp="RED"),
    )
    client = logged_in(root)
    page = client.get("/admin/impact/meeting/").content.decode()
    assert "EEAS" in page and "Secret Ministry" not in page
    assert client.get("/admin/impact/meeting/add/").status_code == 403
    assert client.get("/admin/impact/outcome/").status_code == 200
