"""Precision and recall of ``lookalike-domains`` on Meta's Doppelganger clones.

Recall: the spoof domains of Meta's Doppelganger list whose imitated outlet is on the protected
list (``imitates`` stated by Meta or derived by cdnet, see src/cdnet/data/indicators/SOURCE.md)
are matched by *name only* (``--no-known-ioc``, otherwise every one is found from the list
itself): is each flagged, and with the right ``imitates``?

Precision: legitimate domains must not be flagged: the protected domains themselves and their
real-looking subdomains (``www.``, ``m.``, ``amp.``, ``news.``), and about 1,000 ordinary
domains made of English words from the shipped DISARM descriptions on common endings.

    .venv/bin/python bench/lookalike/run.py [--out bench/results/lookalike.md]
"""

from __future__ import annotations

import argparse
import csv
import re
import tempfile
import time
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from cdnet.analysis.detectors import Tables, get
from cdnet.analysis.reference.protected import load_protected

DETECTOR = get("lookalike-domains")
ENDINGS = ("com", "de", "fr", "net", "org", "it", "eu")
SUBDOMAINS = ("www", "m", "amp", "news")


def detect(domains: list[str], **options: Any) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "domains.parquet"
        pq.write_table(pa.table({"domain": pa.array(domains, pa.string())}), path)
        with Tables({"domains": [path]}) as tables:
            config = DETECTOR.make_config(options)
            return list(DETECTOR.findings(tables, config))


def clones() -> list[tuple[str, str]]:
    """(spoof domain, imitated protected domain) from the shipped Meta file."""
    protected = {outlet.domain for outlet in load_protected()}
    data = resources.files("cdnet").joinpath("data", "indicators", "doppelganger_meta_2023.csv")
    rows = csv.DictReader(data.read_text(encoding="utf-8").splitlines())
    return [
        (r["domain"], r["imitates"])
        for r in rows
        if r["kind"] == "spoof" and r["imitates"] in protected
    ]


def ordinary_domains(count: int = 1000) -> list[str]:
    """Plain word domains (``influence.com``, ``network-report.de``) from shipped DISARM text."""
    text = resources.files("cdnet").joinpath("data", "disarm", "techniques.csv").read_text("utf-8")
    words = sorted({w.lower() for w in re.findall(r"\b[a-zA-Z]{4,12}\b", text)})
    domains: list[str] = []
    for i, word in enumerate(words):
        ending = ENDINGS[i % len(ENDINGS)]
        domains.append(f"{word}.{ending}")
        if i % 3 == 0 and i + 1 < len(words):
            domains.append(f"{word}-{words[(i * 7) % len(words)]}.{ending}")
    return domains[:count]


def legitimate() -> list[str]:
    protected = [outlet.domain for outlet in load_protected()]
    subs = [
        f"{sub}.{domain}" for i, domain in enumerate(protected) for sub in SUBDOMAINS[i % 4 :][:1]
    ]
    return protected + subs


def measure() -> dict[str, Any]:
    pairs = clones()
    started = time.perf_counter()
    found = {r["domain"]: r for r in detect([d for d, _ in pairs], known_ioc=False)}
    right = [d for d, imitated in pairs if found.get(d, {}).get("imitates") == imitated]
    flagged = [d for d, _ in pairs if d in found]
    ioc = {r["domain"] for r in detect([d for d, _ in pairs])}
    legit, plain = legitimate(), ordinary_domains()
    fp_legit = detect(legit, known_ioc=False)
    fp_plain = detect(plain, known_ioc=False)
    return {
        "clones": pairs, "right": right, "flagged": flagged, "found": found, "ioc": ioc,
        "legit": legit, "plain": plain, "fp_legit": fp_legit, "fp_plain": fp_plain,
        "seconds": time.perf_counter() - started,
    }  # fmt: skip


def _row(label: str, part: int, whole: int) -> str:
    return f"| {label} | {part}/{whole} = {part / whole:.1%} |"


def report(m: dict[str, Any]) -> str:
    n = len(m["clones"])
    false_positives = m["fp_plain"] + m["fp_legit"]
    misses = [
        (d, i, m["found"].get(d, {}).get("imitates")) for d, i in m["clones"] if d not in m["right"]
    ]
    lines = [
        "# lookalike-domains: precision and recall",
        "",
        "Produced by `bench/lookalike/run.py` (see its README).",
        "",
        "| measure | value |",
        "|---|---|",
        f"| Doppelganger spoof domains imitating a protected outlet | {n} |",
        _row("recall by name, right `imitates`", len(m["right"]), n),
        _row("recall by name, any `imitates`", len(m["flagged"]), n),
        _row("recall with known-ioc on (the default)", len(m["ioc"]), n),
        _row("protected domains and subdomains flagged", len(m["fp_legit"]), len(m["legit"])),
        _row("ordinary word domains flagged", len(m["fp_plain"]), len(m["plain"])),
        f"| run time (all runs, seconds, noisy machine) | {m['seconds']:.1f} |",
        "",
        "## Clones missed or matched to another outlet",
        "",
        "| domain | Meta/cdnet says it imitates | detector says |",
        "|---|---|---|",
        *(f"| {d} | {i} | {got or '(not flagged)'} |" for d, i, got in misses),
        "",
        "## Ordinary domains flagged (false positives)",
        "",
        "| domain | imitates | technique |",
        "|---|---|---|",
        *(f"| {r['domain']} | {r['imitates']} | {r['technique']} |" for r in false_positives),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("bench/results/lookalike.md"))
    args = parser.parse_args()
    text = report(measure())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
