"""Train the political/social-issue ad classifier and write it as a pickle-free artefact.

Training data are rows ``{"text", "lang", "label", "page_id", "source"}`` with ``label`` one of
``political``, ``issue``, ``none``: the shipped ProPublica seeds (``seeds.csv.gz``), the
hand-written examples (``written_examples.csv``), any ``--extra`` CSV with the same columns and,
with ``--from-app``, the review decisions of the web UI. scikit-learn fits the model;
:mod:`cdnet.analysis.ads.classifier` rebuilds it at run time from plain arrays.

Calibration: the raw score P(political) + P(issue) of every example is predicted by a model that
never saw its advertiser (``page_id`` groups, k folds), and a Platt sigmoid is fitted on those
out-of-fold scores; the same out-of-fold scores give the metrics per language in the metadata.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from cdnet.analysis.ads.classifier import (
    FORMAT_VERSION,
    LABELS,
    MODEL_FILES,
    NGRAM_RANGE,
    char_ngrams,
    shipped_dir,
)
from cdnet.errors import BadInput

COLUMNS = ("text", "lang", "label", "page_id", "source")
DATA_FILES = ("seeds.csv.gz", "written_examples.csv")


@dataclass(frozen=True)
class Options:
    """How to fit: kept features, regularisation, weight of hand-written examples, folds."""

    max_features: int = 60_000
    c: float = 10.0
    written_weight: float = 6.0
    folds: int = 5
    min_df: int = 2
    threshold: float = 0.8


@dataclass
class Fitted:
    """A fitted model's arrays (what the artefact stores)."""

    vocabulary: list[str]
    idf: npt.NDArray[np.float64]
    coef: npt.NDArray[np.float64]
    intercept: npt.NDArray[np.float64]
    labels: list[str]
    calibration: tuple[float, float] = (1.0, 0.0)
    metadata: dict[str, Any] = field(default_factory=dict)

    def raw_scores(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Uncalibrated P(political) + P(issue) (through the run-time predictor)."""
        from cdnet.analysis.ads.classifier import Model

        model = Model(
            vocabulary={g: i for i, g in enumerate(self.vocabulary)},
            idf=self.idf,
            coef=self.coef,
            intercept=self.intercept,
            calibration=(1.0, 0.0),
            metadata={"labels": self.labels},
            source="memory",
        )
        return model.political_scores(texts)


def read_examples(path: Path, source: str | None = None) -> list[dict[str, str]]:
    """Labelled rows of a CSV (``.csv`` or ``.csv.gz``) with the columns of :data:`COLUMNS`."""
    if not path.is_file():
        raise BadInput("no such file", file=str(path))
    raw = path.read_bytes()
    text = (gzip.decompress(raw) if path.name.endswith(".gz") else raw).decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    for column in ("text", "label"):
        if column not in (reader.fieldnames or []):
            raise BadInput("required column is missing", file=str(path), row=1, field=column)
    rows = []
    for number, row in enumerate(reader, start=2):
        label = (row.get("label") or "").strip().lower()
        if label not in LABELS:
            raise BadInput(
                f"label must be one of {', '.join(LABELS)}, not {label!r}",
                file=str(path),
                row=number,
                field="label",
            )
        rows.append(
            {
                "text": row.get("text") or "",
                "lang": (row.get("lang") or "").strip().lower() or "und",
                "label": label,
                "page_id": (row.get("page_id") or "").strip() or f"{path.name}:{number}",
                "source": (row.get("source") or "").strip() or source or path.name,
            }
        )
    return rows


def shipped_examples(folder: Path | None = None) -> list[dict[str, str]]:
    """The shipped training rows: the hand-written examples (and ``seeds.csv.gz`` if present).

    ProPublica's seed texts are public posts whose copyright stays with their pages: the model
    trained on them ships, the texts do not. Rebuild them with ``scripts/train_political_ads.py
    seeds`` and pass them with ``cdnet train political-ads --extra seeds.csv.gz``.
    """
    base = folder or shipped_dir()
    files = [base / name for name in DATA_FILES]
    return [row for path in files if path.is_file() for row in read_examples(path)]


def app_examples() -> list[dict[str, str]]:
    """Review decisions of the web UI as training rows (Django set up on demand)."""
    from cdnet.web import djangosetup

    djangosetup.setup()
    from cdnet.cases.labels import training_examples  # type: ignore[import-not-found,unused-ignore]

    rows = []
    for item in training_examples():
        label = str(item.get("label", "")).lower()
        if label in LABELS and item.get("text"):
            rows.append(
                {
                    "text": str(item["text"]),
                    "lang": str(item.get("lang") or "und"),
                    "label": label,
                    "page_id": str(item.get("page_id") or "app"),
                    "source": str(item.get("source") or "review"),
                }
            )
    return rows


def data_hash(rows: Iterable[dict[str, str]]) -> str:
    """SHA-256 of the training rows (order-independent), recorded in the metadata."""
    lines = sorted("\t".join(r[c] for c in COLUMNS) for r in rows)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _weights(rows: Sequence[dict[str, str]], options: Options) -> npt.NDArray[np.float64]:
    return np.array(
        [1.0 if r["source"].startswith("propublica") else options.written_weight for r in rows]
    )


def fit(rows: Sequence[dict[str, str]], options: Options) -> Fitted:
    """Fit TF-IDF + logistic regression, keep the ``max_features`` strongest n-grams, refit."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [r["text"] for r in rows]
    labels = np.array([r["label"] for r in rows])
    weights = _weights(rows, options)
    vocabulary: list[str] | None = None
    for _ in range(2):
        vectoriser = TfidfVectorizer(
            analyzer=char_ngrams,
            sublinear_tf=True,
            min_df=1 if vocabulary else options.min_df,
            vocabulary=vocabulary,
        )
        matrix = vectoriser.fit_transform(texts)
        model = LogisticRegression(C=options.c, max_iter=2000)
        model.fit(matrix, labels, sample_weight=weights)
        names = vectoriser.get_feature_names_out()
        if vocabulary is not None or len(names) <= options.max_features:
            break
        strength = np.abs(model.coef_).max(axis=0)
        keep = np.sort(np.argsort(-strength)[: options.max_features])
        vocabulary = [str(names[i]) for i in keep]
    coef = np.asarray(model.coef_, dtype=np.float64)
    intercept = np.asarray(model.intercept_, dtype=np.float64)
    if coef.shape[0] == 1:  # two labels: sigmoid(w.x + b) is the softmax of rows (0, w)
        coef = np.vstack([np.zeros_like(coef), coef])
        intercept = np.concatenate([[0.0], intercept])
    return Fitted(
        vocabulary=[str(n) for n in names],
        idf=np.asarray(vectoriser.idf_, dtype=np.float64),
        coef=coef,
        intercept=intercept,
        labels=[str(c) for c in model.classes_],
    )


def folds(rows: Sequence[dict[str, str]], k: int) -> Iterator[tuple[list[int], list[int]]]:
    """Train/test index lists where no ``page_id`` is on both sides (grouped k-fold)."""
    from sklearn.model_selection import GroupKFold

    groups = [r["page_id"] for r in rows]
    k = min(k, len(set(groups)))
    for train, test in GroupKFold(n_splits=k).split(rows, groups=groups):
        yield train.tolist(), test.tolist()


def out_of_fold(rows: Sequence[dict[str, str]], options: Options) -> npt.NDArray[np.float64]:
    """Raw scores, each from a model trained without the example's advertiser."""
    scores = np.zeros(len(rows))
    for train, test in folds(rows, options.folds):
        seen = {rows[i]["label"] != "none" for i in train}
        if len(seen) < 2:  # a fold of one kind (tiny data): it can only say that kind
            scores[test] = 0.99 if seen == {True} else 0.01
            continue
        fitted = fit([rows[i] for i in train], options)
        scores[test] = fitted.raw_scores([rows[i]["text"] for i in test])
    return scores


def platt(raw: npt.NDArray[np.float64], truth: npt.NDArray[np.bool_]) -> tuple[float, float]:
    """Platt sigmoid ``(a, b)`` on the logit of raw scores."""
    from sklearn.linear_model import LogisticRegression

    clipped = np.clip(raw, 1e-6, 1 - 1e-6)
    logit = np.log(clipped / (1 - clipped)).reshape(-1, 1)
    model = LogisticRegression(C=1e4).fit(logit, truth.astype(int))
    return float(model.coef_[0][0]), float(model.intercept_[0])


def calibrated(raw: npt.NDArray[np.float64], ab: tuple[float, float]) -> npt.NDArray[np.float64]:
    clipped = np.clip(raw, 1e-6, 1 - 1e-6)
    return np.asarray(1 / (1 + np.exp(-(ab[0] * np.log(clipped / (1 - clipped)) + ab[1]))))


def metrics(
    rows: Sequence[dict[str, str]], scores: npt.NDArray[np.float64], threshold: float
) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and counts per language and overall at ``threshold``."""
    truth = np.array([r["label"] != "none" for r in rows])
    langs = np.array([r["lang"] for r in rows])
    result = {}
    for lang in [*sorted(set(langs.tolist())), "all"]:
        mask = np.ones(len(rows), bool) if lang == "all" else langs == lang
        pred, gold = scores[mask] >= threshold, truth[mask]
        tp = int((pred & gold).sum())
        precision = tp / int(pred.sum()) if pred.sum() else 0.0
        recall = tp / int(gold.sum()) if gold.sum() else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[lang] = {
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
            "positives": int(gold.sum()),
            "negatives": int((~gold).sum()),
        }
    return result


def train(rows: Sequence[dict[str, str]], options: Options) -> Fitted:
    """Calibrate on grouped out-of-fold scores, then fit the final model on every row."""
    if len({r["label"] for r in rows}) < 2:
        raise BadInput("training needs examples of at least two labels")
    truth = np.array([r["label"] != "none" for r in rows])
    raw = out_of_fold(rows, options)
    ab = platt(raw, truth)
    fitted = fit(rows, options)
    fitted.calibration = ab
    fitted.metadata = {
        "format_version": FORMAT_VERSION,
        "labels": fitted.labels,
        "languages": sorted({r["lang"] for r in rows}),
        "ngram_range": list(NGRAM_RANGE),
        "analyzer": "char_wb",
        "features": len(fitted.vocabulary),
        "examples": len(rows),
        "examples_per_language": _counts(rows),
        "threshold": options.threshold,
        "metrics_heldout_advertisers": metrics(rows, calibrated(raw, ab), options.threshold),
        "training_data_sha256": data_hash(rows),
        "options": {
            "max_features": options.max_features,
            "C": options.c,
            "written_weight": options.written_weight,
            "folds": options.folds,
        },
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return fitted


def _counts(rows: Iterable[dict[str, str]]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for r in rows:
        per = counts.setdefault(r["lang"], {})
        per[r["label"]] = per.get(r["label"], 0) + 1
    return dict(sorted(counts.items()))


def save(fitted: Fitted, folder: Path) -> Path:
    """Write ``model.npz`` (arrays, float32) and ``model.json`` (metadata) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    arrays, meta = (folder / name for name in MODEL_FILES)
    with arrays.open("wb") as out:
        np.savez_compressed(
            out,
            vocabulary=np.array(fitted.vocabulary, dtype=np.str_),
            idf=fitted.idf.astype(np.float32),
            coef=fitted.coef.astype(np.float32),
            intercept=fitted.intercept.astype(np.float32),
            calibration=np.array(fitted.calibration, dtype=np.float64),
        )
    meta.write_text(
        json.dumps(fitted.metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return folder
