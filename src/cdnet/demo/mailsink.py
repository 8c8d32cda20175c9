"""A local SMTP sink for the demo: real SMTP on loopback, each message kept as an .eml file."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class _SaveToFolder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        number = len(list(self.folder.glob("*.eml"))) + 1
        (self.folder / f"{number:05d}.eml").write_bytes(envelope.content)
        return "250 OK: kept by the cdnet demo mail sink"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class MailSink:
    """Start with :meth:`start`; Django's e-mail settings are pointed at it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = _free_port()
        self._controller = Controller(_SaveToFolder(folder), hostname="127.0.0.1", port=self.port)

    def start(self) -> None:
        from django.conf import settings

        self._controller.start()
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = self.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""

    def stop(self) -> None:
        self._controller.stop()
