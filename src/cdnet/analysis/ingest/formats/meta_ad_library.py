"""Meta Ad Library API (``ads_archive``) JSON responses -> ``ads``.

Reads the pages the API returns (``{"data": [...], "paging": {...}}``) in a ``.json`` file, a
JSON array of such pages (or of ads), and JSON Lines (``.jsonl``/``.ndjson``, optionally ``.gz``)
holding one page or one ad a line. Field names are those of the Graph API's ``ArchivedAd``
reference (https://developers.facebook.com/docs/graph-api/reference/archived-ad/): ``id``,
``page_id``, ``page_name``, ``ad_creative_bodies``, ``ad_creative_link_titles``,
``ad_creative_link_descriptions``, ``ad_creative_link_captions``, ``ad_delivery_start_time``,
``ad_delivery_stop_time``, ``ad_snapshot_url``, ``bylines``, ``beneficiary_payers`` (``payer``,
``beneficiary``, ``current``), ``spend`` and ``impressions`` (``lower_bound``/``upper_bound`` as
strings), ``currency``, ``publisher_platforms``, ``languages``, ``target_locations`` (``name``,
``type``, ``excluded``), ``eu_total_reach``, ``delivery_by_region``, ``demographic_distribution``.

Item numbers: in JSON Lines the line (the ads of one page share it); in a ``.json`` file the
position of the ad among all ads of the file (1-based). ``.json`` files are streamed page by page.

Rules: ``text`` joins the distinct ``ad_creative_bodies`` with a blank line (variants of one ad
are all evidence), else the link titles, else the link descriptions. ``declared_category`` is
``political`` when the ad carries a "Paid for by" disclaimer (``bylines``) or spend/impression
ranges, which Meta discloses only for ads about social issues, elections or politics; otherwise
``none`` (the API does not tell issue ads apart). ``payer`` = ``bylines`` (without a leading
"Paid for by"), else the distinct ``payer`` values of ``beneficiary_payers`` (current ones
first) joined with ``"; "``.
``target_countries`` = the ISO codes of the included ``target_locations`` of type country
(English names through ``COUNTRY_CODES``; unknown names are left out but stay in the
``target_locations`` extra column). ``platform`` = ``publisher_platforms``, lower case, joined
with commas. ``page_admin_countries`` stays empty: ``ads_archive`` does not return it. Every other
field is kept as an extra column (lists and objects as JSON text); the access token Meta puts in
``ad_snapshot_url`` is removed.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from cdnet.analysis.ingest.formats.base import Broken, Item, Record, base_name, head, open_text
from cdnet.analysis.ingest.formats.jsonstream import JsonStream
from cdnet.errors import BadInput

NAME = "meta-ad-library"
TABLE = "ads"

#: English country names as the Ad Library writes them in ``target_locations``, to ISO 3166-1.
COUNTRY_CODES: dict[str, str] = {
    "albania": "AL", "argentina": "AR", "armenia": "AM", "australia": "AU", "austria": "AT",
    "azerbaijan": "AZ", "belarus": "BY", "belgium": "BE", "bosnia and herzegovina": "BA",
    "brazil": "BR", "bulgaria": "BG", "canada": "CA", "chile": "CL", "china": "CN",
    "colombia": "CO", "croatia": "HR", "cyprus": "CY", "czech republic": "CZ", "czechia": "CZ",
    "denmark": "DK", "egypt": "EG", "estonia": "EE", "finland": "FI", "france": "FR",
    "georgia": "GE", "germany": "DE", "greece": "GR", "hungary": "HU", "iceland": "IS",
    "india": "IN", "indonesia": "ID", "iran": "IR", "ireland": "IE", "israel": "IL",
    "italy": "IT", "japan": "JP", "kazakhstan": "KZ", "kosovo": "XK", "latvia": "LV",
    "liechtenstein": "LI", "lithuania": "LT", "luxembourg": "LU", "malta": "MT", "mexico": "MX",
    "moldova": "MD", "monaco": "MC", "montenegro": "ME", "morocco": "MA", "netherlands": "NL",
    "the netherlands": "NL", "new zealand": "NZ", "nigeria": "NG", "north macedonia": "MK",
    "macedonia": "MK", "norway": "NO", "pakistan": "PK", "philippines": "PH", "poland": "PL",
    "portugal": "PT", "romania": "RO", "russia": "RU", "saudi arabia": "SA", "serbia": "RS",
    "slovakia": "SK", "slovenia": "SI", "south africa": "ZA", "south korea": "KR",
    "spain": "ES", "sweden": "SE", "switzerland": "CH", "tunisia": "TN", "turkey": "TR",
    "türkiye": "TR", "ukraine": "UA", "united arab emirates": "AE", "united kingdom": "GB",
    "united states": "US", "united states of america": "US", "venezuela": "VE",
}  # fmt: skip

_SUFFIXES = (".json", ".jsonl", ".ndjson")
_AD_KEYS = re.compile(r'"(ad_creative_bodies|ad_delivery_start_time|ad_snapshot_url|bylines)"')
_CONSUMED = frozenset(
    {"id", "page_id", "page_name", "ad_creative_bodies", "bylines", "publisher_platforms"}
    | {"ad_delivery_start_time", "ad_delivery_stop_time", "spend", "impressions"}
)
_CODE = re.compile(r"^[A-Za-z]{2}$")
_PAID_FOR = re.compile(r"^\s*paid for by\s*:?\s*", re.IGNORECASE)


def sniff(path: Path) -> bool:
    """A JSON (Lines) file whose first bytes hold fields only Ad Library ads have."""
    if not base_name(path).endswith(_SUFFIXES):
        return False
    text = head(path).lstrip()
    if not text.startswith(("{", "[")) or re.search(r'"(post_id|author_id|ad_id)"', text):
        return False
    return _AD_KEYS.search(text) is not None


def records(path: Path) -> Iterator[Item]:
    """The ads of ``path`` as ``ads`` records."""
    if base_name(path).endswith(".json"):
        yield from _document(path)
    else:
        yield from _lines(path)


def _document(path: Path) -> Iterator[Item]:
    """A page, or an array of pages or ads, read one page at a time."""
    counter = itertools.count(1)
    with open_text(path) as text:
        stream = JsonStream(text, str(path))
        first = stream.peek()
        if first == "{":
            yield from _page_stream(stream, counter)
        elif first == "[":
            for _ in stream.items():
                for item in _items(stream.value()):
                    yield next(counter), item
        else:
            raise BadInput("expected Ad Library API JSON (an object or an array)", file=str(path))


def _page_stream(stream: JsonStream, counter: Iterator[int]) -> Iterator[Item]:
    """The top-level object: a page whose ``data`` is streamed ad by ad, or one ad."""
    ad: dict[str, Any] = {}
    page = False
    for key in stream.keys():
        if key == "data" and stream.peek() == "[":
            page = True
            for _ in stream.items():
                value = stream.value()
                yield next(counter), ad_record(value) if isinstance(value, dict) else _not_ad()
        elif key == "data":
            page = True
            for item in _items({"data": stream.value()}):
                yield next(counter), item
        elif key in ("paging", "summary"):
            page = True
            stream.value()
        else:
            ad[key] = stream.value()
    if not page:
        for item in _items(ad):
            yield next(counter), item


def _lines(path: Path) -> Iterator[Item]:
    with open_text(path) as text:
        for number, line in enumerate(text, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                yield number, Broken(f"not valid JSON: {getattr(exc, 'msg', exc)}")
                continue
            for item in _items(obj):
                yield number, item


def _items(obj: Any) -> Iterator[Record | Broken]:
    """The ads of a page, or the one ad ``obj`` is."""
    if not isinstance(obj, dict):
        yield _not_ad()
    elif "data" in obj:
        data = obj["data"]
        for ad in data if isinstance(data, list) else [data]:
            yield ad_record(ad) if isinstance(ad, dict) else _not_ad()
    elif "id" in obj or "page_id" in obj:
        yield ad_record(obj)
    elif "error" in obj:
        message = obj["error"].get("message") if isinstance(obj["error"], dict) else None
        yield Broken(f"the API answered with an error: {message or obj['error']}", "error")
    elif "paging" not in obj:
        yield Broken("expected an Ad Library page (data, paging) or an ad", "data")


def _not_ad() -> Broken:
    return Broken("expected an ad (a JSON object)", "data")


def ad_record(ad: Mapping[str, Any]) -> Record:
    """One ``ads_archive`` ad as an ``ads`` record."""
    spend, impressions = _bounds(ad.get("spend")), _bounds(ad.get("impressions"))
    payer = _byline(ad.get("bylines"))
    political = payer is not None or any(v is not None for v in (*spend, *impressions))
    record: Record = {
        "ad_id": _scalar(ad.get("id")),
        "page_id": _scalar(ad.get("page_id")),
        "text": _ad_text(ad),
        "declared_category": "political" if political else "none",
        "page_name": _text(ad.get("page_name")),
        "payer": payer or _payers(ad.get("beneficiary_payers")),
        "target_countries": target_countries(ad.get("target_locations")),
        "delivery_start": _text(ad.get("ad_delivery_start_time")),
        "delivery_stop": _text(ad.get("ad_delivery_stop_time")),
        "spend_min": spend[0],
        "spend_max": spend[1],
        "impressions_min": impressions[0],
        "impressions_max": impressions[1],
        "platform": _platforms(ad.get("publisher_platforms")),
    }
    for key, value in ad.items():
        if key not in _CONSUMED and key not in record:
            record[key] = _without_token(value) if key == "ad_snapshot_url" else value
    return record


def _ad_text(ad: Mapping[str, Any]) -> str | None:
    keys = ("ad_creative_bodies", "ad_creative_link_titles", "ad_creative_link_descriptions")
    for key in keys:
        texts = _distinct(ad.get(key))
        if texts:
            return "\n\n".join(texts)
    return None


def _distinct(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in values:
        text = _text(item)
        if text is not None and text not in out:
            out.append(text)
    return out


def _bounds(value: Any) -> tuple[str | None, str | None]:
    """``lower_bound`` and ``upper_bound`` of a range (either may be missing)."""
    if not isinstance(value, dict):
        return None, None
    return _scalar(value.get("lower_bound")), _scalar(value.get("upper_bound"))


def _byline(value: Any) -> str | None:
    """The funding entity of a disclaimer, without a leading "Paid for by"."""
    text = _text(value)
    return _PAID_FOR.sub("", text).strip() or None if text else None


def _payers(value: Any) -> str | None:
    if not isinstance(value, list):
        return None
    entries = [e for e in value if isinstance(e, dict)]
    entries.sort(key=lambda e: e.get("current") is not True)
    payers = _distinct([e.get("payer") for e in entries])
    return "; ".join(payers) or None


def target_countries(value: Any) -> list[str]:
    """ISO codes of the included countries among ``target_locations``."""
    codes: list[str] = []
    for location in value if isinstance(value, list) else []:
        if not isinstance(location, dict) or location.get("excluded") is True:
            continue
        if str(location.get("type", "")).lower() not in ("country", "countries"):
            continue
        name = str(location.get("name") or "").strip()
        code = name.upper() if _CODE.match(name) else COUNTRY_CODES.get(name.lower())
        if code and code not in codes:
            codes.append(code)
    return codes


def _platforms(value: Any) -> str | None:
    return ",".join(p.lower() for p in _distinct(value)) or None


def _without_token(value: Any) -> Any:
    """``ad_snapshot_url`` without the ``access_token`` Meta puts in it."""
    if not isinstance(value, str) or "access_token" not in value:
        return value
    parts = urlsplit(value)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    kept = urlencode([(k, v) for k, v in query if k != "access_token"])
    return urlunsplit(parts._replace(query=kept))


def _scalar(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    return str(value).strip() or None


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else _scalar(value)
