"""Score `cdnet detect targeted-organisations` against the held-out set in this folder.

    .venv/bin/python bench/targeting/run.py [--data bench/targeting] [--results FILE]
        [--save-before]    # keep this run's figures as the "before" column

For each split (``dev``, ``final``) the posts of the split and its e-mails (``.eml`` files and
the messages of ``inbox.mbox``) are copied to a temporary folder and run through the CLI with
``--unresolved all``. Scores: per-organisation message and sender counts (exact-match rate and
mean absolute error over the organisations found or expected), organisations found
(precision/recall), (message, organisation) pairs, tag-bombing (posts flagged, and pairwise
precision/recall on posts of one campaign when the output names groups), unresolved handles
listed. Writes ``bench/results/targeting.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import mailbox
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from email import message_from_bytes
from itertools import combinations
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
RESULTS = ROOT / "bench" / "results" / "targeting.md"
BEFORE = HERE / "before.json"
CDNET = Path(sys.executable).with_name("cdnet")


def _message_id(raw: bytes) -> str:
    return str(message_from_bytes(raw)["Message-ID"] or "").strip().strip("<>")


def prepare(data: Path, work: Path, split: str, truth: dict[str, Any]) -> Path:
    """The posts and e-mails of one split, in ``work``; returns the folder."""
    keep = {item["id"] for item in truth["items"] if item["split"] == split}
    folder = work / split
    (folder / "emails").mkdir(parents=True)
    with (data / "posts.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["post_id"] in keep]
    with (folder / "posts.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    for path in sorted((data / "emails").glob("*.eml")):
        raw = path.read_bytes()
        if _message_id(raw) in keep:
            (folder / "emails" / path.name).write_bytes(raw)
    box = mailbox.mbox(folder / "emails" / "inbox.mbox")
    for message in mailbox.mbox(data / "emails" / "inbox.mbox"):
        if str(message["Message-ID"]).strip("<>") in keep:
            box.add(message)
    box.flush()
    box.close()
    return folder


def detect(folder: Path, extra: list[str]) -> list[dict[str, Any]]:
    out = folder / "findings.jsonl"
    command = [str(CDNET), "detect", "targeted-organisations", str(folder / "posts.csv")]
    command += ["--emails", str(folder / "emails"), "--unresolved", "all", "-o", str(out)]
    env = os.environ | {"CDNET_HOME": str(folder / "home")}
    done = subprocess.run(command + extra, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        raise SystemExit(f"cdnet failed ({done.returncode}): {done.stderr}")
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def pr(found: set[Any], expected: set[Any]) -> dict[str, Any]:
    hit = len(found & expected)
    return {
        "found": len(found),
        "expected": len(expected),
        "precision": _ratio(hit, len(found)),
        "recall": _ratio(hit, len(expected)),
    }


def counts(items: list[dict[str, Any]]) -> dict[str, dict[str, set[str]]]:
    per: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"ids": set(), "senders": set()})
    for item in items:
        for org in item["targets"]:
            per[org]["ids"].add(item["id"])
            per[org]["senders"].add(item["sender"])
    return per


def score_orgs(findings: list[dict[str, Any]], items: list[dict[str, Any]]) -> dict[str, Any]:
    expected = counts(items)
    found = {f["org_id"]: f for f in findings if f.get("org_id")}
    union = sorted(set(expected) | set(found))
    exact, err_m, err_s = 0, 0, 0
    for org in union:
        want = expected.get(org, {"ids": set(), "senders": set()})
        got = found.get(org, {"messages": 0, "senders": 0})
        dm = abs(len(want["ids"]) - got["messages"])
        ds = abs(len(want["senders"]) - got["senders"])
        exact += dm == 0 and ds == 0
        err_m, err_s = err_m + dm, err_s + ds
    pairs_found = {(i, o) for o, f in found.items() for i in f.get("evidence_ids", [])}
    pairs_true = {(i, o) for o, v in expected.items() for i in v["ids"]}
    return {
        "organisations": pr(set(found), set(expected)),
        "exact_match_rate": _ratio(exact, len(union)),
        "mae_messages": round(err_m / len(union), 3) if union else None,
        "mae_senders": round(err_s / len(union), 3) if union else None,
        "pairs": pr(pairs_found, pairs_true),
        "missed_pairs": sorted(pairs_true - pairs_found),
        "false_pairs": sorted(pairs_found - pairs_true),
    }


def _pairs(groups: list[list[str]]) -> set[tuple[str, str]]:
    return {pair for group in groups for pair in combinations(sorted(set(group)), 2)}


def groups_of(folder: Path) -> list[list[str]]:
    """The tag-bombing groups, by the detector's Python API (the CLI output has none)."""
    from cdnet.analysis.detectors import Tables, get
    from cdnet.analysis.detectors.targeted_organisations import tag_bombing_groups
    from cdnet.analysis.ingest.inputs import prepare_tables

    paths = prepare_tables([folder / "posts.csv"], folder / "tables")
    config = get("targeted-organisations").make_config({"emails": folder / "emails"})
    with Tables(paths) as tables:
        return tag_bombing_groups(tables, config)  # type: ignore[arg-type]


