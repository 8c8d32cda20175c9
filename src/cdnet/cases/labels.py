"""Review decisions as labelled examples for the political-ads classifier.

Every decided ``undeclared-political-ads`` finding is one example, labelled by its latest
decision: confirmed -> ``political`` (or ``issue`` when the reviewer said so), rejected ->
``none``. The text (and language) come from the finding's payload when the detector stored them
(``text``, ``lang`` extension fields); otherwise the text is read with DuckDB from the ads table of
the finding's dataset, by ``ad_id``. Findings whose text is nowhere to be found (no dataset, the
dataset deleted, the ad missing from it) are skipped: an example without text teaches nothing.

``cdnet train political-ads`` imports :func:`training_examples` lazily and adds these examples to
the shipped training data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
from django.db.models.lookups import IsNull

from cdnet.cases.datasets import tables_of
from cdnet.cases.models import Dataset, Finding, Verdict
from cdnet.cases.review_queue import POLITICAL_ADS, latest, with_review_state
from cdnet.errors import NotFound

#: The label of a rejected ad: the classifier's negative class.
NOT_POLITICAL = "none"


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def read_ads(path: Path, ad_ids: Sequence[str]) -> dict[str, dict[str, str]]:
    """``ad_id -> {"text", "page_id"}`` for the ads among ``ad_ids`` in an ads Parquet file."""
    with duckdb.connect(":memory:", config={"autoinstall_known_extensions": False}) as con:
        rows = con.execute(
            "SELECT ad_id, text, page_id FROM read_parquet(?) "
            "WHERE ad_id IN (SELECT unnest(?::VARCHAR[]))",
            [str(path), list(ad_ids)],
        ).fetchall()
    return {str(ad_id): {"text": _text(text), "page_id": _text(page)} for ad_id, text, page in rows}


def _dataset_ads(dataset: Dataset, ad_ids: Sequence[str]) -> dict[str, dict[str, str]]:
    """The ads of a dataset by id; empty when its ads cannot be read any more."""
    try:
        path = tables_of(dataset).get("ads")
        return read_ads(path, ad_ids) if path is not None else {}
    except (NotFound, duckdb.Error):
        return {}


def _label(finding: Finding) -> str:
    decision: str = getattr(finding, "review_decision", "")
    if decision == Verdict.REJECT:
        return NOT_POLITICAL
    return getattr(finding, "review_label", "") or "political"


def _example(finding: Finding, text: str, page_id: str) -> dict[str, str]:
    payload = finding.payload
    return {
        "text": text,
        "lang": _text(payload.get("lang")) or _text(payload.get("language")) or finding.language,
        "label": _label(finding),
        "page_id": _text(payload.get("page_id")) or page_id,
        "source": f"review:{finding.pk}",
    }


def decided_ads() -> list[Finding]:
    """Every decided ad finding with its latest decision, oldest finding first."""
    findings = Finding.objects.filter(detector=POLITICAL_ADS).select_related("dataset")
    decided = with_review_state(findings).filter(IsNull(latest("decision"), False))
    return list(decided.order_by("id"))


def training_examples() -> Iterator[dict[str, str]]:
    """``{"text", "lang", "label", "page_id", "source"}`` per decided ad finding with a text."""
    findings = decided_ads()
    wanted: dict[int, list[str]] = defaultdict(list)
    for finding in findings:
        ad_id = _text(finding.payload.get("ad_id"))
        if not _text(finding.payload.get("text")) and finding.dataset_id and ad_id:
            wanted[finding.dataset_id].append(ad_id)
    datasets = {f.dataset_id: f.dataset for f in findings if f.dataset is not None}
    ads = {ds: _dataset_ads(datasets[ds], ids) for ds, ids in wanted.items()}
    for finding in findings:
        text = _text(finding.payload.get("text"))
        page_id = ""
        if not text:
            ad = ads.get(finding.dataset_id or 0, {}).get(_text(finding.payload.get("ad_id")), {})
            text, page_id = ad.get("text", ""), ad.get("page_id", "")
        if text:
            yield _example(finding, text, page_id)
