"""The autumn of the demo year and the start of this one: undeclared political ads, the yearly
audit of how platforms answered the network's notices, and a January alert."""

from __future__ import annotations

import datetime as dt

from cdnet.cases.alerts import AlertContent
from cdnet.demo.clock import clock_at
from cdnet.demo.datasets import analyse, moved_copy
from cdnet.demo.steps import record_outcomes, send_alert
from cdnet.demo.year import ADS, ADVOCACY, DSC_DE, DSC_FR, EU_DESK, PLATFORM_X, Year, techniques
from cdnet.network.services import find_user


def ads(year: Year) -> None:
    """October: political ads from hobby pages administered in Russia and Belarus."""
    erin = find_user("erin")
    with clock_at(year.at(10, 14, 9)):
        table = moved_copy("ads.csv", year.replay)
        _, found = analyse(
            erin, table, "Ad library extract (demo)", {"undeclared-political-ads": None}
        )
    content = AlertContent(
        title="Political ads declared as non-political, run by pages administered abroad",
        summary=f"{len(found)} ads of cooking, gardening and fishing pages push political "
        "messages on the war and migration to audiences in France, Germany and Poland.",
        tlp="GREEN",
        target_countries=["FR", "DE", "PL"],
        platforms=["facebook"],
        actor="Foreign-administered pages",
        techniques=techniques(found),
        recommended_actions="Remove the ads and review the pages' advertising rights.",
    )
    recipients = year.people.recipients_at(ADS, DSC_FR, DSC_DE, EU_DESK)
    alert = send_alert(year.people, year.at(10, 15, 9), content, found, recipients, author=erin)
    year.alerts["ads"] = alert
    record_outcomes(year.replay, alert, "ads")


def notices(year: Year) -> None:
    """December: the audit of the year's notices; two platforms fall short."""
    carol = year.people.carol
    with clock_at(year.at(12, 9, 9)):
        table = moved_copy("notices.csv", year.replay)
        _, found = analyse(carol, table, "Notices sent this year (demo)", {"notice-action": None})
    short = [f for f in found if f.payload.get("shortfalls")]
    content = AlertContent(
        title="Notice-and-action audit: reporting tools that fell short",
        summary=f"{len(short)} of {len(found)} platforms acknowledged or decided too few of the "
        "network's notices in time.",
        tlp="CLEAR",
        pap="CLEAR",
        platforms=sorted({str(f.payload.get("platform")) for f in short}),
        recommended_actions="Platforms: meet the DSA Article 16 duties; coordinators: follow up.",
    )
    recipients = year.people.recipients_at(EU_DESK, DSC_FR, ADVOCACY)
    alert = send_alert(year.people, year.at(12, 10, 9), content, short, recipients, author=carol)
    year.alerts["notices"] = alert
    record_outcomes(year.replay, alert, "notices")


def january(year: Year) -> None:
    """This January (when it has come): new mirrors of a sanctioned outlet, taken down."""
    sent = year.replay.at(1, 13, 9, year=2025)
    if not year.replay.has_come(sent + dt.timedelta(days=1)):  # sent, reviewed and recorded
        return
    found = list(year.alerts["sanctions"].findings.filter(payload__entity_id="eu-833-rt"))
    content = AlertContent(
        title="RT mirrors back under new channel names",
        summary="The RT mirror channels reported in February reappear under new names.",
        tlp="AMBER",
        target_countries=["DE", "FR"],
        platforms=["telegram", "youtube"],
        actor="RT mirrors",
        attribution="state_controlled",
        attribution_confidence="high",
        techniques=techniques(found),
    )
    dan = year.people.dan
    recipients = year.people.recipients_at(DSC_DE, PLATFORM_X)
    alert = send_alert(year.people, sent, content, found, recipients, author=dan)
    year.alerts["january"] = alert
    record_outcomes(year.replay, alert, "january")


def run(year: Year) -> None:
    ads(year)
    notices(year)
    january(year)
