"""The targeted-organisations benchmark: the held-out set is reproducible, and the scorer runs
the detector on a slice of it (a tag-bombing wave, ordinary mentions, e-mails) end to end."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench" / "targeting"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"targeting_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_generator_rewrites_the_committed_set_exactly(tmp_path):
    counts = _load("generate").write(tmp_path)
    assert counts == {"posts": 624, "emails": 94, "items": 718}
    for name in ("posts.csv", "truth.json"):
        assert (tmp_path / name).read_bytes() == (BENCH / name).read_bytes(), name
    committed = sorted(p.name for p in (BENCH / "emails").iterdir())
    assert len(committed) == 84 and "inbox.mbox" in committed
    assert committed == sorted(p.name for p in (tmp_path / "emails").iterdir())
    for name in committed:
        assert (tmp_path / "emails" / name).read_bytes() == (BENCH / "emails" / name).read_bytes()
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    final = [item for item in truth["items"] if item["split"] == "final"]
    assert len(final) == round(0.25 * len(truth["items"]))


def _slice(target: Path) -> None:
    """Of the dev split (the final split stays unseen): posts p0001-p0060 (a wave),
    p0236-p0290 (ordinary mentions) and e-mails 1-30."""
    shutil.copy(BENCH / "posts.csv", target / "posts.csv")
    shutil.copytree(BENCH / "emails", target / "emails")
    truth = json.loads((BENCH / "truth.json").read_text(encoding="utf-8"))

    def kept(item_id: str) -> bool:
        number = int(item_id[1:5] if item_id.startswith("p") else item_id[5:8])
        return number <= 60 or 236 <= number <= 290 if item_id[0] == "p" else number <= 30

    truth["items"] = [i for i in truth["items"] if kept(i["id"]) and i["split"] == "dev"]
    (target / "truth.json").write_text(json.dumps(truth), encoding="utf-8")


def test_the_scorer_finds_the_wave_and_every_tag_on_a_slice(tmp_path):
    _slice(tmp_path)
    results = tmp_path / "out" / "targeting.md"
    command = [sys.executable, str(BENCH / "run.py"), "--data", str(tmp_path)]
    command += ["--results", str(results), "--splits", "dev"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr

    report = json.loads(results.with_suffix(".json").read_text(encoding="utf-8"))
    assert 80 < report["dev"]["items"] < 60 + 55 + 30 and "final" not in report
    scores = report["dev"]
    assert scores["orgs"]["missed_pairs"] == [] and scores["orgs"]["false_pairs"] == []
    assert scores["orgs"]["exact_match_rate"] == 1.0
    bombing = scores["tag_bombing"]
    assert bombing["decoys_flagged"] == []  # ordinary one-outlet mentions are not a wave
    assert bombing["posts"]["recall"] == 1.0 and bombing["groups"] == 1
    assert bombing["pairwise"]["precision"] == bombing["pairwise"]["recall"] == 1.0
    assert "| tag-bombing posts flagged: recall |" in results.read_text(encoding="utf-8")


def test_scores_compare_counts_pairs_and_groups():
    run = _load("run")
    items = [
        {"id": "a", "sender": "s1", "targets": ["x", "y"], "kind": "wave-1", "unresolved": []},
        {"id": "b", "sender": "s1", "targets": ["x"], "kind": "wave-1", "unresolved": ["zz"]},
    ]
    findings = [
        {"org_id": "x", "messages": 1, "senders": 1, "evidence_ids": ["a"]},
        {"org_id": "w", "messages": 1, "senders": 1, "evidence_ids": ["b"]},
        {"kind": "unresolved", "handle": "@ZZ"},
    ]
    orgs = run.score_orgs(findings, items)
    assert orgs["organisations"] == {"found": 2, "expected": 2, "precision": 0.5, "recall": 0.5}
    assert orgs["exact_match_rate"] == 0.0 and orgs["mae_messages"] == 1.0
    assert orgs["missed_pairs"] == [("a", "y"), ("b", "x")] and orgs["false_pairs"] == [("b", "w")]
    bombing = run.score_bombing(findings, items, {"wave-1": ["a", "b"]}, [["a"], ["b"]])
    assert bombing["pairwise"]["recall"] == 0.0 and bombing["posts"]["found"] == 0
    assert run.score_unresolved(findings, items)["expected_listed"] == 1.0
