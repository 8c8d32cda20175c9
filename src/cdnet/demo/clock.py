"""The demo's calendar: a year of work replayed, each step at its own date.

The demo data is written for a template year (:data:`TEMPLATE_YEAR`); :class:`Replay` moves
every date by whole weeks into the previous calendar year, so a weekday stays a weekday and the
yearly report of last year is full. :func:`clock_at` runs the real services at such a date:
Django's ``timezone.now`` (behind every ``auto_now_add`` field, the audit log, the outbox and
the services' "not in the future" checks) answers that moment while the step runs.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.utils import timezone

#: The year the demo files are dated in.
TEMPLATE_YEAR = 2024
_TICK = dt.timedelta(milliseconds=1)


@dataclass(frozen=True)
class Replay:
    """Dates of the template year moved to ``year`` (by whole weeks), and the real today."""

    year: int
    today: dt.date

    @classmethod
    def for_today(cls, today: dt.date | None = None) -> Replay:
        today = today or timezone.now().date()
        return cls(year=today.year - 1, today=today)

    @property
    def shift(self) -> dt.timedelta:
        days = (dt.date(self.year, 1, 1) - dt.date(TEMPLATE_YEAR, 1, 1)).days
        return dt.timedelta(weeks=round(days / 7))

    def at(
        self, month: int, day: int, hour: int = 10, minute: int = 0, *, year: int = 0
    ) -> dt.datetime:
        """The template date ``(year or TEMPLATE_YEAR)-month-day hour:minute`` UTC, moved."""
        moment = dt.datetime(year or TEMPLATE_YEAR, month, day, hour, minute, tzinfo=dt.UTC)
        return moment + self.shift

    def day(self, month: int, day: int, *, year: int = 0) -> dt.date:
        return self.at(month, day, year=year).date()

    def move(self, moment: dt.datetime) -> dt.datetime:
        """A template moment (any year) moved like every other demo date."""
        return moment + self.shift

    def has_come(self, moment: dt.datetime) -> bool:
        """Whether ``moment`` lies before the real today (later steps are left out)."""
        return moment.date() < self.today


@contextmanager
def clock_at(moment: dt.datetime) -> Iterator[None]:
    """Run the enclosed steps as if it were ``moment`` (advancing a millisecond per reading, so
    rows made in one step keep their order)."""
    original = timezone.now
    ticks = itertools.count()
    timezone.now = lambda: moment + next(ticks) * _TICK
    try:
        yield
    finally:
        timezone.now = original
