from __future__ import annotations

import re
import zlib

import pytest

from cdnet.dispatch.pdf import render_pdf
from cdnet.dispatch.redaction import drop_marked_sections, redact
from cdnet.dispatch.rendering import render_alert
from cdnet.dispatch.wording import CATALOGUES, pick_language
from cdnet.errors import NotAllowed
from cdnet.network.services import add_recipient
from factories import make_alert, make_finding

SUMMARY = """Alice Martin (alice.martin@alpha.example) found posts linking to **spiegel.ltd**;
@bob checked them.

## Sources [TLP:RED]
An informant inside the operation.

## Next steps
Watch the domain."""


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes]]:
    """Object number -> (dictionary, decompressed stream) of a PDF written by fpdf2."""
    found = {}
    for m in re.finditer(rb"(\d+) 0 obj\s*(.*?)endobj", pdf, re.S):
        head, _, rest = m.group(2).partition(b"stream\n")
        length = re.search(rb"/Length (\d+)", head)
        stream = rest[: int(length.group(1))] if rest and length else b""
        if b"/FlateDecode" in head:
            stream = zlib.decompress(stream)
        found[int(m.group(1))] = (head, stream)
    return found


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _cmap(stream: bytes) -> dict[int, str]:
    pairs = re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]{4,8})>", stream)
    return {int(a, 16): bytes.fromhex(b.decode()).decode("utf-16-be") for a, b in pairs}


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF written by fpdf2: glyph codes mapped back through each font's ToUnicode
    map (no PDF library needed). One line per text object."""
    objects = _objects(pdf)
    fonts = {}
    for head, _ in objects.values():
        for name, num in re.findall(rb"/(F\d+) (\d+) 0 R", head):
            unicode_ref = re.search(rb"/ToUnicode (\d+) 0 R", objects[int(num)][0])
            if unicode_ref:
                fonts[name] = _cmap(objects[int(unicode_ref.group(1))][1])
    lines, cmap = [], {}
    token = re.compile(rb"/(F\d+) [\d.]+ Tf|\((.*?)(?<!\\)\)(?= Tj|[ \d.-]*[(\]])|(ET)", re.S)
    for _, stream in objects.values():
        line = ""
        for font, literal, end in token.findall(stream):
            if font:
                cmap = fonts.get(font, {})
            elif end:
                lines.append(line) if line else None
                line = ""
            else:
                data = re.sub(rb"\\(.)", lambda m: _ESCAPES.get(m[1], m[1]), literal)
                codes = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]
                line += "".join(cmap.get(c, "?") for c in codes)
    return "\n".join(lines)


@pytest.fixture
def alice_named(network):
    network.alice.first_name, network.alice.last_name = "Alice", "Martin"
    network.alice.email = "alice.martin@alpha.example"
    network.alice.save()
    return network


def red_finding():
    finding = make_finding("spiegel.ltd.ua", "spiegel.de")
    finding.tlp = "RED"
    finding.save()
    return finding


def test_redaction_removes_member_names_from_the_text_the_html_and_the_pdf(alice_named):
    network = alice_named
    alert = make_alert(network.alice, summary=SUMMARY)
    message = render_alert(alert, network.platform)
    [(name, pdf, mime)] = message.attachments
    assert mime == "application/pdf" and name == f"alert-{alert.pk}-tlp-amber.pdf"
    extracted = pdf_text(pdf)
    assert "spiegel.ltd" in extracted
    for rendering in (message.text, message.html, extracted):
        for identity in ("Alice Martin", "alice.martin@alpha.example", "@bob"):
            assert identity not in rendering
        assert "Alpha Fact-Check" in rendering
    assert "the network checked them" in message.text  # bob's organisation is not credited


def test_sections_and_findings_above_the_recipients_tlp_are_dropped(alice_named):
    network = alice_named
    alert = make_alert(network.alice, summary=SUMMARY)
    alert.findings.add(red_finding())
    message = render_alert(alert, network.platform)  # cleared up to AMBER
    for rendering in (message.text, message.html, pdf_text(message.attachments[0][1])):
        assert "informant" not in rendering
        assert "spiegel.ltd.ua" not in rendering
        assert "Watch the domain." in rendering
    cleared = add_recipient("Cleared DSC", "government", "red@dsc.example", "FR", max_tlp="RED")
    view = redact(alert, cleared)
    assert "informant" in view.summary
    assert {f.subject for f in view.findings} == {"spiegel.ltd", "spiegel.ltd.ua"}


def test_an_alert_above_the_recipients_tlp_is_refused(network):
    alert = make_alert(network.alice, tlp="RED")
    with pytest.raises(NotAllowed, match="up to TLP:AMBER"):
        render_alert(alert, network.platform)


def test_a_nested_heading_stays_inside_the_dropped_section():
    text = "# A\nkeep\n## Secret TLP:AMBER+STRICT\nno\n### Detail\nno\n## Open\nyes"
    kept, dropped = drop_marked_sections(text, "AMBER")
    assert kept == "# A\nkeep\n## Open\nyes" and dropped == 1


def test_french_and_german_recipients_get_french_and_german_wording(network):
    alert = make_alert(network.alice, target_countries=["FR"])
    french = add_recipient("Arcom", "government", "dsc@arcom.example", "FR", languages=["fr-FR"])
    german = add_recipient("BNetzA", "government", "dsc@bnetza.example", "DE", languages=["de"])
    fr, de = render_alert(alert, french), render_alert(alert, german)
    assert "Résumé" in fr.text and "Ce message est classé TLP:AMBER." in fr.text
    assert 'lang="fr"' in fr.html and "À l'attention de Arcom," in fr.text
    assert (
        "Zusammenfassung" in de.text and "Diese Nachricht ist als TLP:AMBER eingestuft." in de.html
    )
    assert "Seite 1/1" in pdf_text(de.attachments[0][1])
    assert "Posts link to" in fr.text and "Posts link to" in de.text  # the alert's text as written
    assert fr.data["language"] == "fr" and de.data["language"] == "de"


def test_the_first_supported_language_wins_and_english_is_the_fallback():
    assert pick_language(["pl", "de-AT", "fr"]) == "de"
    assert pick_language(["pl", "ro"]) == "en"
    assert pick_language([]) == "en"


def test_every_catalogue_has_every_string():
    keys = set(CATALOGUES["en"])
    assert all(set(words) == keys for words in CATALOGUES.values())


def test_every_pdf_page_carries_the_tlp_marking(network):
    long_text = "\n\n".join(f"Paragraph {i}: " + "Doppelganger " * 60 for i in range(30))
    alert = make_alert(network.alice, tlp="GREEN", summary=long_text)
    pdf = render_alert(alert, network.platform).attachments[0][1]
    pages = len(re.findall(rb"/Type /Page\b", pdf))
    assert pages > 1
    text = pdf_text(pdf)
    assert text.count("TLP:GREEN") >= 2 * pages  # the label at the top, the foot line
    assert f"Page {pages}/{pages}" in text


def test_the_webhook_data_is_the_redacted_alert(alice_named):
    network = alice_named
    alert = make_alert(network.alice, summary=SUMMARY, platforms=["x"])
    data = render_alert(alert, network.platform).data
    assert data["type"] == "alert" and data["tlp"] == "AMBER" and data["platforms"] == ["x"]
    assert data["techniques"][0]["id"] == "T0149.003"
    assert "Alice Martin" not in str(data) and "informant" not in str(data)
    assert data["credit"] == ["Alpha Fact-Check"]


def test_a_pdf_renders_text_in_every_supported_language(network):
    alert = make_alert(network.alice, title="Désinformation über Wahlen — Straße")
    view = redact(alert, network.platform)
    text = pdf_text(render_pdf(view, "fr"))
    assert "Désinformation über Wahlen — Straße" in text and "Résumé" in text
