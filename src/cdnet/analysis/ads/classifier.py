"""The political/social-issue ad classifier at run time: numpy and scipy only, no pickle.

The model is a character n-gram TF-IDF (n-grams of 2 to 5 characters inside word boundaries,
sublinear term frequency, L2 norm) followed by a multinomial logistic regression over three
labels (``political``, ``issue``, ``none``) and a Platt calibration of the sum
P(political) + P(issue). :mod:`cdnet.analysis.ads.train` fits it with scikit-learn and writes it
as two files in one folder:

* ``model.npz`` -- ``vocabulary`` (the n-grams, a unicode array), ``idf``, ``coef``
  (labels x n-grams), ``intercept``, ``calibration`` (Platt ``a``, ``b``);
* ``model.json`` -- metadata: format version, labels, languages, n-gram range, metrics, the hash
  of the training data, when it was trained.

Loading reads arrays (``allow_pickle=False``), so a model file cannot run code.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from cdnet.errors import BadInput

FORMAT_VERSION = 1
LABELS = ("political", "issue", "none")
NGRAM_RANGE = (2, 5)
MODEL_FILES = ("model.npz", "model.json")

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d")


def normalise(text: str) -> str:
    """Text as the model sees it: NFKC, lower case, links dropped, digits as 0, one space."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = _URL.sub(" ", text)
    text = _DIGITS.sub("0", text)
    return _SPACE.sub(" ", text).strip()


def char_ngrams(text: str, low: int = NGRAM_RANGE[0], high: int = NGRAM_RANGE[1]) -> list[str]:
    """Character n-grams inside word boundaries (scikit-learn's ``char_wb``) of normalised text.

    Each word is padded with one space on each side; a word shorter than ``n`` yields itself once.
    Used by training (as the vectoriser's analyser) and at run time, so both see the same features.
    """
    grams: list[str] = []
    for word in normalise(text).split(" "):
        if not word:
            continue
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            if size <= n:
                grams.append(padded)
                break
            grams.extend(padded[i : i + n] for i in range(size - n + 1))
    return grams


@dataclass(frozen=True)
class Model:
    """A loaded classifier: ``political_scores(texts)`` gives calibrated P(political or issue)."""

    vocabulary: dict[str, int]
    idf: npt.NDArray[np.float64]
    coef: npt.NDArray[np.float64]
    intercept: npt.NDArray[np.float64]
    calibration: tuple[float, float]
    metadata: dict[str, Any]
    source: str

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.metadata.get("labels", LABELS))

    def features(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """The TF-IDF rows of ``texts`` (sublinear tf, L2-normalised), as training built them."""
        indptr, indices, values = [0], [], []
        for text in texts:
            counts = Counter(
                i for i in map(self.vocabulary.get, char_ngrams(text)) if i is not None
            )
            cols = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
            weights = tf * self.idf[cols]
            norm = float(np.sqrt(weights @ weights))
            indices.append(cols)
            values.append(weights / norm if norm else weights)
            indptr.append(indptr[-1] + len(cols))
        shape = (len(texts), len(self.vocabulary))
        data = np.concatenate(values) if values else np.zeros(0)
        cols_all = np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64)
        return sparse.csr_matrix((data, cols_all, np.asarray(indptr)), shape=shape)

    def probabilities(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Uncalibrated label probabilities (rows: texts, columns: ``labels``)."""
        logits = np.asarray(self.features(texts) @ self.coef.T) + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))

    def political_scores(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Calibrated probability that each text is a political or social-issue ad."""
        if not texts:
            return np.zeros(0)
        probs = self.probabilities(texts)
        keep = [i for i, label in enumerate(self.labels) if label != "none"]
        raw = np.clip(probs[:, keep].sum(axis=1), 1e-6, 1 - 1e-6)
        a, b = self.calibration
        return np.asarray(1.0 / (1.0 + np.exp(-(a * np.log(raw / (1 - raw)) + b))))


def shipped_dir() -> Path:
    """The folder of the model shipped in the package."""
    return Path(str(resources.files("cdnet").joinpath("data", "political_ads")))


def user_dir(home: Path) -> Path:
    """Where ``cdnet train political-ads`` writes a retrained model under the data dir."""
    return home / "models" / "political_ads"


def default_dir() -> Path:
    """The retrained model under ``CDNET_HOME`` when there is one, else the shipped one."""
    from cdnet.config import home

    retrained = user_dir(home())
    return retrained if (retrained / MODEL_FILES[0]).is_file() else shipped_dir()


def load_model(folder: Path | None = None) -> Model:
    """The model in ``folder`` (default: :func:`default_dir`); ``BadInput`` if it is not one."""
    return _load(str((folder or default_dir()).resolve()))


@functools.cache
def _load(folder: str) -> Model:
    arrays_path, meta_path = (Path(folder) / name for name in MODEL_FILES)
    if not arrays_path.is_file() or not meta_path.is_file():
        raise BadInput(
            f"not a political-ads model folder (needs {' and '.join(MODEL_FILES)})", file=folder
        )
    metadata = json.loads(meta_path.read_text(encoding="utf-8"))
    if metadata.get("format_version") != FORMAT_VERSION:
        raise BadInput(
            f"model format {metadata.get('format_version')!r} is not "
            f"{FORMAT_VERSION}; retrain with `cdnet train political-ads`",
            file=str(meta_path),
        )
    with np.load(arrays_path, allow_pickle=False) as arrays:
        vocabulary = arrays["vocabulary"].tolist()
        a, b = (float(x) for x in arrays["calibration"])
        return Model(
            vocabulary={gram: i for i, gram in enumerate(vocabulary)},
            idf=arrays["idf"].astype(np.float64),
            coef=arrays["coef"].astype(np.float64),
            intercept=arrays["intercept"].astype(np.float64),
            calibration=(a, b),
            metadata=metadata,
            source=folder,
        )
