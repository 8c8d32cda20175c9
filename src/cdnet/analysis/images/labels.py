"""AI labels in captions, in the EU's languages.

A caption is labelled when a word for AI (``AI``, ``IA``, ``KI``, ``UI``, ``ИИ``, Greek ``TN``,
``tekoäly``, or "artificial intelligence" in any EU language, which is first rewritten to ``ai``)
stands within four words of a word for generated, created or made in any EU language
("AI-generated", "généré par IA", "KI-generiert", "generato con l'IA", "wygenerowane przez
sztuczną inteligencję", ...), or when a hashtag such as ``#aiart``, ``#madewithai`` or
``#kigeneriert`` is present. Bare ``#ai`` or a mention of AI as a topic is not a label.
"""

from __future__ import annotations

import re

WINDOW = 4  # words between the AI word and the verb

_INTELLIGENCE = re.compile(
    r"\b(artificial|artificiel\w*|künstlich\w*|kunstmatig\w*|artificial\w*|artificiale|"
    r"artificială|sztuczn\w*|konstgjord\w*|kunstig\w*|keinotekoi\w*|mesterséges|uměl\w*|umel\w*|"
    r"umjetn\w*|umetn\w*|изкуствен\w*|τεχνητ\w*|dirbtin\w*|mākslīg\w*|artifiċjal\w*|saorga)"
    r"\s+(intelligen\w*|inteligen\w*|intelekt\w*|інтелект\w*|интелект\w*|νοημοσύν\w*|inteliġen\w*|"
    r"intleacht\w*|älykkyy\w*)",
    re.IGNORECASE,
)
_INTELLIGENCE_FIRST = re.compile(  # Romance languages: the noun comes first
    r"\b(intel\w*|inteliġen\w*)\s+(artificiel\w*|artificial\w*|artifici\w*|"
    r"artifiċjal\w*|artificală)",
    re.IGNORECASE,
)
_OTHER_AI = re.compile(
    r"\b(mesterséges intelligencia|tehisintellekt\w*|tehisaru\w*|tekoäly\w*|"
    r"mi által|ai által)\b",
    re.IGNORECASE,
)
_AI_WORDS = frozenset({"ai", "ia", "ki", "ui", "ии", "τν", "ui-", "ai-"})
_VERB_STEMS = (
    "generat",
    "génér",
    "gener",
    "gerad",
    "gegenereerd",
    "wygenerowan",
    "vygener",
    "generál",
    "генерир",
    "генерира",
    "generir",
    "sugeneruot",
    "ģenerē",
    "genereer",
    "genererad",
    "genereret",
    "generert",
    "generoi",
    "δημιουργ",
    "παραγ",
    "creat",
    "créé",
    "crée",
    "cré",
    "erstellt",
    "erzeugt",
    "creado",
    "creada",
    "criad",
    "gemaakt",
    "stworz",
    "utworz",
    "skapad",
    "luotu",
    "luoma",
    "tuottam",
    "vytvoř",
    "vytvor",
    "készült",
    "készít",
    "създад",
    "ustvarj",
    "izrađ",
    "napravlj",
    "sukurt",
    "loodud",
    "radīt",
    "made",
    "fait",
    "gemacht",
    "fatto",
    "hecho",
    "feito",
    "realizzat",
    "realizad",
    "elaborad",
    "maakt",
    "produced",
    "edited",
    "bearbeitet",
    "modifi",
    "retouch",
    "manipul",
)
_HASHTAG = re.compile(
    r"#(?:ai|ki|ia|ui)(?:generated|gen|art|artwork|image|images|bild|kunst|generiert|"
    r"genere|généré|generata|generato|generado|generada|gegenereerd|photo|foto)\b|"
    r"#(?:madewithai|generatedbyai|createdwithai|aigeneratedimage|kuenstlicheintelligenz)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _is_verb(word: str) -> bool:
    return any(word.startswith(stem) for stem in _VERB_STEMS)


def has_ai_label(caption: str | None) -> bool:
    """Whether the caption tells the reader the image is AI-made or AI-edited."""
    if not caption:
        return False
    if _HASHTAG.search(caption):
        return True
    text = _INTELLIGENCE_FIRST.sub(" ai ", _INTELLIGENCE.sub(" ai ", caption))
    text = _OTHER_AI.sub(" ai ", text)
    words = [w.lower() for w in _WORD.findall(text.replace("'", " ").replace("\u2019", " "))]
    for index, word in enumerate(words):
        if word in _AI_WORDS:
            nearby = words[max(0, index - WINDOW) : index + WINDOW + 1]
            if any(_is_verb(w) for w in nearby if w not in _AI_WORDS):
                return True
    return False


def labelled(ai_label: bool | None, caption: str | None, in_file: bool = False) -> bool | None:
    """True when the platform, the caption or the file's own IPTC text (``in_file``: an AI label
    in its IIM caption, headline or keywords) labels the image as AI.

    False when the platform's label is known to be absent (``ai_label`` false), or unknown but
    the caption was there to read and has no label; None when there is nothing to read. A file
    without an embedded label says nothing about the post, so it never makes this False.
    """
    if ai_label is True or in_file or has_ai_label(caption):
        return True
    if ai_label is False or (caption or "").strip():
        return False
    return None
