"""The demo election: the French legislative election of 30 June 2024 (round 1) replayed in the
demo year with its silence rules. Doppelganger clones of French outlets and unlabelled AI
campaign images are flagged through the Rapid Response System before it; posts breaking the
electoral silence are reported the morning after."""

from __future__ import annotations

from django.db import transaction

from cdnet.audit.log import record
from cdnet.cases.alerts import AlertContent
from cdnet.demo.clock import clock_at
from cdnet.demo.datasets import analyse, demo_calendar, images_folder, moved_copy
from cdnet.demo.steps import flag_to_rrs, record_outcomes, send_alert
from cdnet.demo.year import ADS, DSC_FR, PLATFORM_X, Year, _clones, techniques
from cdnet.dispatch.models import Election


def register_election(year: Year) -> None:
    """The replayed election in the calendar file and in the dispatch election table."""
    with clock_at(year.at(5, 21, 9)):
        path, election_id = demo_calendar(year.replay)
        polling_day = year.replay.day(6, 30)
        with transaction.atomic():
            election = Election.objects.create(
                election_id=election_id,
                country="FR",
                polling_day=polling_day,
                name=f"Demo election (fictional), France, {polling_day}",
            )
            record(year.people.carol, "create", election, f"election {election_id}")
    year.election_id = election_id
    year.calendar = path


def french_clones(year: Year) -> None:
    """Clones of French outlets three weeks before polling day: alert and RRS flags."""
    french = _clones(year, ".fr")
    content = AlertContent(
        title="Doppelganger-style clones of Le Parisien and Le Point before the election",
        summary="Inauthentic accounts share links to **"
        + ", ".join(sorted({f.subject for f in french}))
        + "**, lookalikes of French outlets, with fabricated articles on the war and farming.",
        tlp="GREEN",
        target_countries=["FR"],
        target_elections=[year.election_id],
        platforms=["x", "facebook"],
        actor="Doppelganger operation",
        attribution="state_linked",
        attribution_confidence="medium",
        techniques=techniques(french),
        recommended_actions="Remove the posts and block links to the clone domains.",
    )
    recipients = year.people.recipients_at(PLATFORM_X, DSC_FR)
    alert = send_alert(year.people, year.at(6, 5, 9), content, french, recipients)
    year.alerts["doppelganger-fr"] = alert
    answers = {
        "x": [("acknowledged", 5), ("actioned", 20)],
        "facebook": [("acknowledged", 30), ("no_reply", 80)],
    }
    flag_to_rrs(year.people, alert, year.at(6, 5, 14), year.election_id, answers)
    record_outcomes(year.replay, alert, "doppelganger-fr")


def ai_images(year: Year) -> None:
    """Two days before polling day: AI-made campaign images posted without a label."""
    alice = year.people.alice
    with clock_at(year.at(6, 27, 20)):
        table, folder = images_folder(year.replay)
        options = {"ai-images": {"root": str(folder)}}
        _, found = analyse(alice, table, "Campaign images (demo)", options)
    unlabelled = [f for f in found if f.payload.get("unlabelled") is True]
    content = AlertContent(
        title="Unlabelled AI-generated images in campaign posts",
        summary=f"{len(unlabelled)} campaign images carry generator metadata (PNG parameters, "
        "IPTC DigitalSourceType) but no AI label on the post.",
        tlp="GREEN",
        target_countries=["FR"],
        target_elections=[year.election_id],
        platforms=["x", "facebook"],
        techniques=techniques(unlabelled),
        recommended_actions="Apply the platforms' AI-generated content labels.",
    )
    alert = send_alert(
        year.people,
        year.at(6, 28, 7),
        content,
        unlabelled,
        year.people.recipients_at(PLATFORM_X, ADS, DSC_FR),
    )
    year.alerts["ai-images"] = alert
    answers = {
        "x": [("acknowledged", 1), ("actioned", 6)],
        "facebook": [("acknowledged", 3), ("actioned", 10)],
    }
    flag_to_rrs(year.people, alert, year.at(6, 28, 11), year.election_id, answers, "critical")
    record_outcomes(year.replay, alert, "ai-images")


def silence(year: Year) -> None:
    """The evening of polling day: posts that broke the silence, reported the next morning."""
    alice = year.people.alice
    with clock_at(year.at(6, 30, 19, 30)):
        posts = moved_copy("election_posts.csv", year.replay)
        options = {"election-silence": {"calendar": str(year.calendar)}}
        _, found = analyse(alice, posts, "Posts of the election weekend (demo)", options)
    content = AlertContent(
        title="Calls to vote and poll figures during the electoral silence",
        summary=f"{len(found)} posts called to vote for a party or published estimates "
        "between Saturday 00:00 and the close of the polls.",
        tlp="AMBER",
        target_countries=["FR"],
        target_elections=[year.election_id],
        platforms=["x", "facebook", "telegram"],
        techniques=techniques(found),
        recommended_actions="Remove the posts; the poll figures break the publication ban.",
    )
    alert = send_alert(
        year.people, year.at(7, 1, 6), content, found, year.people.recipients_at(DSC_FR, PLATFORM_X)
    )
    year.alerts["silence"] = alert
    answers = {"x": [("acknowledged", 4), ("declined", 30)], "facebook": [("no_reply", 80)]}
    flag_to_rrs(year.people, alert, year.at(7, 1, 9), year.election_id, answers)
    record_outcomes(year.replay, alert, "silence")


def run(year: Year) -> None:
    register_election(year)
    french_clones(year)
    ai_images(year)
    silence(year)
