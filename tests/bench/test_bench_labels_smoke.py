"""The caption-label bench runs the real ai-images path end to end and scores what it read."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from cdnet.analysis.images import has_ai_label

ROOT = Path(__file__).resolve().parents[2]
RUN = ROOT / "bench" / "labels" / "run.py"
CAPTIONS = [  # (text, language, label, split): not from the held-out set
    ("Plakat KI-generiert", "de", "ai-label", "dev"),
    ("Bild vom Parteitag in Erfurt", "de", "none", "dev"),
    ("Cartel generado con IA", "es", "ai-label", "final"),
    ("Rally poster, our designer's work", "en", "ai-label", "dev"),  # planted miss
    ("Is it AI?", "en", "ambiguous", "dev"),
]


def write_captions(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "language", "label", "note", "split"])
        writer.writerows(
            (text, lang, label, "smoke", split) for text, lang, label, split in CAPTIONS
        )


def test_the_labels_bench_scores_captions_through_the_detector_and_lists_misses(tmp_path):
    captions, out = tmp_path / "captions.csv", tmp_path / "labels.md"
    write_captions(captions)
    command = [sys.executable, str(RUN), "--captions", str(captions), "--out", str(out)]
    command += ["--before", str(tmp_path / "before.json"), "--save-before", "--reveal-final"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr

    report = out.read_text(encoding="utf-8")
    scored = [c for c in CAPTIONS if c[2] != "ambiguous"]
    assert f"| **all** | {len(scored)} |" in report  # the ambiguous caption is left out
    positives = [c for c in scored if c[2] == "ai-label"]
    read = [c for c in positives if has_ai_label(c[0])]
    alarms = [c for c in scored if c[2] == "none" and has_ai_label(c[0])]
    precision = len(read) / (len(read) + len(alarms))
    expected = f"{precision:.2f} / {len(read) / len(positives):.2f}"
    assert f"| **all** | {len(scored)} | {expected} | {expected} |" in report
    assert "- `en` Rally poster, our designer's work (smoke)" in report
    assert "### Misses (dev, 1)" in report and "### Misses (final, 0)" in report
