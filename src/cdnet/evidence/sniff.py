"""What an uploaded file really is, from its bytes (never from its name), against an allow-list.

Allowed: PNG, JPEG, GIF, WebP, PDF, e-mail (RFC 822 headers, ``.eml``), and UTF-8 text (CSV when
the name ends in ``.csv``). Everything else is refused, and so is a file whose name claims one
allowed binary type while its bytes are another (``photo.png`` holding a PDF).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from pathlib import PurePath

from cdnet.errors import BadInput

MAGIC: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
]
KNOWN_BAD: list[tuple[bytes, str]] = [
    (b"MZ", "a Windows executable"),
    (b"\x7fELF", "an ELF executable"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (b"#!", "a script"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
]
EXTENSIONS = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp", ".pdf": "application/pdf",
}  # fmt: skip
SUFFIX_OF = {
    "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp",
    "application/pdf": "pdf", "message/rfc822": "eml", "text/csv": "csv", "text/plain": "txt",
    "text/html": "html", "application/warc": "warc.gz",
}  # fmt: skip
HEADER = re.compile(rb"^([!-9;-~]+):[ \t]?(.*)$")
FOLDED = re.compile(rb"^[ \t]+\S")
MAIL_HEADERS = {b"date", b"subject", b"to", b"message-id", b"received"}
ALLOWED = "PNG, JPEG, GIF, WebP, PDF, e-mail (.eml), CSV or UTF-8 text"


def suffix_for(mime_type: str) -> str:
    """The file name extension used for a MIME type in downloads and packages."""
    return SUFFIX_OF.get(mime_type.split(";")[0].strip(), "bin")


def _binary_type(head: bytes) -> str | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return next((mime for magic, mime in MAGIC if head.startswith(magic)), None)


def _is_email(head: bytes) -> bool:
    names: set[bytes] = set()
    for line in head.split(b"\n")[:200]:
        line = line.rstrip(b"\r")
        if not line:
            break
        match = HEADER.match(line)
        if match:
            names.add(match.group(1).lower())
        elif not (names and FOLDED.match(line)):
            return False
    return b"from" in names and bool(names & MAIL_HEADERS)


def _utf8(chunks: Iterable[bytes]) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in chunks:
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _refuse(name: str, head: bytes) -> BadInput:
    what = next((label for magic, label in KNOWN_BAD if head.startswith(magic)), None)
    found = f"its content is {what}" if what else "its content is not a type cdnet accepts"
    return BadInput(f"{found}; allowed are {ALLOWED}", file=name or None, field="file")


def sniff(name: str, head: bytes, chunks: Iterable[bytes]) -> str:
    """The MIME type of a file from its first bytes (``head``) and, for text, all its bytes."""
    mime = _binary_type(head)
    claimed = EXTENSIONS.get(PurePath(name).suffix.lower())
    if mime is None and not any(head.startswith(m) for m, _ in KNOWN_BAD) and _utf8(chunks):
        if _is_email(head.removeprefix(b"\xef\xbb\xbf")):
            mime = "message/rfc822"
        else:
            mime = "text/csv" if name.lower().endswith(".csv") else "text/plain"
    if mime is None:
        raise _refuse(name, head)
    if claimed is not None and claimed != mime:
        raise BadInput(
            f"the name says {claimed} but the content is {mime}", file=name or None, field="file"
        )
    return mime
