"""The fixed wording of messages to recipients, in English, French and German.

Only cdnet's own strings are translated (headings, the TLP notice, the acknowledgement wording); an
alert's own text goes out as its authors wrote it. The TLP notices paraphrase the FIRST TLP 2.0
definitions; the French and German versions are the project's translations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

SUPPORTED = ("en", "fr", "de")
DEFAULT = "en"

EN: dict[str, str] = {
    "greeting": "Dear {name},",
    "intro": "The counter-disinformation network sends you the following alert.",
    "summary": "Summary",
    "what_happened": "What happened",
    "details": "Details",
    "countries": "Countries",
    "elections": "Elections",
    "platforms": "Platforms",
    "actor": "Actor",
    "attribution": "Attribution",
    "techniques": "DISARM techniques",
    "findings": "Findings",
    "recommended": "Recommended actions",
    "evidence": "Evidence",
    "credit": "Alert {id} from the counter-disinformation network, prepared by {credit}.",
    "network": "the network",
    "and": "and",
    "tlp_line": "This message is marked TLP:{tlp}.",
    "ack_intro": "Please tell us that this alert reached you, and whether you act on it "
    "(no account needed):",
    "ack_link": "Acknowledge",
    "attachment": "The attached PDF holds the same alert for printing and filing.",
    "page": "Page",
    "tlp:CLEAR": "Recipients may share this without limit.",
    "tlp:GREEN": "Recipients may share this within their community, "
    "but not through publicly accessible channels.",
    "tlp:AMBER": "Recipients may share this only on a need-to-know basis "
    "within their organisation and with its clients.",
    "tlp:AMBER+STRICT": "Recipients may share this only on a need-to-know basis "
    "within their organisation.",
    "tlp:RED": "For the eyes and ears of the named recipients only; no further disclosure.",
}

FR: dict[str, str] = {
    "greeting": "À l'attention de {name},",
    "intro": "Le réseau de lutte contre la désinformation vous transmet l'alerte suivante.",
    "summary": "Résumé",
    "what_happened": "Ce qui s'est passé",
    "details": "Détails",
    "countries": "Pays",
    "elections": "Élections",
    "platforms": "Plateformes",
    "actor": "Acteur",
    "attribution": "Attribution",
    "techniques": "Techniques DISARM",
    "findings": "Constats",
    "recommended": "Actions recommandées",
    "evidence": "Preuves",
    "credit": "Alerte {id} du réseau de lutte contre la désinformation, préparée par {credit}.",
    "network": "le réseau",
    "and": "et",
    "tlp_line": "Ce message est classé TLP:{tlp}.",
    "ack_intro": "Merci de nous confirmer que cette alerte vous est parvenue et de nous dire "
    "si vous agissez (sans compte) :",
    "ack_link": "Accuser réception",
    "attachment": "Le PDF joint reprend cette alerte pour l'impression et l'archivage.",
    "page": "Page",
    "tlp:CLEAR": "Les destinataires peuvent diffuser cette information sans restriction.",
    "tlp:GREEN": "Les destinataires peuvent partager cette information au sein de leur "
    "communauté, mais pas par des canaux accessibles au public.",
    "tlp:AMBER": "Les destinataires ne peuvent partager cette information qu'au sein de leur "
    "organisation et avec ses clients, selon le besoin d'en connaître.",
    "tlp:AMBER+STRICT": "Les destinataires ne peuvent partager cette information qu'au sein "
    "de leur organisation, selon le besoin d'en connaître.",
    "tlp:RED": "Réservé aux seuls destinataires nommés ; aucune diffusion ultérieure.",
}

DE: dict[str, str] = {
    "greeting": "Guten Tag {name},",
    "intro": "Das Netzwerk gegen Desinformation übermittelt Ihnen die folgende Warnmeldung.",
    "summary": "Zusammenfassung",
    "what_happened": "Was geschehen ist",
    "details": "Einzelheiten",
    "countries": "Länder",
    "elections": "Wahlen",
    "platforms": "Plattformen",
    "actor": "Akteur",
    "attribution": "Zuordnung",
    "techniques": "DISARM-Techniken",
    "findings": "Befunde",
    "recommended": "Empfohlene Maßnahmen",
    "evidence": "Belege",
    "credit": "Warnmeldung {id} des Netzwerks gegen Desinformation, erstellt von {credit}.",
    "network": "dem Netzwerk",
    "and": "und",
    "tlp_line": "Diese Nachricht ist als TLP:{tlp} eingestuft.",
    "ack_intro": "Bitte bestätigen Sie uns den Empfang dieser Warnmeldung und ob Sie tätig "
    "werden (ohne Konto):",
    "ack_link": "Empfang bestätigen",
    "attachment": "Das beigefügte PDF enthält dieselbe Warnmeldung zum Drucken und Ablegen.",
    "page": "Seite",
    "tlp:CLEAR": "Empfänger dürfen diese Information uneingeschränkt weitergeben.",
    "tlp:GREEN": "Empfänger dürfen diese Information innerhalb ihrer Community teilen, "
    "aber nicht über öffentlich zugängliche Kanäle.",
    "tlp:AMBER": "Empfänger dürfen diese Information nur nach dem Need-to-know-Prinzip "
    "innerhalb ihrer Organisation und mit deren Kunden teilen.",
    "tlp:AMBER+STRICT": "Empfänger dürfen diese Information nur nach dem "
    "Need-to-know-Prinzip innerhalb ihrer Organisation teilen.",
    "tlp:RED": "Nur für die namentlich genannten Empfänger bestimmt; keine Weitergabe.",
}

CATALOGUES: Mapping[str, Mapping[str, str]] = {"en": EN, "fr": FR, "de": DE}


def pick_language(languages: Iterable[str]) -> str:
    """The first of a recipient's languages that cdnet writes (``fr-BE`` counts as ``fr``)."""
    for raw in languages:
        code = str(raw).strip().lower().replace("_", "-").split("-", 1)[0]
        if code in SUPPORTED:
            return code
    return DEFAULT


def wording(language: str) -> Mapping[str, str]:
    return CATALOGUES.get(language, EN)


def tlp_notice(language: str, tlp: str) -> str:
    """The TLP line and what the level allows, in one sentence pair."""
    words = wording(language)
    return f"{words['tlp_line'].format(tlp=tlp)} {words.get('tlp:' + tlp, words['tlp:RED'])}"


def join_names(names: Iterable[str], language: str) -> str:
    """``A``, ``A and B``, ``A, B and C`` in the language; "the network" when there is none."""
    items = [n for n in names if n]
    words = wording(language)
    if not items:
        return words["network"]
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {words['and']} {items[-1]}"
