"""The network as it stood on any day: organisations, participants (members), countries.

An organisation belongs to the network on day D when it joined on or before D (``joined_on``;
when empty, the day its row was created) and had not left by D (``left_on`` empty or after D).
A participant is a member whose own dates say the same (``joined_on``, else the day the user
account was created) and whose organisation belongs to the network that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from cdnet.network.countries import is_eu
from cdnet.network.models import Member, Organisation


def _on_day(joined: dt.date, left: dt.date | None, day: dt.date) -> bool:
    return joined <= day and (left is None or left > day)


def _org_joined(org: Organisation) -> dt.date:
    return org.joined_on or org.created_at.astimezone(dt.UTC).date()


def _member_joined(member: Member) -> dt.date:
    return member.joined_on or member.user.date_joined.astimezone(dt.UTC).date()


def organisations_on(day: dt.date) -> list[Organisation]:
    """The organisations that belonged to the network on ``day``, by name."""
    return [o for o in Organisation.objects.all() if _on_day(_org_joined(o), o.left_on, day)]


def members_on(day: dt.date) -> list[Member]:
    """The participants of the network on ``day`` (their organisation a member too)."""
    orgs = {o.pk for o in organisations_on(day)}
    members = Member.objects.select_related("user", "organisation").order_by("user__username")
    return [
        m
        for m in members
        if m.organisation_id in orgs and _on_day(_member_joined(m), m.left_on, day)
    ]


@dataclass(frozen=True)
class NetworkSize:
    """How big the network was on one day."""

    on: dt.date
    organisations: int
    organisations_eu: int
    organisations_non_eu: int
    participants: int
    countries: tuple[str, ...]
    countries_eu: tuple[str, ...]
    countries_non_eu: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["on"] = self.on.isoformat()
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


def network_on(day: dt.date) -> NetworkSize:
    """The size of the network on ``day``."""
    orgs = organisations_on(day)
    countries = sorted({o.country for o in orgs if o.country})
    eu = tuple(c for c in countries if is_eu(c))
    return NetworkSize(
        on=day,
        organisations=len(orgs),
        organisations_eu=sum(1 for o in orgs if is_eu(o.country)),
        organisations_non_eu=sum(1 for o in orgs if not is_eu(o.country)),
        participants=len(members_on(day)),
        countries=tuple(countries),
        countries_eu=eu,
        countries_non_eu=tuple(c for c in countries if not is_eu(c)),
    )


def month_ends(year: int) -> list[dt.date]:
    """The last day of each month of ``year``."""
    ends = []
    for month in range(1, 13):
        first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
        ends.append(first_next - dt.timedelta(days=1))
    return ends


def growth(days: list[dt.date]) -> list[NetworkSize]:
    """The network's size on each of ``days`` (e.g. :func:`month_ends` of a year)."""
    return [network_on(day) for day in days]
