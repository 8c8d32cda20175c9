"""``targeted-organisations``: fact-checkers and newsrooms tagged and e-mailed by a campaign.

Operation Overload-style campaigns tag dozens of fact-checkers and newsrooms on the same fake and
e-mail them asking to "verify" it, to waste their time and to borrow their reach. This detector
resolves who was targeted and how often:

* **posts**: every handle in ``mentions`` and every ``@handle`` in ``text`` is resolved against
  the organisations registry per platform, case-insensitively (``x`` = ``twitter``); Bluesky
  domain handles (``@afp.com``, ``@factcheck.afp.com``) resolve through the organisation's
  domains; a handle equal to a name or alias with spaces and punctuation removed
  (``@afpfactuel`` -> alias "AFP Factuel") resolves too (``matched_on`` says which rule).
* **e-mail** (the ``messages`` table, or ``--emails PATH``, an ``.eml`` folder or ``.mbox``
  read by cdnet's e-mail importer): To, Cc and Bcc addresses on an organisation's e-mail
  domains or their subdomains.

One finding per organisation: ``messages`` (distinct posts and e-mails), ``senders`` (distinct
accounts and From addresses), ``first_seen``, ``last_seen``, ``evidence_ids``: exactly the
FORMATS.md lines, by default. Texts are normalised (handles, URLs, emoji, punctuation and case
removed) and grouped with their near-duplicates (character-shingle Jaccard >= ``--similarity``,
by the MinHash/LSH machinery of :mod:`.coordination_text`: Operation Overload copies differ by a
word, an emoji or a link); when ``--min-copies`` or more posts or e-mails of one group together
reach ``--min-orgs`` organisations, that is tag-bombing, marked with ``tag_bombing`` and DISARM
T0049.005. With ``--unresolved co-tagged|all`` (an extension, off by default), handles and
addresses that resolve to no organisation are added as ``kind = unresolved`` lines with a null
``org_id``, for review. See docs/detectors/targeted-organisations.md.
"""

from __future__ import annotations

from collections.abc import Iterator

import ibis.expr.types as ir

from cdnet.analysis.detectors.base import Tables
from cdnet.analysis.detectors.targeted_organisations_bombing import tag_bombed
from cdnet.analysis.detectors.targeted_organisations_findings import targeted, unresolved
from cdnet.analysis.detectors.targeted_organisations_hits import hits_table, with_emails
from cdnet.analysis.detectors.targeted_organisations_model import (
    NAME,
    Config,
    TargetedFinding,
)
from cdnet.analysis.detectors.targeted_organisations_resolve import resolver_for
from cdnet.analysis.reference.organisations import Organisation, load_organisations

__all__ = [
    "DESCRIPTION",
    "NAME",
    "TABLES",
    "Config",
    "TargetedFinding",
    "run",
    "tag_bombing_groups",
]

DESCRIPTION = "Fact-checkers and newsrooms tagged or e-mailed by a campaign; tag-bombing."
TABLES = ("posts", "messages")


def run(tables: Tables, config: Config) -> Iterator[TargetedFinding]:
    """Targeted organisations, strongest first, then any unresolved handles asked for."""
    organisations = load_organisations(config.orgs, config.shipped)
    tables, hits = _hits(tables, config, organisations)
    if hits is None:
        return
    orgs = {org.org_id: org for org in organisations}
    yield from targeted(tables, hits, orgs, config)
    yield from unresolved(tables, hits, config)


def tag_bombing_groups(tables: Tables, config: Config) -> list[list[str]]:
    """Python API: the tag-bombing groups, each the sorted post and message ids carrying one
    near-identical text (``tag_bombing_ids`` of the findings mixes the groups per organisation)."""
    tables, hits = _hits(tables, config, load_organisations(config.orgs, config.shipped))
    if hits is None:
        return []
    found = tag_bombed(tables, hits.filter(hits.org_id.notnull()), config)
    groups: dict[int, set[str]] = {}
    for batch in tables.engine.batches(found.select("text_group", "evidence_id").distinct()):
        for row in batch.to_pylist():
            groups.setdefault(row["text_group"], set()).add(str(row["evidence_id"]))
    return sorted(sorted(ids) for ids in groups.values())


def _hits(
    tables: Tables, config: Config, organisations: list[Organisation]
) -> tuple[Tables, ir.Table | None]:
    if config.emails is not None:
        tables = with_emails(tables, config.emails)
    return tables, hits_table(tables, resolver_for(organisations))
