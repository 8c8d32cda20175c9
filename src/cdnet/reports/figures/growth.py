"""Network figures: organisations, participants and countries (EU and non-EU) at the period's end.

A member organisation (or person) belongs to the network on a day when it joined on or before
that day (``joined_on``; when empty, the day its row was created / the user joined) and had not
left by then (``left_on`` empty or later). Organisations and people carry no TLP: the public
report gets the counts, and only the network's version lists who they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import DateField, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate

from cdnet.network.countries import is_eu, normalise_country
from cdnet.network.models import Member, Organisation
from cdnet.reports.figure import Audience, Figure, Period, RecordRef
from cdnet.reports.figures.common import first_url

SECTION = "Network"


def organisations_on(day: dt.date) -> QuerySet[Organisation]:
    since = Coalesce("joined_on", TruncDate("created_at"), output_field=DateField())
    rows = Organisation.objects.annotate(since=since).filter(since__lte=day)
    return rows.filter(Q(left_on__isnull=True) | Q(left_on__gt=day)).order_by("name", "id")


def members_on(day: dt.date) -> QuerySet[Member]:
    since = Coalesce("joined_on", TruncDate("user__date_joined"), output_field=DateField())
    rows = Member.objects.annotate(since=since).filter(since__lte=day)
    rows = rows.filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
    return rows.select_related("user", "organisation").order_by("organisation__name", "id")


def _region(country: str) -> str:
    return "EU" if is_eu(country) else "non-EU"


def _org_ref(org: Organisation) -> RecordRef:
    url = first_url(("organisation_detail", "admin:network_organisation_change"), org.pk)
    return RecordRef("organisation", org.pk, f"{org.name} ({org.country})", url)


def _joined(period: Period) -> int:
    before = set(organisations_on(period.start - dt.timedelta(days=1)).values_list("pk", flat=True))
    return len(set(organisations_on(period.end).values_list("pk", flat=True)) - before)


def organisations(period: Period, audience: Audience) -> Figure:
    orgs = list(organisations_on(period.end))
    public = audience == Audience.PUBLIC
    return Figure(
        key="organisations",
        label="Member organisations",
        value=len(orgs),
        records=() if public else tuple(_org_ref(o) for o in orgs),
        unit="organisations",
        section=SECTION,
        note=f"Member organisations on {period.end.isoformat()}, {_joined(period)} of them "
        "joined in the period; by the country of the organisation."
        + (" The list of members is not published." if public else ""),
        breakdown=_regions(_region(o.country) for o in orgs),
    )


def _regions(regions: Iterable[str]) -> dict[str, int]:
    counts = {"EU": 0, "non-EU": 0}
    for region in regions:
        counts[region] += 1
    return counts


def participants(period: Period, audience: Audience) -> Figure:
    members = list(members_on(period.end))
    public = audience == Audience.PUBLIC
    refs = tuple(
        RecordRef(
            "member",
            m.pk,
            f"{m.user.get_username()} ({m.organisation.name})",
            first_url(("admin:network_member_change",), m.pk),
        )
        for m in members
    )
    return Figure(
        key="participants",
        label="Participants",
        value=len(members),
        records=() if public else refs,
        unit="people",
        section=SECTION,
        note=f"People of the member organisations on {period.end.isoformat()}, by the country "
        "of their organisation." + (" Who they are is not published." if public else ""),
        breakdown=_regions(_region(m.organisation.country) for m in members),
    )


def countries(period: Period, audience: Audience) -> Figure:
    orgs = list(organisations_on(period.end))
    codes = sorted({normalise_country(o.country) for o in orgs if o.country})
    public = audience == Audience.PUBLIC
    return Figure(
        key="countries",
        label="Countries",
        value=len(codes),
        records=() if public else tuple(_org_ref(o) for o in orgs),
        unit="countries",
        section=SECTION,
        note=f"Countries of the member organisations on {period.end.isoformat()}: "
        f"{', '.join(codes) or 'none'}.",
        breakdown=_regions(_region(c) for c in codes),
    )


FIGURES = {
    "organisations": organisations,
    "participants": participants,
    "countries": countries,
}
