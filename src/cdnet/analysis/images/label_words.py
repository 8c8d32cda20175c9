"""The words the caption-label matcher (:mod:`~cdnet.analysis.images.labels`) knows, per kind.

All are written *folded* (lower case, accents and other combining marks removed: ``genere``
stands for "généré", ``εικον`` for "εικόνα"), since captions are folded before matching; a stem
matches a word that starts with it. Letters that do not decompose (Polish ``ł``, Croatian
``đ``, Maltese ``ħ``) are spelled both ways where people type both.
"""

# ruff: noqa: RUF003  (text in the EU's scripts)

from __future__ import annotations

#: short words for AI, matched whole and in any case (``AI``, ``IA``, ``KI``, ``UI``, ``ИИ``,
#: Greek ``ΤΝ``)
AI_WORDS = frozenset({"ai", "ia", "ki", "ui", "ии", "τν"})
#: abbreviations that are also everyday words (Hungarian/Latvian ``MI`` = "we/what", Irish
#: ``IS`` = "is", Lithuanian ``DI``, Estonian ``TI``, Polish ``SI``): they count only in capitals
AI_CAPITALS = frozenset({"MI", "IS", "DI", "TI", "SI"})
#: one-word names for AI (Finnish, Estonian)
AI_SINGLE = ("tekoaly", "tehisintellekt", "tehisaru")
#: "artificial" in the EU languages (before or after the noun)
ARTIFICIAL = (
    "artifici", "artific", "kunstlich", "kuenstlich", "kunstmatig", "kunstig", "sztuczn",
    "mesterseges", "umel", "umetn", "umjetn", "изкуствен", "τεχνητ", "dirbtin", "maksl",
    "saorga", "shaorga",
)  # fmt: skip
#: "intelligence" in the EU languages
INTELLIGENCE = (
    "intellig",
    "intelig",
    "intelekt",
    "интелект",
    "νοημοσυν",
    "intleacht",
    "hintleacht",
)
#: names of image generators: a caption naming one with a verb ("made with Midjourney") or as
#: a hashtag (``#midjourney``) labels the image
GENERATORS = ("midjourney", "stablediffusion", "dalle", "firefly", "sdxl")
#: two-word generator names, joined before matching
GENERATOR_PAIRS = {("stable", "diffusion"): "stablediffusion", ("dall", "e"): "dalle"}
#: generated / created / made / edited, as stems
VERB_STEMS = (
    # generated
    "generat", "gener", "ggener", "gerad", "gegenereerd", "wygenerowan", "vygener",
    "генерир", "sugeneruot", "generoi", "ginte", "δημιουργ", "παραγ",
    # created, made, produced
    "creat", "cree", "erstellt", "erzeugt", "creado", "creada", "criad", "gemaakt",
    "stworz", "utworz", "skapad", "luotu", "luoma", "tuottam", "vytvor", "keszult", "keszit",
    "създад", "ustvarj", "izrad", "izrađ", "napravlj", "sukurt", "loodud", "radit", "made",
    "fait", "gemacht", "fatto", "hecho", "feito", "realizzat", "realizad", "realizat", "realis",
    "elaborad", "maakt", "produced", "lavet", "gjord", "tehty", "tehtud", "veidot", "deanta",
    "cruthaith", "render", "maghmul", "magħmul", "mahluq", "maħluq", "φτιαγμ", "φτιαχν",
    # edited
    "edit", "edytowan", "bearbeit", "bewerkt", "modifi", "modific", "retouch", "retusch",
    "manipul", "redig", "redaguot", "редактир", "upraven", "upravl", "urejen", "uređen",
    "ureden", "szerkeszt", "muokat", "toodeld",
)  # fmt: skip
#: words that start like a verb stem but are not one ("generation", "generative AI", "creative",
#: "editor", "realistic"): they describe AI, people or a look, not how the image was made
NOT_VERB_STEMS = (
    "generation", "generaz", "generativ", "generacion", "generacao", "generatie", "creativ",
    "creator", "edition", "editor", "edizion", "realist",
)  # fmt: skip
NOT_VERB_WORDS = frozenset({"general", "generale", "generali", "generally", "generals"})
#: short verb forms matched whole (Irish "ghin" = generated)
VERB_WORDS = frozenset({"gin", "ghin"})
#: picture, image, photo, illustration ... and credit lines: "AI image", "Bild: KI"
IMAGE_STEMS = (
    "image", "imag", "immagin", "picture", "photo", "foto", "fotk", "bild", "billed", "bilde",
    "kuva", "pilt", "attel", "obraz", "grafi", "ilustr", "illustr", "εικον", "изображен",
    "снимк", "zdjec", "afbeeld", "beeld", "slik", "vaizd", "iomh", "visuel", "stamp", "ritratt",
    "montage", "credit", "quelle", "fuente", "fonte", "zrodl", "źródł",
)  # fmt: skip
IMAGE_WORDS = frozenset({"kep", "kepet", "kepek"})
#: in hashtags only: AI art ("#aiart", "#KIKunst", "#arteIA")
ART_STEMS = ("art", "kunst", "gen")
#: negations and refusals: "not AI-generated", "ohne KI", "pas générée", "#StopAIArt"
NEGATIONS = frozenset(
    {
        "not", "no", "never", "isn", "wasn", "aren", "stop", "anti", "nicht", "kein", "keine",
        "keinem", "keinen", "ohne", "pas", "aucun", "aucune", "sans", "sin", "ningun",
        "ninguna", "non", "nessun", "nessuna", "senza", "nao", "sem", "niet", "geen", "zonder",
        "nie", "bez", "nu", "fara", "ne", "neni", "ni", "nije", "nem", "ikke", "uden", "inte",
        "utan", "ei", "pole", "ilma", "nav", "be", "gan", "mhux", "minghajr", "mingħajr",
        "δεν", "χωρις", "μη", "не", "без",
    }
)  # fmt: skip
