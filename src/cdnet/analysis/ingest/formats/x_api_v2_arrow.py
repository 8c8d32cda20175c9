"""The fast path of :mod:`~cdnet.analysis.ingest.formats.x_api_v2`: pages flattened by Arrow.

A block of twarc2 JSON Lines (one API page a line) is parsed by Arrow's JSON reader against a
schema of the fields cdnet maps, and turned into the ``posts`` columns with Arrow compute: the
same mapping, order (each page's tweets, then the tweets it includes) and line numbers as
:func:`~cdnet.analysis.ingest.formats.x_api_v2.tweet_record`. When a block holds anything this
path cannot map exactly -- a blank line, a line that is not a page with a ``data`` array, a
value of an unexpected JSON type, a tweet with the same link twice or two references of one
kind, a user listed twice in a page -- :func:`flatten_block` returns None and the caller reads
that block record by record, so the result never depends on the path taken.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pajson

from cdnet.analysis.ingest.convert import RawBatch
from cdnet.analysis.schema import STRING, STRING_LIST

_URL = pa.struct([("url", STRING), ("expanded_url", STRING), ("unwound_url", STRING)])
_ENTITIES = pa.struct(
    [("urls", pa.list_(_URL)), ("mentions", pa.list_(pa.struct([("username", STRING)])))]
)
_USER = pa.struct([("id", STRING), ("username", STRING)])
_TWEET = pa.struct(
    [
        ("id", STRING),
        ("author_id", STRING),
        ("created_at", STRING),
        ("text", STRING),
        ("lang", STRING),
        ("referenced_tweets", pa.list_(pa.struct([("type", STRING), ("id", STRING)]))),
        ("entities", _ENTITIES),
        ("author", _USER),
    ]
)
_PAGE = pa.schema(
    [
        ("data", pa.list_(_TWEET)),
        ("includes", pa.struct([("users", pa.list_(_USER)), ("tweets", pa.list_(_TWEET))])),
    ]
)
_PARSE = pajson.ParseOptions(explicit_schema=_PAGE, unexpected_field_behavior="ignore")
_BLANK = re.compile(rb"\n[ \t\r]*\n")
_BLANK_FIRST = re.compile(rb"[ \t\r]*\n")
_SEP = "\x1f"

#: Given the ids of the tweets in file order, which to keep (the first of each id in the file).
Keep = Callable[[list[str | None]], list[bool]]


def flatten_block(
    block: bytes, first_line: int, keep: Keep, is_tco: Callable[[str], bool]
) -> RawBatch | None:
    """The ``posts`` columns of the pages in ``block`` (lines from ``first_line``), or None."""
    table = _parse(block)
    if table is None:
        return None
    data = table.column("data").combine_chunks()
    includes = table.column("includes").combine_chunks()
    if data.null_count:
        return None
    ordered = _tweets_in_order(data, includes)
    if ordered is None:
        return None
    tweets, pages, included = ordered
    columns = _columns(tweets, pages, includes, is_tco)
    if columns is None:
        return None
    mask = pa.array(keep(pc.struct_field(tweets, "id").to_pylist()), pa.bool_())
    columns["included"] = pc.if_else(included, "true", pa.scalar(None, STRING))
    kept = {name: pc.filter(values, mask) for name, values in columns.items()}
    rows = pc.filter(pc.add(pc.cast(pages, pa.int64()), first_line), mask)
    return RawBatch(kept, rows, len(rows))


def _parse(block: bytes) -> pa.Table | None:
    """The block as a table of pages, one row a line; None when it cannot be read so."""
    if _BLANK_FIRST.match(block) or _BLANK.search(block):
        return None
    try:
        block.decode("utf-8")
        table = pajson.read_json(pa.BufferReader(block), parse_options=_PARSE)
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError):
        return None
    lines = block.count(b"\n") + (0 if block.endswith(b"\n") else 1)
    return table if table.num_rows == lines else None


def _tweets_in_order(
    data: pa.ListArray, includes: pa.StructArray
) -> tuple[pa.StructArray, pa.Array, pa.Array] | None:
    """Each page's tweets then its usable included tweets: (tweets, page index, included)."""
    own = pc.list_flatten(data)
    if own.null_count:
        return None  # an item of data that is not a tweet object
    nested = pc.struct_field(includes, "tweets")
    extra = pc.list_flatten(nested)
    usable = pc.fill_null(
        pc.and_kleene(
            _present(pc.struct_field(extra, "id")),
            pc.and_kleene(
                _present(pc.struct_field(extra, "author_id")),
                _present(pc.struct_field(extra, "created_at")),
            ),
        ),
        False,
    )
    extra = pc.filter(extra, usable)
    pages = pa.concat_arrays(
        [
            pc.cast(pc.list_parent_indices(data), pa.int64()),
            pc.cast(pc.filter(pc.list_parent_indices(nested), usable), pa.int64()),
        ]
    )
    flags = pa.array([False] * len(own) + [True] * len(extra), pa.bool_())
    order = pc.sort_indices(
        pa.table({"page": pages, "included": flags, "n": pa.array(range(len(pages)))}),
        sort_keys=[("page", "ascending"), ("included", "ascending"), ("n", "ascending")],
    )
    tweets = pc.take(pa.concat_arrays([own, extra]), order)
    return tweets, pc.take(pages, order), pc.take(flags, order)


def _present(values: pa.Array) -> pa.Array:
    return pc.and_(pc.is_valid(values), pc.not_equal(pc.fill_null(values, ""), ""))


