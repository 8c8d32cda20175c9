"""``undeclared-political-ads``: ads declared ``none`` whose text is political or a social issue.

Each ad's text is scored by the shipped classifier (char n-gram TF-IDF + logistic regression,
calibrated; :mod:`cdnet.analysis.ads.classifier`) in an Arrow-batch kernel, so the same code runs
on DuckDB and on Spark. A finding is:

* an ad declared ``none`` with ``political_score >= --threshold``: reason ``political-content``;
* any ad of a state-media page (exact name, page-name or handle match with the state-media list),
  whatever its declared category: reason ``state-media``.

A finding also gets ``foreign-admin`` when none of the page's admin countries is among the
countries the ad targets (both known). When delivery started on or after 6 October 2025 and the ad
targets an EU country, the explanation says that Meta accepts no political or social-issue ads in
the EU from that date. Declared political ads are not findings on their own: they are declared.
See docs/detectors/undeclared-political-ads.md.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import ibis.expr.types as ir
import pyarrow as pa
from pydantic import Field

from cdnet.analysis.ads.classifier import default_dir, load_model
from cdnet.analysis.ads.state_media import EU_MEMBERS, load_state_media
from cdnet.analysis.detectors.base import DetectorConfig, Finding, Tables

NAME = "undeclared-political-ads"
DESCRIPTION = "Ads declared non-political whose text is political or a social issue; state media."
TABLES = ("ads",)

EU_BAN_START = datetime(2025, 10, 6, tzinfo=UTC)
EU_COUNTRIES = EU_MEMBERS
STATE_MEDIA_SCORE = 0.9
_DISARM = ["T0114", "T0018"]  # Deliver Ads; Purchase Targeted Advertisements
_DISARM_UNDECLARED = "T0130.001"  # Conceal Sponsorship
_DISARM_STATE = "T0002"  # Facilitate State Propaganda

_INPUT = {
    "ad_id": pa.string(),
    "page_id": pa.string(),
    "text": pa.string(),
    "page_name": pa.string(),
    "payer": pa.string(),
    "page_admin_countries": pa.list_(pa.string()),
}
_CONTEXT = {
    "declared_category": pa.string(),
    "target_countries": pa.list_(pa.string()),
    "delivery_start": pa.timestamp("us", tz="UTC"),
}
SCORED_SCHEMA = pa.schema(
    [("ad_id", pa.string()), ("political_score", pa.float64()), ("state_media", pa.string())]
)


class Config(DetectorConfig):
    """Options of ``undeclared-political-ads`` (each is also ``--option`` on the command line)."""

    threshold: float = Field(
        0.8,
        ge=0.0,
        le=1.0,
        description="Calibrated political score from which an ad declared 'none' is flagged; "
        "0.8 keeps precision about 0.95 on held-out advertisers (docs page: the bench figures).",
    )
    model: Path | None = Field(
        None,
        description="Folder of a political-ads model (model.npz + model.json); default: the "
        "one `cdnet train political-ads` wrote under CDNET_HOME, else the shipped one.",
    )
    state_media: Path | None = Field(
        None,
        description="CSV of state-media outlets (name*, country*, typology, domains, page_names, "
        "handles, source) replacing the shipped list.",
    )


class UndeclaredAdFinding(Finding):
    """An ad that should have been declared political, or that state media paid for."""

    ad_id: str = Field(description="The ad.")
    page_id: str = Field(description="The page that ran it.")
    political_score: float = Field(description="Calibrated P(political or social issue).")
    declared_category: str = Field(description="What the advertiser declared.")
    reasons: list[str] = Field(description="political-content, foreign-admin, state-media.")


def score_kernel(batch: pa.RecordBatch, model_dir: str, state_media: str | None) -> pa.RecordBatch:
    """Arrow-batch kernel: ads -> (ad_id, political_score, state_media outlet name or null)."""
    model = load_model(Path(model_dir))
    listed = load_state_media(Path(state_media) if state_media else None)
    texts = [t or "" for t in batch.column("text").to_pylist()]
    scores = model.political_scores(texts).tolist() if texts else []
    columns = ("page_name", "payer", "page_id", "page_admin_countries")
    rows = zip(*(batch.column(c).to_pylist() for c in columns), strict=True)
    outlets = [listed.match(*row) for row in rows]
    return pa.RecordBatch.from_arrays(
        [
            batch.column("ad_id").cast(pa.string()),
            pa.array(scores, pa.float64()),
            pa.array([o.name if o else None for o in outlets], pa.string()),
        ],
        schema=SCORED_SCHEMA,
    )


def _flagged(tables: Tables, config: Config) -> ir.Table:
    """The ads that are findings, with the context their reasons need."""
    ads = tables.table("ads", {**_INPUT, **_CONTEXT})
    model_dir = (config.model or default_dir()).resolve()
    load_model(model_dir)  # a bad --model or --state-media fails here, not on an executor
    load_state_media(config.state_media)
    kernel = functools.partial(
        score_kernel,
        model_dir=str(model_dir),
        state_media=str(config.state_media.resolve()) if config.state_media else None,
    )
    scored = tables.engine.apply(ads.select(*_INPUT), kernel, SCORED_SCHEMA, "ad_scores")
    joined = ads.join(scored, ads.ad_id == scored.ad_id).select(
        ads.ad_id,
        ads.page_id,
        ads.declared_category,
        ads.page_admin_countries,
        ads.target_countries,
        ads.delivery_start,
        scored.political_score,
        scored.state_media,
    )
    undeclared = (joined.declared_category == "none") & (joined.political_score >= config.threshold)
    return joined.filter(undeclared | joined.state_media.notnull()).order_by("ad_id")


def _countries(values: list[str] | None) -> list[str]:
    return sorted({v.strip().upper() for v in values or [] if v and v.strip()})


def _explain(row: dict[str, Any], reasons: list[str], threshold: float) -> str:
    score = row["political_score"]
    parts = []
    if "political-content" in reasons:
        parts.append(
            f"Ad {row['ad_id']} is declared 'none' but its text reads as political or "
            f"social-issue content (score {score:.3f} >= {threshold:g})"
        )
    if "state-media" in reasons:
        lead = "it" if parts else f"Ad {row['ad_id']} (declared '{row['declared_category']}')"
        parts.append(f"{lead} was run by a page of the state-media outlet {row['state_media']}")
    text = "; ".join(parts)
    if "foreign-admin" in reasons:
        admins = ", ".join(_countries(row["page_admin_countries"]))
        targets = ", ".join(_countries(row["target_countries"]))
        text += f"; the page is administered from {admins} but the ad targets {targets}"
    start = row["delivery_start"]
    if (
        start is not None
        and start >= EU_BAN_START
        and EU_COUNTRIES & set(_countries(row["target_countries"]))
    ):
        text += (
            "; it ran from " + start.date().isoformat() + ", and after 6 October 2025 Meta "
            "accepts no political or social-issue ads in the EU"
        )
    return text + "."


def _finding(row: dict[str, Any], threshold: float) -> UndeclaredAdFinding:
    reasons: list[str] = []
    undeclared = row["declared_category"] == "none" and row["political_score"] >= threshold
    if undeclared:
        reasons.append("political-content")
    admins, targets = _countries(row["page_admin_countries"]), _countries(row["target_countries"])
    if admins and targets and not set(admins) & set(targets):
        reasons.append("foreign-admin")
    if row["state_media"]:
        reasons.append("state-media")
    score = max(
        row["political_score"] if undeclared else 0.0,
        STATE_MEDIA_SCORE if row["state_media"] else 0.0,
    )
    disarm = [*_DISARM, *([_DISARM_UNDECLARED] if undeclared else [])]
    disarm += [_DISARM_STATE] if row["state_media"] else []
    return UndeclaredAdFinding(
        detector=NAME,
        score=min(1.0, score),
        explanation=_explain(row, reasons, threshold),
        disarm=disarm,
        ad_id=row["ad_id"],
        page_id=row["page_id"],
        political_score=round(float(row["political_score"]), 3),
        declared_category=row["declared_category"],
        reasons=reasons,
    )


def run(tables: Tables, config: Config) -> Iterator[UndeclaredAdFinding]:
    """Flag undeclared political ads and state-media ads, strongest first."""
    if "ads" not in tables:
        return
    found = []
    for batch in tables.engine.batches(_flagged(tables, config)):
        for row in batch.to_pylist():
            if row["delivery_start"] is not None and row["delivery_start"].tzinfo is None:
                row["delivery_start"] = row["delivery_start"].replace(tzinfo=UTC)
            found.append(_finding(row, config.threshold))
    yield from sorted(found, key=lambda f: (-f.score, f.ad_id))
