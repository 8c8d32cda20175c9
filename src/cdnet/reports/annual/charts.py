"""The yearly report's charts drawn with matplotlib (Agg, no pyplot state): SVG for the web page
and the HTML file, PNG for the PDF.

* :class:`~cdnet.reports.annual.chartdata.BarChart` -- grouped bars (per month, platform, country).
* :class:`Heatmap` -- the DISARM matrix of the period: one column per tactic (in the framework's
  order), one cell per observed technique, shaded by how many findings and alerts carry it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import matplotlib
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from cdnet.reports.annual.chartdata import BarChart
from cdnet.reports.annual.cop import TtpRow

matplotlib.use("Agg")

COLOURS = ("#1f4e79", "#b03a2e", "#2e7d32", "#8e6c00")
_RC: dict[Any, Any] = {"svg.fonttype": "none", "svg.hashsalt": "cdnet", "font.size": 9}


@dataclass(frozen=True)
class HeatmapColumn:
    tactic_id: str
    tactic_name: str
    cells: tuple[tuple[str, int], ...]  # (technique id, count), most frequent first


@dataclass(frozen=True)
class Heatmap:
    key: str
    title: str
    columns: tuple[HeatmapColumn, ...]

    @property
    def empty(self) -> bool:
        return not self.columns


def heatmap_of(rows: list[TtpRow], tactic_order: list[tuple[str, str]]) -> Heatmap:
    """The observed techniques by tactic, tactics in ``tactic_order`` ((id, name) pairs)."""
    columns = []
    for tactic_id, tactic_name in tactic_order:
        cells = [(r.technique_id, r.total) for r in rows if r.tactic_id == tactic_id]
        if cells:
            cells.sort(key=lambda cell: (-cell[1], cell[0]))
            columns.append(HeatmapColumn(tactic_id, tactic_name, tuple(cells)))
    return Heatmap("disarm-heatmap", "DISARM techniques observed, by tactic", tuple(columns))


def _draw_bars(figure: Figure, chart: BarChart) -> None:
    axes = figure.add_subplot()
    count = max(len(chart.series), 1)
    width = 0.8 / count
    positions = range(len(chart.categories))
    for index, (name, values) in enumerate(chart.series.items()):
        offset = (index - (count - 1) / 2) * width
        axes.bar(
            [p + offset for p in positions],
            values,
            width,
            label=name,
            color=COLOURS[index % len(COLOURS)],
        )
    axes.set_xticks(
        list(positions), list(chart.categories), rotation=45 if len(positions) > 6 else 0
    )
    axes.set_xlabel(chart.xlabel)
    axes.set_ylabel("count")
    axes.set_title(chart.title)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(loc="upper right", fontsize="small")


def _draw_heatmap(figure: Figure, chart: Heatmap) -> None:
    axes = figure.add_subplot()
    top = max((n for column in chart.columns for _, n in column.cells), default=1)
    cmap = matplotlib.colormaps["Reds"]
    depth = max((len(column.cells) for column in chart.columns), default=1)
    for x, column in enumerate(chart.columns):
        for y, (technique_id, n) in enumerate(column.cells):
            shade = 0.15 + 0.75 * n / top
            axes.add_patch(Rectangle((x, -y - 1), 0.95, 0.9, color=cmap(shade)))
            ink = "white" if shade > 0.6 else "black"
            axes.text(x + 0.47, -y - 0.55, f"{technique_id}\n{n}", ha="center", va="center",
                      fontsize=7, color=ink)  # fmt: skip
    axes.set_xlim(0, max(len(chart.columns), 1))
    axes.set_ylim(-depth, 0)
    axes.set_xticks([x + 0.47 for x in range(len(chart.columns))])
    axes.set_xticklabels([f"{c.tactic_id}\n{c.tactic_name}" for c in chart.columns], fontsize=7)
    axes.xaxis.tick_top()
    axes.set_yticks([])
    axes.set_title(chart.title, pad=28)
    for side in ("left", "right", "bottom", "top"):
        axes.spines[side].set_visible(False)


def _figure(chart: BarChart | Heatmap) -> Figure:
    if isinstance(chart, Heatmap):
        columns = max(len(chart.columns), 1)
        rows = max((len(c.cells) for c in chart.columns), default=1)
        figure = Figure(figsize=(max(6.0, 1.3 * columns), 1.4 + 0.55 * rows))
        _draw_heatmap(figure, chart)
    else:
        figure = Figure(figsize=(7.0, 3.4))
        _draw_bars(figure, chart)
    figure.tight_layout()
    return figure


def render_svg(chart: BarChart | Heatmap) -> str:
    """The chart as an ``<svg>`` element (no XML prolog), ready to inline in HTML."""
    buffer = io.StringIO()
    with matplotlib.rc_context(_RC):
        _figure(chart).savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def render_png(chart: BarChart | Heatmap, dpi: int = 150) -> bytes:
    buffer = io.BytesIO()
    with matplotlib.rc_context(_RC):
        _figure(chart).savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
