"""Tag-bombing for ``targeted-organisations``: near-identical texts that name many organisations."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from cdnet.analysis.detectors import coordination_text
from cdnet.analysis.detectors.base import Tables
from cdnet.analysis.detectors.targeted_organisations_hits import HIT_SCHEMA
from cdnet.analysis.detectors.targeted_organisations_model import Config

#: MinHash values per text for the near-duplicate grouping (as ``coordination``'s default).
_NUM_PERM = 64


def text_groups(tables: Tables, texts: ir.Table, similarity: float) -> ir.Table:
    """``texts`` (hits with a ``text_id``) with ``text_group``: the near-duplicate component of
    its text (Jaccard >= ``similarity``, transitively), or its own ``text_id`` if it has none.

    The distinct normalised texts go through ``coordination``'s MinHash/LSH candidates, exact
    Jaccard check and connected components, so this runs on DuckDB and Spark alike.
    """
    engine = tables.engine
    distinct = texts.group_by("text_id").aggregate(norm=texts.norm.min())
    distinct = engine.persist(distinct, "org_texts")
    edges = coordination_text.verified_pairs(tables, distinct, _NUM_PERM, similarity)
    labels, _ = coordination_text.text_components(tables, edges)
    if labels is None:
        return texts.mutate(text_group=texts.text_id)
    joined = texts.left_join(labels, texts.text_id == labels.text_id)
    return joined.select(
        *[texts[c] for c in HIT_SCHEMA.names],
        text_group=ibis.coalesce(labels.comp, texts.text_id),
    ).view()


def tag_bombed(tables: Tables, resolved: ir.Table, config: Config) -> ir.Table:
    """(org_id, evidence_id, text_group) of near-identical texts that reach ``min_orgs``
    organisations in ``min_copies`` or more posts or e-mails, each naming ``min_tags`` or more
    (a reply template sent to one newsroom at a time is not a row of tags)."""
    per_copy = resolved.group_by("evidence_id").aggregate(tagged=resolved.org_id.nunique())
    copies = per_copy.filter(per_copy.tagged >= config.min_tags).select("evidence_id")
    rows = resolved.semi_join(copies, "evidence_id")
    texts = text_groups(tables, rows.filter(rows.text_id.notnull()), config.similarity)
    texts = tables.engine.persist(texts, "org_text_groups")
    groups = texts.group_by("text_group").aggregate(
        orgs=texts.org_id.nunique(), copies=texts.evidence_id.nunique()
    )
    bombs = groups.filter((groups.orgs >= config.min_orgs) & (groups.copies >= config.min_copies))
    kept = texts.semi_join(bombs.select("text_group"), "text_group")
    return kept.select("org_id", "evidence_id", "text_group")
