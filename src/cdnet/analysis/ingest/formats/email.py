"""E-mail (``.eml`` files, ``.mbox`` mailboxes) -> ``messages``.

Every message is parsed with the standard library's ``email`` package
(``policy=email.policy.default``), which decodes RFC 2047 headers, quoted-printable and base64
bodies and their charsets.

Files: ``name.eml`` holds one message (item number 1). ``name.mbox`` (or ``.mbx``, or a file
without an extension that starts with a ``From `` line, as Thunderbird keeps its folders) holds
many: a line starting with ``From `` starts the next message, as Python's ``mailbox.mbox`` reads
it; one ``>`` is taken off lines escaped as ``>From `` (mboxrd). Item numbers and ``source`` give
the message's position in the mailbox (1-based). The mailbox is streamed line by line: memory
holds one message at a time. ``.gz`` is allowed on both.

Mapping: ``message_id`` = ``Message-ID`` without ``<>``; without one,
``sha256-<hex>`` of the raw message (its bytes with CRLF line ends turned into LF, without the
mbox ``From `` line), so the same message gives the same id as ``.eml`` or inside an mbox.
``sender`` and ``sender_name`` = the ``From`` address (lower-cased) and display name;
``sent_at`` = ``Date`` (a message without a ``Date`` or with one that is not a date is broken,
field ``sent_at``; a date without a zone is read as UTC, with the usual warning);
``recipients``, ``cc``, ``bcc`` = addresses of ``To``, ``Cc``, ``Bcc`` (lower-cased);
``subject``; ``text`` = the ``text/plain`` body, else the ``text/html`` body as text;
``links`` = ``http``/``https``/``ftp`` URLs in the text (also defanged: ``hxxps://a[.]b``) and the
``href`` of HTML links, refanged by the shared pipeline; ``in_reply_to`` = the first id of
``In-Reply-To``; ``reply_to`` = the ``Reply-To`` addresses (comma-separated); ``attachments`` =
the file names of the parts that have one; ``source`` = the file name (``name.mbox#3`` for the
third message of a mailbox).
"""

from __future__ import annotations

import gzip
import hashlib
import re
import typing
from collections.abc import Iterable, Iterator
from email import policy
from email.errors import MessageError
from email.message import EmailMessage, MIMEPart
from email.parser import BytesParser
from html.parser import HTMLParser
from pathlib import Path
from typing import IO

from cdnet.analysis.ingest.formats.base import Broken, Item, Record, base_name
from cdnet.errors import BadInput

NAME = "email"
TABLE = "messages"

_MESSAGE_SUFFIXES = (".eml",)
_MAILBOX_SUFFIXES = (".mbox", ".mbx")
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:")
_ID = re.compile(r"<([^<>\s]+)>")
_ESCAPED_FROM = re.compile(rb">+From ")
_URL = re.compile(r"(?i)\b(?:https?|hxxps?|ftp|fxp)(?:://|\[://\]|\[:\]//|\[:/\]/)[^\s<>\"'`]+")
_TRAILING = ".,;:!?'\"*"
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_PARSER = BytesParser(policy=policy.default)
#: What a malformed message can raise from the ``email`` package despite its defect handling.
_UNREADABLE = (MessageError, ValueError, LookupError, IndexError, TypeError, AttributeError)


def sniff(path: Path) -> bool:
    """An ``.eml`` or ``.mbox`` file, or a file without an extension that starts like an mbox."""
    name = base_name(path)
    if name.endswith(_MESSAGE_SUFFIXES + _MAILBOX_SUFFIXES):
        return True
    if Path(name).suffix:
        return False
    return _starts_like_mbox(path)


def _open_binary(path: Path) -> IO[bytes]:
    if path.suffix.lower() == ".gz":
        return typing.cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def _starts_like_mbox(path: Path) -> bool:
    try:
        with _open_binary(path) as binary:
            first, second = binary.readline(1024), binary.readline(1024)
    except (OSError, EOFError):
        return False
    return first.startswith(b"From ") and bool(_HEADER_LINE.match(second))


def _is_mailbox(path: Path) -> bool:
    name = base_name(path)
    if name.endswith(_MESSAGE_SUFFIXES):
        return False
    return name.endswith(_MAILBOX_SUFFIXES) or _starts_like_mbox(path)


def records(path: Path) -> Iterator[Item]:
    """The messages of ``path`` as ``messages`` records (one for ``.eml``; each of an mbox)."""
    with _open_binary(path) as binary:
        if not _is_mailbox(path):
            yield 1, message_record(binary.read(), path.name)
            return
        for number, raw in enumerate(_mailbox(binary, path), start=1):
            yield number, message_record(raw, f"{path.name}#{number}")


def _mailbox(binary: IO[bytes], path: Path) -> Iterator[bytes]:
    """The raw messages of an mbox, one at a time, without their ``From `` lines."""
    lines: list[bytes] | None = None
    for line in binary:
        if line.startswith(b"From "):
            if lines is not None:
                yield _joined(lines)
            lines = []
        elif lines is not None:
            lines.append(line[1:] if _ESCAPED_FROM.match(line) else line)
        elif line.strip():
            raise BadInput("not an mbox file: expected a 'From ' line first", file=str(path), row=1)
    if lines is not None:
        yield _joined(lines)


