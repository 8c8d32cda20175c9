"""Walk one big JSON document without loading it whole.

:class:`JsonStream` reads the text in growing chunks and lets a caller step through objects and
arrays, decoding only the values it asks for (each with ``json``'s own decoder). Memory holds the
value being decoded plus a chunk, so the big arrays of an export can be streamed item by item.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from cdnet.errors import BadInput

CHUNK = 1 << 20
_WHITESPACE = " \t\r\n"


class JsonStream:
    """A cursor over the JSON text of ``source`` (``name`` is used in error messages)."""

    def __init__(self, source: IO[str], name: str) -> None:
        self._source = source
        self._name = name
        self._buffer = ""
        self._pos = 0
        self._lines = 1  # line number of the start of the buffer
        self._eof = False

    def _more(self, size: int = 0) -> bool:
        if self._eof:
            return False
        chunk = self._source.read(size or CHUNK)
        if not chunk:
            self._eof = True
            return False
        if self._pos > CHUNK:
            self._lines += self._buffer.count("\n", 0, self._pos)
            self._buffer, self._pos = self._buffer[self._pos :], 0
        self._buffer += chunk
        return True

    def error(self, reason: str) -> BadInput:
        line = self._lines + self._buffer.count("\n", 0, self._pos)
        return BadInput(f"not valid JSON: {reason}", file=self._name, row=line)

    def peek(self) -> str:
        """The next character that is not whitespace ('' at the end)."""
        while True:
            while self._pos < len(self._buffer) and self._buffer[self._pos] in _WHITESPACE:
                self._pos += 1
            if self._pos < len(self._buffer) or not self._more():
                return self._buffer[self._pos : self._pos + 1]

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise self.error(f"expected {char!r}")
        self._pos += 1

    def value(self) -> Any:
        """Decode the next value, reading more text until it is complete."""
        self.peek()
        size = CHUNK
        while True:
            try:
                value, end = json.JSONDecoder().raw_decode(self._buffer, self._pos)
            except json.JSONDecodeError as exc:
                if self._more(size):
                    size *= 2
                    continue
                raise self.error(exc.msg) from None
            if end == len(self._buffer) and self._more():
                continue  # a number may go on in the next chunk
            self._pos = end
            return value

    def keys(self) -> Iterator[str]:
        """The keys of the object that starts here; the caller reads or skips each value."""
        self.expect("{")
        if self.peek() == "}":
            self._pos += 1
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise self.error("expected a key (a string)")
            self.expect(":")
            yield key
            if self.peek() == ",":
                self._pos += 1
                continue
            self.expect("}")
            return

    def items(self) -> Iterator[None]:
        """Step through the array that starts here; the caller reads each item."""
        self.expect("[")
        if self.peek() == "]":
            self._pos += 1
            return
        while True:
            yield None
            if self.peek() == ",":
                self._pos += 1
                continue
            self.expect("]")
            return
