"""WARC files of captures (warcio), and replay: the page's payload read back from the WARC.

A capture's WARC holds a ``warcinfo`` record, then a ``request`` and a ``response`` record for
every hop (redirects included), each record gzip-compressed on its own (a ``.warc.gz``). Response
records hold the exact bytes received; replay decodes chunking and gzip/deflate like a browser.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from cdnet import __version__
from cdnet.errors import BadInput
from cdnet.evidence.fetch import Capture, Hop


def _date(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _record(writer: Any, hop: Hop, kind: str, raw: bytes, date: str, extra: dict[str, str]) -> Any:
    headers = {"WARC-Date": date, "WARC-IP-Address": hop.address, **extra}
    return writer.create_warc_record(
        hop.url,
        kind,
        payload=io.BytesIO(raw),
        length=len(raw),
        warc_headers_dict=headers,
    )


def write_warc(capture: Capture) -> bytes:
    """The capture as a gzip-per-record WARC 1.1 file."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    date = _date(capture.started)
    info = {"software": f"cdnet {__version__}", "format": "WARC File Format 1.1"}
    writer.write_record(writer.create_warcinfo_record("capture.warc.gz", info))
    for hop in capture.hops:
        request = _record(writer, hop, "request", hop.raw_request, date, {})
        response = _record(writer, hop, "response", hop.raw_response, date, {})
        request_id = response.rec_headers.get_header("WARC-Record-ID")
        request.rec_headers.add_header("WARC-Concurrent-To", request_id)
        writer.write_record(request)
        writer.write_record(response)
    return out.getvalue()


def responses(warc: bytes) -> list[tuple[str, int, bytes]]:
    """``(target URI, HTTP status, decoded payload)`` of every response record, in order."""
    found: list[tuple[str, int, bytes]] = []
    try:
        for record in ArchiveIterator(io.BytesIO(warc)):
            if record.rec_type != "response":
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            status = int(record.http_headers.get_statuscode()) if record.http_headers else 0
            found.append((uri, status, record.content_stream().read()))
    except Exception as exc:  # warcio raises plain exceptions on damaged files
        raise BadInput(f"the WARC file cannot be read: {exc}") from exc
    return found


def replay(warc: bytes, uri: str | None = None) -> bytes:
    """The payload of the page (the last response, or the one for ``uri``) as stored in the WARC."""
    found = [r for r in responses(warc) if uri is None or r[0] == uri]
    if not found:
        raise BadInput(f"the WARC holds no response{f' for {uri}' if uri else ''}")
    return found[-1][2]
