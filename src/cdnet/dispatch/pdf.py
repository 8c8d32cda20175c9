"""An alert as a PDF (fpdf2, DejaVu Sans embedded): the TLP marking on every page.

Renders an :class:`~cdnet.dispatch.redaction.AlertView`, so it holds exactly what the recipient may
see, with the wording of the recipient's language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import resources

from fpdf import FPDF

from cdnet.dispatch.redaction import AlertView
from cdnet.dispatch.wording import join_names, tlp_notice, wording

FONT = "DejaVu"
#: FIRST TLP 2.0 colours (text on black)
TLP_COLOURS = {
    "CLEAR": (255, 255, 255),
    "GREEN": (51, 255, 0),
    "AMBER": (255, 192, 0),
    "AMBER+STRICT": (255, 192, 0),
    "RED": (255, 43, 43),
}
_INLINE = re.compile(r"(\*\*|__|`)")


def plain(markdown: str) -> str:
    """Markdown as plain text, good enough for print: emphasis marks and heading hashes go."""
    lines = [re.sub(r"^#{1,6}\s+", "", line) for line in markdown.splitlines()]
    return _INLINE.sub("", "\n".join(lines)).strip()


class AlertPdf(FPDF):
    """A page with the TLP label at the top right and the TLP and page number at the foot."""

    def __init__(self, tlp: str, page_word: str) -> None:
        super().__init__(format="A4")
        self.tlp = tlp
        self.page_word = page_word
        self.set_auto_page_break(auto=True, margin=18)
        font_dir = resources.files("cdnet.data") / "fonts"
        for style, name in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf")):
            with resources.as_file(font_dir / name) as path:
                self.add_font(FONT, style, str(path))

    def tlp_label(self) -> None:
        self.set_font(FONT, "B", 9)
        self.set_fill_color(0, 0, 0)
        self.set_text_color(*TLP_COLOURS.get(self.tlp, TLP_COLOURS["RED"]))
        label = f"TLP:{self.tlp}"
        width = self.get_string_width(label) + 4
        self.set_xy(self.w - self.r_margin - width, 8)
        self.cell(width, 6, label, fill=True, align="C")
        self.set_text_color(0, 0, 0)

    def header(self) -> None:
        self.tlp_label()
        self.set_xy(self.l_margin, 18)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, "", 8)
        self.set_text_color(80, 80, 80)
        text = f"TLP:{self.tlp} · {self.page_word} {self.page_no()}/{{nb}}"
        self.cell(0, 6, text, align="C")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str) -> None:
        self.ln(2)
        self.set_font(FONT, "B", 12)
        self.multi_cell(0, 7, text, align="L", new_x="LMARGIN", new_y="NEXT")

    def para(self, text: str, size: int = 10) -> None:
        if text.strip():
            self.set_font(FONT, "", size)
            self.multi_cell(0, 5.5, text, align="L", new_x="LMARGIN", new_y="NEXT")


def _details(view: AlertView, words: Mapping[str, str]) -> list[str]:
    rows = (
        (words["countries"], ", ".join(view.countries)),
        (words["elections"], ", ".join(view.elections)),
        (words["platforms"], ", ".join(view.platforms)),
        (words["actor"], view.actor),
        (words["attribution"], view.attribution),
        ("PAP", view.pap),
    )
    return [f"{label}: {value}" for label, value in rows if value]


def _lists(pdf: AlertPdf, view: AlertView, words: Mapping[str, str]) -> None:
    if view.techniques:
        pdf.heading(words["techniques"])
        pdf.para("\n".join(f"• {tid} {name}".rstrip() for tid, name in view.techniques))
    if view.findings:
        pdf.heading(f"{words['findings']} ({len(view.findings)})")
        pdf.para("\n".join(f"• {f.subject}: {f.explanation}" for f in view.findings))
    if view.evidence:
        pdf.heading(words["evidence"])
        lines = [f"• {e.title} {e.url} ({e.captured}, SHA-256 {e.sha256})" for e in view.evidence]
        pdf.para("\n".join(lines), size=9)


def render_pdf(view: AlertView, language: str) -> bytes:
    """The alert as PDF bytes, in ``language`` (en, fr, de)."""
    words = wording(language)
    pdf = AlertPdf(view.tlp, words["page"])
    pdf.set_title(view.title)
    pdf.set_creator("cdnet")
    pdf.add_page()
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(0, 8, view.title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.para(tlp_notice(language, view.tlp), size=9)
    details = _details(view, words)
    if details:
        pdf.heading(words["details"])
        pdf.para("\n".join(details))
    for key, text in (("summary", view.summary), ("what_happened", view.what_happened)):
        if text.strip():
            pdf.heading(words[key])
            pdf.para(plain(text))
    _lists(pdf, view, words)
    if view.recommended_actions.strip():
        pdf.heading(words["recommended"])
        pdf.para(plain(view.recommended_actions))
    pdf.ln(3)
    credit = join_names(view.credit, language)
    pdf.para(words["credit"].format(id=view.alert_id, credit=credit), size=9)
    return bytes(pdf.output())
