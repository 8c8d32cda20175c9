# ruff: noqa: RUF001 - Greek and Cyrillic test text on purpose
"""Whatever a user types, search answers without an error and without query injection."""

from __future__ import annotations

import pytest

from cdnet.search.parse import parse, to_fts5, to_tsquery
from cdnet.search.query import search

AWKWARD = [
    '"unbalanced', 'unbalanced"', '"', '""', "OR", "OR OR", "AND", "NOT", "a OR", "OR a",
    "*", "**", "a*b", "-", "--", "-a", "a -", "NEAR(", "NEAR(a b)", "NEAR/2", "(", ")", "((a)",
    "a-b", "a:b", "title:x", "body:*", "^a", "{a}", "[a]", "'", "a'b", "\\", "%", "_", ";",
    "'; DROP TABLE search_searchdocument; --", "&", "|", "!", "<->", "a & !b", "x:*",
    "\x00", "é", "ŉ", "İstanbul", "ß", "ﬁ", "🙂", "Σ", "   ",
]  # fmt: skip


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_text_never_raises(network, kit, text):
    kit.alert(network.alice, "A b title", "Body with a-b and x.")
    page = search(network.alice, text)
    assert page.total >= 0 and page.pages >= 1


def test_the_parser_quotes_every_word_for_both_engines():
    query = parse('NEAR( "x y" a-b OR d* -c \'e"')
    assert to_fts5(query) == '("near" AND "x y" AND ("a b" OR "d"*) AND "e") NOT "c"'
    assert to_tsquery(query) == (
        "(('near')) & (('x' <-> 'y')) & (('a' <-> 'b') | ('d':*)) & (('e')) & !('c')"
    )


def test_operators_are_words_when_they_cannot_be_operators(network, kit):
    alert = kit.alert(network.alice, "Either OR neither", "")
    assert [r.id for r in search(network.alice, "OR").results] == [alert.pk]
    assert [r.id for r in search(network.alice, "-neither").results] == [alert.pk]


def test_an_unbalanced_quote_is_ignored(network, kit):
    alert = kit.alert(network.alice, "Unbalanced quotes", "")
    assert [r.id for r in search(network.alice, '"unbalanced').results] == [alert.pk]


def test_punctuation_only_text_finds_nothing(network, kit):
    kit.alert(network.alice, "Something", "")
    assert search(network.alice, "* ( ) -").total == 0


def test_hyphenated_words_and_domains_match_as_phrases(network, kit):
    alert = kit.alert(network.alice, "Pro-Kremlin clones", "Links to spiegel.ltd and bild.work")
    for text in ("pro-kremlin", "kremlin", "spiegel.ltd", "spiegel", "ltd", "bild.work"):
        assert [r.id for r in search(network.alice, text).results] == [alert.pk], text
    assert search(network.alice, "kremlin-pro").total == 0


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Москва готовит провокацию", "москва"),
        ("Москва готовит провокацию", "ПРОВОКАЦИЮ"),
        ("Ψευδείς ειδήσεις για την Αθήνα", "ειδήσεις"),
        ("ΨΕΥΔΕΊΣ ΕΙΔΉΣΕΙΣ", "ψευδείς"),
        ("Die Wahrheit über Zürich", "Zürich"),
        ("Die Wahrheit über Zürich", "zurich"),
        ("Desinformação em São Paulo", "sao paulo"),
        ("Kampania dezinformacyjna w ŁODZI", "łodzi"),
        ("Café crème", "CAFE"),
        ("Ιστορία του κόσμου", "κοσμου OR ιστορία"),
        ("中国 的 信息 战", "信息"),
    ],
)
def test_non_latin_scripts_and_accents_are_found(network, kit, stored, typed):
    alert = kit.alert(network.alice, "Script test", stored)
    page = search(network.alice, typed)
    assert [r.id for r in page.results] == [alert.pk]
    assert "<mark>" in page.results[0].snippet