def _joined(lines: list[bytes]) -> bytes:
    """A message's lines without the blank line that separates it from the next one."""
    if lines and lines[-1] in (b"\n", b"\r\n"):
        lines = lines[:-1]
    return b"".join(lines)


def message_id_of(raw: bytes) -> str:
    """The id of a message without ``Message-ID``: SHA-256 of its bytes with LF line ends."""
    return "sha256-" + hashlib.sha256(raw.replace(b"\r\n", b"\n")).hexdigest()


def message_record(raw: bytes, source: str) -> Record | Broken:
    """One raw message as a ``messages`` record, or :class:`Broken` saying why it is not one."""
    try:
        message = _PARSER.parsebytes(raw)
        sent_at = _sent_at(message)
        if isinstance(sent_at, Broken):
            return sent_at
        senders = _addresses(message, "From", names=True)
        if not senders:
            return Broken("the message has no From address", "sender")
        text, links = _body(message)
        return {
            "message_id": _first_id(message, "Message-ID") or message_id_of(raw),
            "sender": senders[0][0],
            "sent_at": sent_at,
            "sender_name": senders[0][1] or None,
            "recipients": [a for a, _ in _addresses(message, "To")],
            "cc": [a for a, _ in _addresses(message, "Cc")],
            "bcc": [a for a, _ in _addresses(message, "Bcc")],
            "subject": _clean(str(message.get("Subject", ""))) or None,
            "text": text,
            "links": links,
            "in_reply_to": _first_id(message, "In-Reply-To"),
            "reply_to": ", ".join(a for a, _ in _addresses(message, "Reply-To")) or None,
            "attachments": _attachments(message),
            "source": source,
        }
    except _UNREADABLE as exc:
        return Broken(f"cannot read the message: {exc}")


def _sent_at(message: EmailMessage) -> str | Broken:
    header = message.get("Date")
    if header is None or not str(header).strip():
        return Broken("the message has no Date header", "sent_at")
    when = getattr(header, "datetime", None)
    if when is None:
        return Broken(f"the Date header is not a date: {_clean(str(header))!r}", "sent_at")
    return str(when.isoformat())


def _addresses(message: EmailMessage, name: str, names: bool = False) -> list[tuple[str, str]]:
    """(address lower-cased, display name) of every address in the headers called ``name``."""
    found: list[tuple[str, str]] = []
    for header in message.get_all(name) or []:
        for address in getattr(header, "addresses", ()):
            spec = _clean(address.addr_spec).strip().lower()
            if spec and spec not in (a for a, _ in found):
                found.append((spec, _clean(address.display_name).strip() if names else ""))
    return found


def _first_id(message: EmailMessage, name: str) -> str | None:
    value = message.get(name)
    if value is None:
        return None
    text = _clean(str(value)).strip()
    match = _ID.search(text)
    if match:
        return match.group(1)
    return text.split()[0] if text else None


def _body(message: EmailMessage) -> tuple[str | None, list[str]]:
    """The text (plain, else HTML as text) and the links of the text and of HTML hrefs."""
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    html_text, hrefs = (None, []) if html is None else html_to_text(_content(html))
    text = html_text if plain is None else _content(plain)
    return text or None, _unique(urls_in(text or "") + hrefs)


def _content(part: MIMEPart) -> str:
    """A text part decoded (transfer encoding, charset), with LF line ends."""
    try:
        content = part.get_content()
    except LookupError:  # an unknown charset: UTF-8, with replacement characters
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    return _clean(content).replace("\r\n", "\n")


def _attachments(message: EmailMessage) -> list[str]:
    names: list[str] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        name = part.get_filename()
        if name:
            names.append(_clean(name))
    return names


def _clean(text: str) -> str:
    """``text`` safe to store: undecodable bytes kept as surrogates become U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text


def urls_in(text: str) -> list[str]:
    """The ``http``/``https``/``ftp`` URLs in ``text``, also defanged ones, as written."""
    return [_trimmed(match.group(0)) for match in _URL.finditer(text)]


def _trimmed(url: str) -> str:
    """``url`` without the punctuation of the sentence around it."""
    while url:
        last = url[-1]
        if last in _TRAILING or (last in _CLOSERS and url.count(_CLOSERS[last]) < url.count(last)):
            url = url[:-1]
        else:
            break
    return url


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


class _HtmlText(HTMLParser):
    """Collects the text of an HTML body (blocks on their own lines) and its link targets."""

    _BLOCKS = frozenset(
        "address article blockquote br dd div dl dt footer h1 h2 h3 h4 h5 h6 header hr li ol p "
        "pre section table td th tr ul".split()
    )
    _HIDDEN = frozenset({"script", "style", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hrefs: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")
        if tag == "a":
            href = dict(attrs).get("href")
            if href and _URL.match(href.strip()):
                self.hrefs.append(href.strip())

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> tuple[str, list[str]]:
    """The text of an HTML document (one line per block) and the URLs its links point to."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text, parser.hrefs
