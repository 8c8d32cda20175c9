"""The figures of the yearly report, for any period and audience, each with its records.

``compute_figures(period, audience)`` returns every figure in the report's order; the annual
report, the figures pages, the API and the CLI render that list. Definitions: docs/figures.md.
"""

from __future__ import annotations

from collections.abc import Callable

from cdnet.errors import NotFound
from cdnet.reports.figure import Audience, Figure, Period
from cdnet.reports.figures import activity, advocacy, detected, growth

Compute = Callable[[Period, Audience], Figure]

#: Every figure by its key, in the order of the report.
FIGURES: dict[str, Compute] = {
    **activity.FIGURES,
    **detected.FIGURES,
    **advocacy.FIGURES,
    **growth.FIGURES,
}


def compute_figures(period: Period, audience: Audience) -> list[Figure]:
    """Every figure for ``period`` as ``audience`` may see it, in the report's order."""
    return [compute(period, audience) for compute in FIGURES.values()]


def figure_keys() -> list[str]:
    """The keys of the figures, in the report's order."""
    return list(FIGURES)


def compute_figure(key: str, period: Period, audience: Audience) -> Figure:
    """One figure by its key; NotFound for an unknown key."""
    compute = FIGURES.get(key)
    if compute is None:
        raise NotFound(f"no figure {key!r}; the figures are {', '.join(FIGURES)}")
    return compute(period, audience)


__all__ = ["FIGURES", "compute_figure", "compute_figures", "figure_keys"]
