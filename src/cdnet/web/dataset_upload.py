"""Receiving a dataset upload: streamed to disk, hashed, refused the moment it passes the limit.

Django's default handlers keep small uploads in memory and write large ones to a temporary file
in the system's temp folder, and learn an upload's size only at the end. This handler replaces
them for dataset uploads: the ``file`` field goes straight to the data directory through
:class:`cdnet.cases.datasets.UploadSink` (SHA-256 computed on the way), and the upload stops as
soon as it passes ``CDNET_MAX_UPLOAD_MB``; the rest of the request body is read and thrown away
so the browser receives the error page instead of a reset connection.

Handlers must be installed before anything reads the request body; the CSRF middleware does, so
the views that use this handler are ``csrf_exempt`` and check the token themselves afterwards.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.http import HttpRequest

from cdnet.analysis.ingest import table_names
from cdnet.analysis.ingest.formats import FORMATS
from cdnet.cases.datasets import (
    ON_ERROR_CHOICES,
    StoredUpload,
    UploadSink,
    UploadTooLarge,
    max_upload_bytes,
)

FIELD = "file"


class DatasetUploadHandler(FileUploadHandler):
    """Streams the ``file`` field to the data directory; other file fields are skipped."""

    def __init__(self, request: HttpRequest | None = None, max_bytes: int | None = None) -> None:
        super().__init__(request)
        self.max_bytes = max_upload_bytes() if max_bytes is None else max_bytes
        self.sink: UploadSink | None = None
        self.stored: StoredUpload | None = None
        self.error: UploadTooLarge | None = None

    def new_file(self, field_name: str, file_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        if field_name != FIELD or self.sink is not None:
            raise SkipFile()
        self.sink = UploadSink(file_name, self.max_bytes)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        assert self.sink is not None  # noqa: S101 - new_file() ran first
        try:
            self.sink.write(raw_data)
        except UploadTooLarge as exc:
            self.error = exc
            raise StopUpload(connection_reset=False) from exc
        return None

    def file_complete(self, file_size: int) -> UploadedFile[bytes] | None:
        if self.sink is None or self.error is not None:
            return None
        self.stored = self.sink.finish()
        return UploadedFile(
            file=self.stored.path.open("rb"),
            name=self.stored.name,
            content_type=self.content_type,
            size=self.stored.size,
            charset=self.charset,
        )

    def discard(self) -> None:
        """Remove the raw upload (at the end of every request, whatever happened)."""
        if self.sink is not None:
            self.sink.discard()


def install_handler(request: HttpRequest) -> DatasetUploadHandler:
    """Make ``request`` stream its upload through a fresh handler; must run before any read."""
    handler = DatasetUploadHandler(request)
    request.upload_handlers = [handler]
    return handler


def _format_choices() -> list[tuple[str, Any]]:
    return [
        ("auto", "auto: recognise an export, else the table from the header"),
        ("Canonical tables", [(t, t) for t in table_names()]),
        ("Export formats", [(f, f) for f in FORMATS]),
    ]


class DatasetUploadForm(forms.Form):
    """Fields come before the file so they are parsed even when an oversized upload stops."""

    name = forms.CharField(max_length=200, required=False, help_text="Default: the file's name")
    format = forms.ChoiceField(choices=_format_choices, initial="auto", required=False)
    on_error = forms.ChoiceField(
        choices=[(c, c) for c in ON_ERROR_CHOICES],
        initial="stop",
        required=False,
        label="On a bad row",
        help_text="stop: refuse the file at the first bad row; skip: drop bad rows and count them",
    )
    file = forms.FileField()
