"""Full-text search finds findings, evidence, cases and alerts, ranked, with snippets."""

from __future__ import annotations

import pytest
from django.db import connection

from cdnet.search.index import rebuild
from cdnet.search.models import SearchDocument
from cdnet.search.query import search


def ids(page):
    return [(r.kind, r.id) for r in page.results]


def test_the_index_uses_the_engine_of_the_database(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'search_fts'")
        else:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'search_searchdocument' AND column_name = 'search_vector'"
            )
        assert cursor.fetchone() is not None


def test_a_finding_is_found_by_its_subject_explanation_detector_and_payload(network, kit):
    finding = kit.finding(
        "spiegel.ltd",
        "A clone of the Hamburg weekly.",
        detector="lookalike-domains",
        payload={"imitates": "spiegel.de", "evidence": {"note": "registered via Namecheap"}},
    )
    for text in ("spiegel", "Hamburg weekly", "lookalike", "namecheap"):
        assert ids(search(network.alice, text)) == [("finding", finding.pk)], text


def test_evidence_is_found_by_its_title_url_and_extracted_text(network, kit):
    finding = kit.finding("bild.work")
    item = kit.evidence(
        network.alice,
        "Capture of the clone front page",
        "Die Regierung verschweigt die Wahrheit über Energiepreise.",
        source_url="https://bild.work/artikel/energie",
        finding=finding,
    )
    for text in ("front page", "Energiepreise", "bild.work/artikel"):
        assert ("evidence", item.pk) in ids(search(network.alice, text)), text


def test_a_case_is_found_by_its_title_description_and_comments(network, kit):
    case = kit.case(
        network.alice,
        "Operation Overload",
        "Mass e-mails to fact-checkers asking them to verify fakes.",
        comments=["@dave the Telegram channel moved to a new handle"],
    )
    for text in ("overload", "fact-checkers", "new handle"):
        assert ids(search(network.alice, text)) == [("case", case.pk)], text


def test_an_alert_is_found_by_every_text_field_and_its_actor(network, kit):
    alert = kit.alert(
        network.alice,
        "Storm-1516 video fabrication",
        "Staged whistle-blower videos.",
        what_happened="Videos were seeded on YouTube and amplified by paid influencers.",
        recommended_actions="Label the videos and demote the amplifiers.",
        actor="CopyCop network",
    )
    for text in ("fabrication", "whistle-blower", "influencers", "demote", "CopyCop"):
        assert ("alert", alert.pk) in ids(search(network.alice, text)), text


def test_a_result_carries_kind_id_title_snippet_score_and_url(network, kit):
    alert = kit.alert(network.alice, "Doppelganger wave", "Clones of <b>news</b> sites spread.")
    (result,) = search(network.alice, "clones").results
    assert (result.kind, result.id, result.title) == ("alert", alert.pk, "Doppelganger wave")
    assert result.snippet == "<mark>Clones</mark> of &lt;b&gt;news&lt;/b&gt; sites spread."
    assert result.score > 0
    assert result.url == f"/alerts/{alert.pk}/"


def test_a_long_text_is_cut_around_the_first_match(network, kit):
    text = "filler " * 200 + "the decisive needle word " + "padding " * 200
    kit.case(network.alice, "Long case", text)
    (result,) = search(network.alice, "needle").results
    assert result.snippet.startswith("…") and result.snippet.endswith("…")
    assert "<mark>needle</mark>" in result.snippet
    assert len(result.snippet) < 300


def test_a_match_in_the_title_ranks_above_a_match_in_the_body(network, kit):
    in_body = kit.alert(network.alice, "Weekly roundup", "Also: the kremlin bot network again.")
    in_title = kit.alert(network.alice, "Kremlin bot network", "A network of automated accounts.")
    assert ids(search(network.alice, "kremlin bot")) == [
        ("alert", in_title.pk),
        ("alert", in_body.pk),
    ]


def test_words_must_all_match_unless_joined_by_or(network, kit):
    a = kit.alert(network.alice, "Tiktok accounts", "Coordinated posting.")
    b = kit.alert(network.alice, "Telegram channels", "Coordinated forwarding.")
    assert ids(search(network.alice, "coordinated tiktok")) == [("alert", a.pk)]
    assert set(ids(search(network.alice, "tiktok OR telegram"))) == {
        ("alert", a.pk),
        ("alert", b.pk),
    }
    assert ids(search(network.alice, "coordinated -telegram")) == [("alert", a.pk)]
    assert ids(search(network.alice, '"posting coordinated"')) == []
    assert ids(search(network.alice, '"coordinated posting"')) == [("alert", a.pk)]
    assert ids(search(network.alice, "tele*")) == [("alert", b.pk)]


def test_results_are_paged_and_the_total_counts_every_match(network, kit):
    for n in range(5):
        kit.alert(network.alice, f"Bot farm {n}", "A bot farm.")
    first = search(network.alice, "bot farm", per_page=2)
    last = search(network.alice, "bot farm", per_page=2, page=3)
    assert (first.total, first.pages, len(first.results)) == (5, 3, 2)
    assert (last.page, len(last.results)) == (3, 1)
    everything = {
        r.id for p in (1, 2, 3) for r in search(network.alice, "farm", per_page=2, page=p).results
    }
    assert len(everything) == 5


def test_blank_text_lists_what_passes_the_filters_newest_first(network, kit):
    old = kit.alert(network.alice, "Older alert")
    new = kit.alert(network.alice, "Newer alert")
    page = search(network.alice, "  ", kinds=["alert"])
    assert ids(page)[:2] == [("alert", new.pk), ("alert", old.pk)]


def test_rebuild_recreates_every_document(network, kit):
    kit.alert(network.alice, "Rebuilt alert")
    kit.case(network.alice, "Rebuilt case")
    SearchDocument.objects.all().delete()
    assert search(network.alice, "rebuilt").total == 0
    assert rebuild() == SearchDocument.objects.count() == 2
    assert search(network.alice, "rebuilt").total == 2


@pytest.mark.parametrize("bad", [{"page": 0}, {"per_page": 0}, {"per_page": 101}])
def test_impossible_page_numbers_are_bad_input(network, bad):
    from cdnet.errors import BadInput

    with pytest.raises(BadInput):
        search(network.alice, "x", **bad)
