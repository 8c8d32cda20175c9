"""The yearly report as a PDF (fpdf2 with the shipped DejaVu fonts, like an alert's PDF): the TLP
label on every page, tables for the figures and the Code of Practice (TTPs observed, Blue counters
applied), the charts as images."""

from __future__ import annotations

import io
from collections.abc import Sequence

from cdnet.dispatch.pdf import FONT, AlertPdf
from cdnet.reports.annual import markdown
from cdnet.reports.annual.charts import render_png
from cdnet.reports.annual.document import AnnualReport


class ReportPdf(AlertPdf):
    """An alert's page layout (TLP top right and at the foot) with tables and charts."""

    def heading(self, text: str) -> None:
        """A heading never alone at the foot of a page."""
        if self.will_page_break(30):
            self.add_page()
        super().heading(text)

    def grid(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float] = (),
        size: float = 8.5,
    ) -> None:
        """A table; ``widths`` are relative column widths (the last one repeats)."""
        self.set_font(FONT, "", size)
        weights = [widths[min(i, len(widths) - 1)] for i in range(len(header))] if widths else None
        with self.table(
            first_row_as_headings=True,
            line_height=1.6 * size / 2.8,
            text_align="LEFT",
            col_widths=tuple(weights) if weights else None,
        ) as table:
            table.row([str(h) for h in header])
            for values in rows:
                table.row([str(v) for v in values])
        self.ln(2)


def _summary(pdf: ReportPdf, report: AnnualReport) -> None:
    net = report.network
    pdf.heading(f"Network summary (on {net.on.isoformat()})")
    pdf.grid(
        ("", "Count", "Detail"),
        [
            ("Organisations", net.organisations,
             f"{net.organisations_eu} EU, {net.organisations_non_eu} non-EU"),
            ("Participants", net.participants, ""),
            ("Countries", len(net.countries),
             f"EU: {', '.join(net.countries_eu) or '—'}; "
             f"non-EU: {', '.join(net.countries_non_eu) or '—'}"),
            ("Findings seen", report.totals["findings"], ""),
            ("Alerts sent", report.totals["alerts"], ""),
            ("Outcomes recorded", report.totals["outcomes"], ""),
        ],
        widths=(3, 1.2, 6),
    )  # fmt: skip


def _figures(pdf: ReportPdf, report: AnnualReport) -> None:
    pdf.heading("Figures")
    if not report.figures:
        pdf.para("No figures for this year.")
    for section, figures in report.figure_sections():
        rows = [(f.label, markdown.figure_value(f)) for f in figures]
        pdf.grid((section, "Value"), rows, widths=(5, 2))


def _definitions(pdf: ReportPdf, report: AnnualReport) -> None:
    notes = [(f.label, f.note) for f in report.figures if f.note]
    if notes:
        pdf.heading("How the figures are counted")
        pdf.grid(("Figure", "Definition"), notes, widths=(3, 7), size=7.5)


def _charts(pdf: ReportPdf, report: AnnualReport) -> None:
    charts = [chart for chart in report.charts if not chart.empty]
    if not charts:
        return
    pdf.add_page()
    pdf.heading("Charts")
    for chart in charts:
        width = pdf.epw
        if pdf.will_page_break(width * 0.5):
            pdf.add_page()
        pdf.image(io.BytesIO(render_png(chart)), w=width)
        pdf.ln(3)


def _cop(pdf: ReportPdf, report: AnnualReport) -> None:
    pdf.heading("Code of Practice on Disinformation: Commitment 14, Measure 14.3")
    pdf.para(
        "TTPs observed in the year, mapped to DISARM (Red Framework): the findings and alerts "
        "that carry each technique, and those records per platform.",
        size=9,
    )
    if not report.ttps:
        pdf.para("No TTPs observed.")
    else:
        header = ("DISARM id", "Technique", "Tactic", "Findings", "Alerts", *report.platforms)
        rows = [
            (r.technique_id, r.name, r.tactic_name, r.findings, r.alerts,
             *report.platform_counts(r))
            for r in report.ttps
        ]  # fmt: skip
        size = 7 if len(header) > 8 else 8
        pdf.grid(header, rows, widths=(2.2, 4.5, 3.6, 1.6, 1.6, 2), size=size)
    _counters(pdf, report)


def _counters(pdf: ReportPdf, report: AnnualReport) -> None:
    pdf.heading("DISARM Blue counters applied")
    pdf.para(markdown.COUNTERS_INTRO, size=9)
    if not report.counters:
        pdf.para("No counters applied.")
        return
    rows = [(c.counter_id, c.name, c.alerts, c.outcomes) for c in report.counters]
    pdf.grid(("DISARM id", "Counter", "Alerts", "Outcomes"), rows, widths=(2.2, 8, 1.6, 1.6))


def _outcomes(pdf: ReportPdf, report: AnnualReport) -> None:
    pdf.heading("Outcomes")
    if not report.outcomes:
        pdf.para("No outcomes recorded.")
        return
    rows = [
        (o.day.isoformat(), o.kind_label, o.platform, o.subject, ", ".join(o.countries),
         o.alert_title)
        for o in report.outcomes
    ]  # fmt: skip
    header = ("Date", "Outcome", "Platform", "Subject", "Countries", "Alert")
    pdf.grid(header, rows, widths=(2.2, 3, 2, 6, 2, 5), size=7.5)


def render_pdf(report: AnnualReport) -> bytes:
    """The report as PDF bytes; page 1 holds the title, the summary and the figures."""
    pdf = ReportPdf(report.tlp, "Page")
    pdf.set_title(f"{report.title} (TLP:{report.tlp})")
    pdf.set_creator("cdnet")
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 9, report.title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.para(f"TLP:{report.tlp} · {report.version_label}", size=9)
    pdf.para(f"Generated {report.generated_at:%Y-%m-%d %H:%M} UTC by cdnet.", size=8)
    _summary(pdf, report)
    _figures(pdf, report)
    _cop(pdf, report)
    _outcomes(pdf, report)
    _charts(pdf, report)
    _definitions(pdf, report)
    return bytes(pdf.output())