def score_bombing(
    findings: list[dict[str, Any]],
    items: list[dict[str, Any]],
    clusters: dict[str, list[str]],
    found_groups: list[list[str]] | None,
) -> dict[str, Any]:
    posts = {item["id"] for item in items if not item["id"].startswith("h11-e")}
    truth = [[p for p in ids if p in posts] for ids in clusters.values()]
    flagged = {i for f in findings if f.get("org_id") for i in f.get("tag_bombing_ids", [])}
    flagged &= posts
    kinds = {item["id"]: item["kind"] for item in items}
    result: dict[str, Any] = {"posts": pr(flagged, {p for g in truth for p in g})}
    result["decoys_flagged"] = sorted(p for p in flagged if not kinds[p].startswith("wave-"))
    groups = [sorted(set(g) & posts) for g in found_groups or [] if set(g) & posts]
    pairwise = pr(_pairs(groups), _pairs(truth)) if found_groups is not None else None
    result["pairwise"] = pairwise
    result["groups"] = len(groups)
    return result


def score_unresolved(findings: list[dict[str, Any]], items: list[dict[str, Any]]) -> dict[str, Any]:
    listed = {
        str(f.get("handle", "")).lower().lstrip("@")
        for f in findings
        if f.get("kind") == "unresolved"
    }
    expected = {h for item in items for h in item["unresolved"]}
    return {
        "expected_listed": pr(listed & expected, expected)["recall"],
        "listed": len(listed),
        "expected": len(expected),
        "missing": sorted(expected - listed),
    }


def score(data: Path, split: str, truth: dict[str, Any], extra: list[str]) -> dict[str, Any]:
    items = [item for item in truth["items"] if item["split"] == split]
    with tempfile.TemporaryDirectory() as tmp:
        folder = prepare(data, Path(tmp), split, truth)
        findings = detect(folder, extra)
        try:
            found_groups: list[list[str]] | None = groups_of(folder)
        except ImportError:  # the detector before its Python API had tag_bombing_groups
            found_groups = None
    return {
        "items": len(items),
        "orgs": score_orgs(findings, items),
        "tag_bombing": score_bombing(findings, items, truth["tag_bombing"], found_groups),
        "unresolved": score_unresolved(findings, items),
    }


ROWS = [
    ("organisations found: precision", ("orgs", "organisations", "precision")),
    ("organisations found: recall", ("orgs", "organisations", "recall")),
    ("per-organisation counts: exact-match rate", ("orgs", "exact_match_rate")),
    ("messages per organisation: mean absolute error", ("orgs", "mae_messages")),
    ("senders per organisation: mean absolute error", ("orgs", "mae_senders")),
    ("(message, organisation) pairs: precision", ("orgs", "pairs", "precision")),
    ("(message, organisation) pairs: recall", ("orgs", "pairs", "recall")),
    ("tag-bombing posts flagged: precision", ("tag_bombing", "posts", "precision")),
    ("tag-bombing posts flagged: recall", ("tag_bombing", "posts", "recall")),
    ("tag-bombing campaigns, post pairs: precision", ("tag_bombing", "pairwise", "precision")),
    ("tag-bombing campaigns, post pairs: recall", ("tag_bombing", "pairwise", "recall")),
    ("unresolved non-organisation handles listed (share)", ("unresolved", "expected_listed")),
]


def _get(result: dict[str, Any] | None, path: tuple[str, ...]) -> Any:
    value: Any = result
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return "n/a" if value is None else value


def markdown(report: dict[str, Any], before: dict[str, Any] | None) -> str:
    lines = ["# targeted-organisations on the held-out set (`bench/targeting`)", ""]
    lines += [report["note"], ""]
    for split in [s for s in ("dev", "final") if s in report]:
        now = report[split]
        old = (before or {}).get(split)
        lines += [f"## split `{split}` ({now['items']} posts and e-mails)", ""]
        lines += ["| measure | before fixes | now |", "|---|---|---|"]
        lines += [f"| {name} | {_get(old, path)} | {_get(now, path)} |" for name, path in ROWS]
        decoys = now["tag_bombing"]["decoys_flagged"]
        lines += ["", f"Decoy posts flagged as tag-bombing: {len(decoys)} {decoys[:10]}."]
        for key, label in (("missed_pairs", "Missed"), ("false_pairs", "False")):
            pairs = now["orgs"][key]
            lines += [f"{label} (message, organisation) pairs: {len(pairs)} {pairs[:12]}."]
        lines += [f"Unlisted non-organisation handles: {now['unresolved']['missing']}.", ""]
    return "\n".join(lines)


NOTE = (
    "Scored by `bench/targeting/run.py` (CLI with `--unresolved all`, shipped registry). "
    "The set was written before the detector's code was read; the `dev` split was then looked at "
    "while fixing misses (general rules only), so its 'now' column is optimistic. The `final` "
    "split (a random 25%, seed in truth.json, drawn before any fix) was not looked at while "
    "fixing. 'before fixes' is the run kept with `--save-before`."
)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--save-before", action="store_true")
    parser.add_argument("--splits", default="dev,final")
    args = parser.parse_args()
    truth = json.loads((args.data / "truth.json").read_text(encoding="utf-8"))
    report: dict[str, Any] = {"note": NOTE}
    for split in args.splits.split(","):
        report[split] = score(args.data, split, truth, [])
    if args.save_before:
        BEFORE.write_text(json.dumps(report, indent=1, default=list), encoding="utf-8")
    before = json.loads(BEFORE.read_text(encoding="utf-8")) if BEFORE.exists() else None
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(markdown(report, before), encoding="utf-8")
    with_json = args.results.with_suffix(".json")
    with_json.write_text(json.dumps(report, indent=1, default=list), encoding="utf-8")
    print(args.results.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
