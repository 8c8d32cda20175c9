"""AI labels in captions, in the EU's languages.

A caption is *labelled* when it tells the reader the image is AI-made or AI-edited. The caption
is folded (lower case, accents removed: "generee par IA" reads like "générée par IA") and cut
into clauses (at sentence punctuation, commas, brackets and spaced dashes); each hashtag is a
clause of its own, split at its capitals (``#GénéréParIA``) and around a leading or trailing
word for AI (``#aiart``, ``#madewithai``). A clause labels the image when

* a word for AI (``AI``, ``IA``, ``KI``, ``UI``, ``ИИ``, ``ΤΝ``; ``MI``, ``IS``, ``DI``, ``TI``,
  ``SI`` only in capitals, since they are everyday words too; ``tekoäly``, ``tehisintellekt``;
  "artificial intelligence" in any EU language, either word order) or an image generator's name
  (Midjourney, Stable Diffusion, DALL-E, Firefly) stands within four words of a word for
  generated, created, made or edited in an EU language ("KI-generiert", "made with Midjourney"),
* or right next to a word for image, photo, illustration or credit ("AI image", "Bild: KI",
  "εικόνα ΤΝ"), or, in a hashtag, for art (``#KIKunst``),
* or, in a hashtag, is a generator's name (``#midjourney``, ``#stablediffusion``),

and no negation stands within three words before it ("not AI-generated", "ohne KI gemacht",
"n'est pas générée par IA", ``#StopAIArt``): a denial is not a label. A caption also labels the
image with a bare tag in brackets (``[AI]``, ``(KI)``) unless the words before it spell out the
acronym ("Amnesty International (AI)"), or with the 🤖 emoji next to any word for AI. A caption
that only talks about AI ("débat sur l'IA", ``#AIAct``) or a bare ``#ai`` is not a label. The
words live in :mod:`~cdnet.analysis.images.label_words`.
"""

# ruff: noqa: RUF002  (text in the EU's scripts)

from __future__ import annotations

import re
import unicodedata

from cdnet.analysis.images import label_words as words

WINDOW = 4  # words between the AI word and the verb
NEGATION_REACH = 3  # words a negation reaches forward
_ROBOT = "\U0001f916"
_HASHTAG = re.compile(r"#([^\W_]+)")
_CLAUSE = re.compile(r"[.!?;,()\[\]{}|\n]+|\s[-\u2013\u2014]+\s")
_BRACKET_TAG = re.compile(r"[(\[]\s*([^\W\d_]{2})\s*[)\]]")
_WORD = re.compile(r"[^\W_]+")
_WORD_OR_COLON = re.compile(r"[^\W_]+|:")  # a colon ends what a negation reaches
Token = tuple[str, str]  # (kind, folded word)


