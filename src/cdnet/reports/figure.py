"""The shape of the yearly report's figures: a period, an audience, figures linked to records.

``cdnet.reports.figures.compute_figures(period, audience)`` returns a list of :class:`Figure`; the
annual report, the figures page, the API and the CLI all render that list.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from cdnet.errors import BadInput


class Audience(StrEnum):
    """Who a report is for: the public sees TLP:CLEAR or approved records only."""

    PUBLIC = "public"
    NETWORK = "network"


@dataclass(frozen=True)
class Period:
    """A closed range of days, ``start`` and ``end`` included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise BadInput(f"the period ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def year(cls, year: int) -> Period:
        if not 1900 <= year <= 9999:
            raise BadInput(f"{year} is not a year", field="year")
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls(dt.date(year, month, 1), dt.date(year, month, last))

    @property
    def label(self) -> str:
        if (
            self.start.month == 1
            and self.start.day == 1
            and self.end == dt.date(self.start.year, 12, 31)
        ):
            return str(self.start.year)
        return f"{self.start.isoformat()} to {self.end.isoformat()}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The period as aware UTC datetimes: ``[start 00:00, end + 1 day 00:00)``."""
        start = dt.datetime.combine(self.start, dt.time(), tzinfo=dt.UTC)
        return start, dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)


@dataclass(frozen=True)
class RecordRef:
    """One record behind a figure: its kind (``alert``, ``finding``, ``outcome``, ``meeting``,
    ``press_article``, ``event``, ``rrs_flag``, …), primary key, a label and the page to open."""

    kind: str
    pk: int
    label: str
    url: str


@dataclass(frozen=True)
class Figure:
    """A number of the yearly report and the records it was counted from.

    ``value`` is what the report prints; for a count it equals the number of distinct things
    counted, for a sum (readers, participants) it is the sum over ``records``. ``breakdown`` holds
    the same value split by platform, country or kind where that helps."""

    key: str
    label: str
    value: int
    records: tuple[RecordRef, ...] = ()
    unit: str = ""
    section: str = ""
    note: str = ""
    breakdown: dict[str, int] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The value with its unit, singular for one: ``1 meeting``, ``1,200 readers``."""
        if not self.unit:
            return f"{self.value:,}"
        return f"{self.value:,} {singular(self.unit) if self.value == 1 else self.unit}"


def singular(unit: str) -> str:
    """``meetings`` -> ``meeting``, ``countries`` -> ``country``, ``people`` -> ``person``."""
    if unit == "people":
        return "person"
    if unit.endswith("ies"):
        return unit[:-3] + "y"
    return unit[:-1] if unit.endswith("s") else unit
