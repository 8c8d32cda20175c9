"""The shipped DISARM v1.6 registry: counts, ids, links, retired ids, search and the matrix."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from cdnet.analysis.reference import disarm
from cdnet.analysis.reference.disarm import Counter, RetiredTechnique, Technique
from cdnet.errors import BadInput, NotFound


@pytest.fixture(scope="module")
def d() -> disarm.Disarm:
    return disarm.load()


def test_load_is_cached(d: disarm.Disarm) -> None:
    assert disarm.load() is d


def test_the_shipped_frameworks_have_the_v1_6_counts(d: disarm.Disarm) -> None:
    assert len(d.phases) == 4
    assert len(d.tactics) == 16
    assert len(d.techniques) == 391
    assert sum(t.is_subtechnique for t in d.techniques) == 288
    assert len(d.counters) == 140
    assert len(d.detections) == 95
    assert len(d.actor_types) == 33


def test_the_data_files_ship_inside_the_package_with_their_licence_note() -> None:
    folder = resources.files("cdnet") / "data" / "disarm"
    note = folder.joinpath("SOURCE.md").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in note
    assert "49df5f649e16dfbf11e3859913c256c875c02692" in note
    assert folder.joinpath("techniques.csv").is_file()


def test_a_subtechnique_knows_its_parent_tactic_and_phase(d: disarm.Disarm) -> None:
    technique = d.technique("T0097.202")
    assert technique.name == "News Outlet Persona"
    assert technique.parent_id == "T0097"
    assert technique.is_subtechnique
    assert technique.tactic_id == "TA16"
    assert d.tactic(technique.tactic_id).phase_id == "P02"
    assert technique in d.subtechniques("T0097")


def test_ids_are_qualified_with_their_framework(d: disarm.Disarm) -> None:
    technique = d.technique("T0097.202")
    assert technique.framework == "disarm-red"
    assert technique.qualified_id == "DISARM:T0097.202"
    assert d.counter("C00006").framework == "disarm-blue"
    assert d.detection("F00013").framework == "disarm-blue"


def test_lookup_accepts_bare_and_qualified_ids_in_any_case(d: disarm.Disarm) -> None:
    assert d.get("DISARM:T0097.202") is d.get("T0097.202")
    assert d.get(" disarm:t0097.202 ") is d.get("T0097.202")


def test_an_unknown_id_raises_not_found_naming_the_closest_ids(d: disarm.Disarm) -> None:
    with pytest.raises(NotFound, match=r"T0097\.2'.*closest: T0097\.200"):
        d.get("T0097.2")


def test_asking_for_a_technique_by_a_counter_id_says_what_it_is(d: disarm.Disarm) -> None:
    with pytest.raises(NotFound, match="C00006 is a DISARM counter, not a technique"):
        d.technique("C00006")


def test_a_counter_carries_its_metatechnique_tactic_and_response_type(d: disarm.Disarm) -> None:
    counter = d.counter("C00006")
    assert counter.name == "Charge for social media"
    assert counter.metatechnique_id == "M004"
    assert counter.tactic_id == "TA01"
    assert counter.responsetype_id == "D02"
    assert d.get("D02").name == "Deny"


def test_technique_and_counter_links_go_both_ways(d: disarm.Disarm) -> None:
    assert [t.id for t in d.techniques_for_counter("C00006")] == ["T0015", "T0018"]
    assert d.counter("C00006") in d.counters_for("T0015")
    assert all(isinstance(c, Counter) for c in d.counters_for("T0022"))
    assert len(d.counters_for("T0022")) == 42


def test_detections_link_to_techniques(d: disarm.Disarm) -> None:
    assert "F00002" in {f.id for f in d.detections_for("T0049")}
    assert "T0049" in {t.id for t in d.techniques_for_detection("F00002")}


def test_retired_ids_in_the_counter_map_load_and_are_reported(d: disarm.Disarm) -> None:
    retired = {t.id for t in d.retired_techniques}
    assert len(retired) == 30
    assert {"T0007", "T0043", "T0053", "T0055", "T0056"} <= retired
    assert any("T0007" in problem and "retired" in problem for problem in d.problems)
    old = d.get("T0007")
    assert isinstance(old, RetiredTechnique)
    assert old.retired
    assert old.name == "Create Fake Social Media Profiles / Pages / Groups"


def test_a_retired_technique_keeps_its_counters_but_is_not_valid(d: disarm.Disarm) -> None:
    assert "C00006" in {c.id for c in d.counters_for("T0007")}
    assert "T0007" in {t.id for t in d.retired_techniques_for_counter("C00006")}
    assert "T0007" not in {t.id for t in d.techniques_for_counter("C00006")}
    assert not d.is_valid_technique("T0007")
    with pytest.raises(NotFound, match="T0007 was retired"):
        d.technique("T0007")


def test_is_valid_technique_accepts_current_ids_only(d: disarm.Disarm) -> None:
    assert d.is_valid_technique("T0149.003")
    assert d.is_valid_technique("DISARM:T0097")
    assert not d.is_valid_technique("TA16")
    assert not d.is_valid_technique("T9999")


def test_search_finds_the_lookalike_domain_technique(d: disarm.Disarm) -> None:
    hits = d.search("lookalike")
    assert "T0149.003" in [hit.id for hit in hits]
    assert d.get("T0149.003").name == "Lookalike Domain"


def test_search_ranks_name_hits_before_summary_hits(d: disarm.Disarm) -> None:
    hits = d.search("persona", limit=100)
    in_name = ["persona" in hit.name.casefold() for hit in hits]
    assert in_name[0]
    assert in_name == sorted(in_name, reverse=True)


def test_search_puts_an_exact_id_first_and_respects_the_limit(d: disarm.Disarm) -> None:
    hits = d.search("DISARM:T0097", limit=3)
    assert hits[0].id == "T0097"
    assert len(hits) == 3


def test_search_offers_no_retired_techniques_by_name(d: disarm.Disarm) -> None:
    assert all(not hit.retired for hit in d.search("fake", limit=500))


def test_the_matrix_follows_phase_and_tactic_rank(d: disarm.Disarm) -> None:
    matrix = d.matrix()
    assert [p.phase.id for p in matrix] == ["P01", "P02", "P03", "P04"]
    assert [t.tactic.id for t in matrix[0].tactics] == ["TA01", "TA02", "TA13"]
    ranks = [t.tactic.rank for p in matrix for t in p.tactics]
    assert ranks == sorted(ranks)
    assert len(ranks) == 16


def test_the_matrix_holds_every_technique_once_with_subtechniques_under_parents(
    d: disarm.Disarm,
) -> None:
    cells = [cell for p in d.matrix() for t in p.tactics for cell in t.techniques]
    assert len(cells) == 103
    assert all(not cell.technique.is_subtechnique for cell in cells)
    assert len(cells) + sum(len(cell.subtechniques) for cell in cells) == 391
    persona = next(cell for cell in cells if cell.technique.id == "T0097")
    assert "T0097.202" in {sub.id for sub in persona.subtechniques}


def test_a_matrix_cell_lists_the_counters_of_its_technique(d: disarm.Disarm) -> None:
    cells = {
        cell.technique.id: cell for p in d.matrix() for t in p.tactics for cell in t.techniques
    }
    assert cells["T0022"].counters == d.counters_for("T0022", include_subtechniques=True)
    assert len(cells["T0022"].counters) == 42


def test_as_dict_gives_json_ready_fields(d: disarm.Disarm) -> None:
    data = disarm.as_dict(d.get("T0097.202"))
    assert data["qualified_id"] == "DISARM:T0097.202"
    assert data["framework"] == "disarm-red"
    assert data["kind"] == "technique"
    assert data["parent_id"] == "T0097"


def copy_shipped_files(folder: Path) -> None:
    for item in (resources.files("cdnet") / "data" / "disarm").iterdir():
        (folder / item.name).write_bytes(item.read_bytes())


def test_load_from_reads_a_users_copy_of_the_files(tmp_path: Path) -> None:
    source = resources.files("cdnet") / "data" / "disarm"
    for name in ("techniques.csv", "phases.csv"):
        (tmp_path / name).write_text(source.joinpath(name).read_text(encoding="utf-8"))
    with pytest.raises(BadInput, match=r"tactics\.csv: no such file"):
        disarm.load_from(tmp_path)
    copy_shipped_files(tmp_path)
    assert isinstance(disarm.load_from(tmp_path).technique("T0097"), Technique)


def test_load_from_names_the_file_with_a_missing_column(tmp_path: Path) -> None:
    copy_shipped_files(tmp_path)
    (tmp_path / "phases.csv").write_text("disarm_id,name\nP01,Plan\n", encoding="utf-8")
    with pytest.raises(BadInput, match=r"phases\.csv:1: missing column"):
        disarm.load_from(tmp_path)