def fold(text: str) -> str:
    """Lower case without accents or other combining marks."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _folded(stems: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(fold(s) for s in stems)


_VERBS, _NOT_VERBS = _folded(words.VERB_STEMS), _folded(words.NOT_VERB_STEMS)
_IMAGES, _ARTIFICIAL = _folded(words.IMAGE_STEMS), _folded(words.ARTIFICIAL)
_INTELLIGENCE = _folded(words.INTELLIGENCE)


def _is_verb(word: str) -> bool:
    if word in words.VERB_WORDS:
        return True
    if word in words.NOT_VERB_WORDS or word.startswith(_NOT_VERBS):
        return False
    return word.startswith(_VERBS)


def _kind(word: str, folded: str, in_hashtag: bool) -> str:
    """``ai``, ``gen`` (a generator), ``neg``, ``verb``, ``image``, ``art``, ``:`` or ``""``."""
    if word == ":":
        return ":"
    if word in words.AI_CAPITALS or folded in words.AI_WORDS or folded.startswith(words.AI_SINGLE):
        return "ai"
    if folded.startswith(words.GENERATORS):
        return "gen"
    if folded in words.NEGATIONS:
        return "neg"
    if _is_verb(folded):
        return "verb"
    if folded in words.IMAGE_WORDS or folded.startswith(_IMAGES):
        return "image"
    return "art" if in_hashtag and folded.startswith(words.ART_STEMS) else ""


def _joined(raw: list[str]) -> list[tuple[str, str]]:
    """(word, folded) pairs with two-word names joined: "artificial intelligence" -> ``ai``."""
    out: list[tuple[str, str]] = []
    for word in raw:
        folded = fold(word)
        if out and ":" not in (word, out[-1][0]):
            pair = (out[-1][1], folded)
            if pair in words.GENERATOR_PAIRS:
                out[-1] = (word, words.GENERATOR_PAIRS[pair])
                continue
            first, second = (_ARTIFICIAL, _INTELLIGENCE), (_INTELLIGENCE, _ARTIFICIAL)
            if any(pair[0].startswith(a) and pair[1].startswith(b) for a, b in (first, second)):
                out[-1] = ("ai", "ai")
                continue
        out.append((word, folded))
    return out


def _tokens(raw: list[str], in_hashtag: bool = False) -> list[Token]:
    return [(_kind(w, f, in_hashtag), f) for w, f in _joined(raw)]


def _camel_split(tag: str) -> list[str]:
    """``GénéréParIA`` -> Généré Par IA; ``KIKunst`` -> KI Kunst; ``AIforGood`` stays whole."""
    out = ""
    for i, char in enumerate(tag):
        before, after = tag[i - 2 : i], tag[i + 1 : i + 2]
        if out and char.isupper() and out[-1].islower():
            out += " "
        elif len(before) == 2 and before.isupper() and char.isupper() and after.islower():
            out += " "
        out += char
    return out.split()


def _peel(word: str) -> list[str]:
    """``aiart`` -> ai art, ``madewithai`` -> madewith ai, when the rest is a known word."""
    folded = fold(word)
    for ai in sorted(words.AI_WORDS):
        if len(folded) <= len(ai):
            continue
        if folded.startswith(ai) and _known(folded[len(ai) :]):
            return [ai, folded[len(ai) :]]
        if folded.endswith(ai) and _known(folded[: -len(ai)]):
            return [folded[: -len(ai)], ai]
    return [word]


def _known(rest: str) -> bool:
    return _kind(rest, rest, in_hashtag=True) in ("verb", "image", "art")


def _hashtag_tokens(tag: str) -> list[Token]:
    return _tokens([part for word in _camel_split(tag) for part in _peel(word)], in_hashtag=True)


def _negated(tokens: list[Token], start: int) -> bool:
    """A negation within reach before ``start``, not cut off by a colon."""
    for kind, _ in reversed(tokens[max(0, start - NEGATION_REACH) : start]):
        if kind in ("neg", ":"):
            return kind == "neg"
    return False


def _next_to(kinds: list[str], i: int, j: int) -> bool:
    """Adjacent words, or only a colon between them ("Bild: KI")."""
    low, high = min(i, j), max(i, j)
    return high - low == 1 or (high - low == 2 and kinds[low + 1] == ":")


def _labels(tokens: list[Token], in_hashtag: bool = False) -> bool:
    """An AI word or generator near a verb, next to an image word, or a generator hashtag."""
    kinds = [kind for kind, _ in tokens]
    for i, kind in enumerate(kinds):
        if kind not in ("ai", "gen"):
            continue
        if in_hashtag and kind == "gen" and not _negated(tokens, i):
            return True
        for j in range(max(0, i - WINDOW), min(len(kinds), i + WINDOW + 1)):
            near = kinds[j] == "verb" or (kinds[j] in ("image", "art") and _next_to(kinds, i, j))
            if near and not _negated(tokens, min(i, j)):
                return True
    return False


def _bracket_tag(caption: str) -> bool:
    """``[AI]``/``(KI)`` alone in brackets, unless the words before spell the acronym out."""
    for match in _BRACKET_TAG.finditer(caption):
        tag = match.group(1)
        if not tag.isupper() or _kind(tag, fold(tag), False) != "ai":
            continue
        before = _WORD.findall(caption[: match.start()])[-len(tag) :]
        if "".join(w[0] for w in before).upper() != tag:
            return True
    return False


def has_ai_label(caption: str | None) -> bool:
    """Whether the caption tells the reader the image is AI-made or AI-edited."""
    if not caption:
        return False
    tags = [_hashtag_tokens(tag) for tag in _HASHTAG.findall(caption)]
    text = _HASHTAG.sub(" . ", caption)
    clauses = [_tokens(_WORD_OR_COLON.findall(part)) for part in _CLAUSE.split(text)]
    if any(_labels(t, in_hashtag=True) for t in tags) or any(_labels(c) for c in clauses):
        return True
    if _ROBOT in caption and _robot_label(tags + clauses):
        return True
    return _bracket_tag(text)


def _robot_label(parts: list[list[Token]]) -> bool:
    """With 🤖 in the caption, any word for AI that is not negated labels the image."""
    return any(
        kind in ("ai", "gen") and not _negated(tokens, i)
        for tokens in parts
        for i, (kind, _) in enumerate(tokens)
    )


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
