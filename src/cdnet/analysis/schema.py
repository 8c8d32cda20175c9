"""The canonical tables of FORMATS.md as Arrow schemas.

Each table is a :class:`TableSpec`: its Arrow schema (every canonical column, in contract order),
which columns are required, which hold lists, timestamps, URLs to refang, and which take a closed
set of values. Unknown columns a user brings along are kept as strings after the canonical ones.

``messages`` extends FORMATS.md for e-mail (``.eml`` files and ``.mbox`` mailboxes, see
:mod:`cdnet.analysis.ingest.formats.email`): one row per message.

``statements`` is an auxiliary table: statements of reasons of the DSA Transparency Database
(read from its daily CSV dumps by :mod:`cdnet.analysis.ingest.formats.dsa_sor`), one row per
statement, so that ``notice-action`` can match a network's notices to the platforms' statements.

``domains`` is an auxiliary table (not in FORMATS.md's list of canonical tables): a ``.txt`` file
with one domain or URL a line, as ``cdnet detect lookalike-domains`` accepts it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pyarrow as pa

STRING = pa.string()
TIMESTAMP = pa.timestamp("us", tz="UTC")
STRING_LIST = pa.list_(pa.string())


@dataclass(frozen=True)
class TableSpec:
    """One canonical table: its schema and the rules ingest applies to its columns."""

    name: str
    schema: pa.Schema
    required: tuple[str, ...]
    key: str
    refang: frozenset[str] = frozenset()
    enums: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.schema.names)

    @property
    def list_columns(self) -> frozenset[str]:
        return frozenset(f.name for f in self.schema if pa.types.is_list(f.type))

    @property
    def timestamp_columns(self) -> frozenset[str]:
        return frozenset(f.name for f in self.schema if pa.types.is_timestamp(f.type))

    def type_of(self, column: str) -> pa.DataType:
        return self.schema.field(column).type


def _schema(*columns: tuple[str, pa.DataType]) -> pa.Schema:
    return pa.schema([pa.field(name, kind) for name, kind in columns])


POSTS = TableSpec(
    name="posts",
    schema=_schema(
        ("post_id", STRING),
        ("account_id", STRING),
        ("created_at", TIMESTAMP),
        ("text", STRING),
        ("platform", STRING),
        ("account_name", STRING),
        ("url", STRING),
        ("links", STRING_LIST),
        ("reshare_of", STRING),
        ("mentions", STRING_LIST),
        ("lang", STRING),
        ("country", STRING),
    ),
    required=("post_id", "account_id", "created_at"),
    key="post_id",
    refang=frozenset({"url", "links"}),
)

CHANNELS = TableSpec(
    name="channels",
    schema=_schema(
        ("channel_id", STRING),
        ("platform", STRING),
        ("name", STRING),
        ("handle", STRING),
        ("description", STRING),
        ("url", STRING),
        ("links", STRING_LIST),
        ("country", STRING),
        ("followers", pa.int64()),
    ),
    required=("channel_id", "platform", "name"),
    key="channel_id",
    refang=frozenset({"url", "links"}),
)

ADS = TableSpec(
    name="ads",
    schema=_schema(
        ("ad_id", STRING),
        ("page_id", STRING),
        ("text", STRING),
        ("declared_category", STRING),
        ("page_name", STRING),
        ("payer", STRING),
        ("page_admin_countries", STRING_LIST),
        ("target_countries", STRING_LIST),
        ("delivery_start", TIMESTAMP),
        ("delivery_stop", TIMESTAMP),
        ("spend_min", pa.float64()),
        ("spend_max", pa.float64()),
        ("impressions_min", pa.int64()),
        ("impressions_max", pa.int64()),
        ("platform", STRING),
    ),
    required=("ad_id", "page_id", "text", "declared_category"),
    key="ad_id",
    enums={"declared_category": frozenset({"political", "issue", "none"})},
)

IMAGES = TableSpec(
    name="images",
    schema=_schema(
        ("image_id", STRING),
        ("path", STRING),
        ("post_id", STRING),
        ("account_id", STRING),
        ("account_name", STRING),
        ("text", STRING),
        ("ai_label", pa.bool_()),
        ("platform", STRING),
    ),
    required=("image_id", "path"),
    key="image_id",
)

NOTICES = TableSpec(
    name="notices",
    schema=_schema(
        ("notice_id", STRING),
        ("platform", STRING),
        ("content_url", STRING),
        ("mechanism", STRING),
        ("submitted_at", TIMESTAMP),
        ("category", STRING),
        ("acknowledged_at", TIMESTAMP),
        ("decided_at", TIMESTAMP),
        ("outcome", STRING),
        ("statement_id", STRING),
    ),
    required=("notice_id", "platform", "content_url", "mechanism", "submitted_at"),
    key="notice_id",
    refang=frozenset({"content_url"}),
    enums={
        "mechanism": frozenset({"art16", "tos", "trusted_flagger", "other"}),
        "outcome": frozenset(
            {"removed", "disabled", "demoted", "labelled", "geo_restricted", "no_action"}
        ),
    },
)

MESSAGES = TableSpec(
    name="messages",
    schema=_schema(
        ("message_id", STRING),
        ("sender", STRING),
        ("sent_at", TIMESTAMP),
        ("sender_name", STRING),
        ("recipients", STRING_LIST),
        ("cc", STRING_LIST),
        ("bcc", STRING_LIST),
        ("subject", STRING),
        ("text", STRING),
        ("links", STRING_LIST),
        ("in_reply_to", STRING),
        ("reply_to", STRING),
        ("attachments", STRING_LIST),
        ("source", STRING),
    ),
    required=("message_id", "sender", "sent_at"),
    key="message_id",
    refang=frozenset({"links"}),
)

DOMAINS = TableSpec(
    name="domains",
    schema=_schema(("domain", STRING)),
    required=("domain",),
    key="domain",
    refang=frozenset({"domain"}),
)

STATEMENTS = TableSpec(
    name="statements",
    schema=_schema(
        ("uuid", STRING),
        ("platform_name", STRING),
        ("created_at", TIMESTAMP),
        ("puid", STRING),
        ("url", STRING),
        ("content_date", TIMESTAMP),
        ("application_date", TIMESTAMP),
        ("category", STRING),
        ("decision_ground", STRING),
        ("decision_visibility", STRING_LIST),
        ("decision_monetary", STRING),
        ("decision_provision", STRING),
        ("decision_account", STRING),
        ("source_type", STRING),
        ("content_type", STRING_LIST),
        ("automated_detection", STRING),
        ("automated_decision", STRING),
        ("territorial_scope", STRING_LIST),
    ),
    required=("uuid", "platform_name", "created_at"),
    key="uuid",
    refang=frozenset({"url"}),
)

#: The canonical tables by name: the five of FORMATS.md, then ``messages`` (e-mail).
TABLES: dict[str, TableSpec] = {
    t.name: t for t in (POSTS, CHANNELS, ADS, IMAGES, NOTICES, MESSAGES)
}

#: Every table ingest can write: the canonical ones, the auxiliary ``domains`` list and the DSA
#: ``statements`` of reasons.
ALL_TABLES: dict[str, TableSpec] = {**TABLES, DOMAINS.name: DOMAINS, STATEMENTS.name: STATEMENTS}


def get_table(name: str) -> TableSpec:
    """Return the spec of the table ``name`` or raise ``BadInput`` naming the known tables."""
    from cdnet.errors import BadInput

    try:
        return ALL_TABLES[name]
    except KeyError:
        known = ", ".join(ALL_TABLES)
        raise BadInput(f"unknown table {name!r}; known tables: {known}") from None


def detect_table(columns: list[str] | tuple[str, ...]) -> TableSpec | None:
    """Guess the canonical table from a header: the one whose required columns are all present.

    When several match (a header with both ``post_id`` and ``image_id``), the table with the most
    required columns wins, then the one with most canonical columns present. ``None`` if no table
    has all its required columns.
    """
    present = set(columns)
    matches = [t for t in TABLES.values() if set(t.required) <= present]
    if not matches:
        return None
    return max(matches, key=lambda t: (len(t.required), len(present & set(t.columns))))


def output_schema(spec: TableSpec, extra_columns: list[str] | tuple[str, ...]) -> pa.Schema:
    """The canonical schema followed by the pass-through columns (as strings)."""
    fields = list(spec.schema)
    fields += [pa.field(name, STRING) for name in extra_columns if name not in spec.columns]
    return pa.schema(fields)