def _columns(
    tweets: pa.StructArray, pages: pa.Array, includes: pa.StructArray, is_tco: Callable[[str], bool]
) -> dict[str, pa.Array] | None:
    ids = pc.struct_field(tweets, "id")
    author = pc.struct_field(tweets, "author")
    has_author = pc.is_valid(author)
    author_id = pc.struct_field(tweets, "author_id")
    username = _usernames(author_id, pages, includes)
    if username is None:
        return None
    username = pc.if_else(has_author, pc.struct_field(author, "username"), username)
    status = pc.if_else(
        _present(username), pc.binary_join_element_wise(username, "/status", ""), "i/web/status"
    )
    entities = pc.struct_field(tweets, "entities")
    links = _links(pc.struct_field(entities, "urls"), is_tco)
    references = _references(pc.struct_field(tweets, "referenced_tweets"))
    if links is None or references is None:
        return None
    author_ids = pc.if_else(has_author, pc.struct_field(author, "id"), pa.scalar(None, STRING))
    return {
        "post_id": ids,
        "account_id": pc.coalesce(author_id, author_ids),
        "created_at": pc.struct_field(tweets, "created_at"),
        "text": pc.struct_field(tweets, "text"),
        "platform": pa.array(["x"] * len(tweets), STRING),
        "account_name": username,
        "url": pc.binary_join_element_wise("https://x.com/", status, "/", ids, ""),
        "links": links,
        "reshare_of": references["retweeted"],
        "mentions": _mentions(pc.struct_field(entities, "mentions")),
        "lang": pc.struct_field(tweets, "lang"),
        "quote_of": references["quoted"],
        "reply_to": references["replied_to"],
    }


def _usernames(author_id: pa.Array, pages: pa.Array, includes: pa.StructArray) -> pa.Array | None:
    """Each tweet's author's username from its own page's ``includes.users``."""
    nested = pc.struct_field(includes, "users")
    users = pc.list_flatten(nested)
    keys = _keys(pc.list_parent_indices(nested), pc.struct_field(users, "id"))
    if len(pc.unique(pc.drop_null(keys))) != len(pc.drop_null(keys)):
        return None  # a user listed twice in a page: the record path keeps the last one
    found = pc.index_in(_keys(pages, author_id), value_set=keys)
    return pc.take(pc.struct_field(users, "username"), found)


def _keys(pages: pa.Array, values: pa.Array) -> pa.Array:
    return pc.binary_join_element_wise(pc.cast(pages, STRING), values, _SEP)


def _regroup(lists: pa.ListArray, values: pa.Array, keep: pa.Array) -> pa.ListArray:
    """``lists`` holding only the kept ``values`` (its flattened values); null lists become []."""
    lengths = pc.fill_null(pc.list_value_length(lists), 0)
    zero = pa.array([0], pa.int64())
    starts = pa.concat_arrays([zero, pc.cast(pc.cumulative_sum(lengths), pa.int64())])
    kept = pa.concat_arrays([zero, pc.cumulative_sum(pc.cast(keep, pa.int64()))])
    offsets = pc.cast(pc.take(kept, starts), pa.int32())
    return pa.ListArray.from_arrays(offsets, pc.filter(values, keep), type=STRING_LIST)


def _links(urls: pa.ListArray, is_tco: Callable[[str], bool]) -> pa.ListArray | None:
    """Unwound or expanded URLs, never t.co; None when a tweet lists one link twice."""
    entries = pc.list_flatten(urls)
    unwound = pc.struct_field(entries, "unwound_url")
    chosen = pc.if_else(_present(unwound), unwound, pc.struct_field(entries, "expanded_url"))
    keep = _present(chosen)
    maybe = pc.fill_null(pc.match_substring(chosen, "t.co", ignore_case=True), False)
    if pc.any(maybe).as_py():
        flags = [bool(m) and is_tco(str(v)) for m, v in zip(maybe, chosen.to_pylist(), strict=True)]
        keep = pc.and_(keep, pc.invert(pa.array(flags, pa.bool_())))
    keys = pc.filter(_keys(pc.list_parent_indices(urls), chosen), keep)
    if len(pc.unique(keys)) != len(keys):
        return None
    return _regroup(urls, chosen, keep)


def _mentions(mentions: pa.ListArray) -> pa.ListArray:
    names = pc.struct_field(pc.list_flatten(mentions), "username")
    return _regroup(mentions, names, _present(names))


def _references(refs: pa.ListArray) -> dict[str, pa.Array] | None:
    """The referenced tweet id of each kind, per tweet; None when a tweet has two of a kind."""
    entries = pc.list_flatten(refs)
    parents = pc.list_parent_indices(refs)
    kinds, ids = pc.struct_field(entries, "type"), pc.struct_field(entries, "id")
    positions = pa.array(range(len(refs)), pa.int64())
    out: dict[str, pa.Array] = {}
    for kind in ("retweeted", "quoted", "replied_to"):
        chosen = pc.fill_null(pc.and_(pc.equal(kinds, kind), pc.is_valid(ids)), False)
        owners = pc.cast(pc.filter(parents, chosen), pa.int64())
        if len(pc.unique(owners)) != len(owners):
            return None
        mask = pc.is_in(positions, value_set=owners)
        empty = pa.nulls(len(refs), STRING)
        out[kind] = pc.replace_with_mask(empty, mask, pc.filter(ids, chosen))
    return out
