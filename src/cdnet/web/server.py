"""A small threaded WSGI server (Django's own), static files through WhiteNoise."""

from __future__ import annotations

import sys

from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIServer, run


def serve_forever(host: str, port: int) -> None:
    sys.stderr.write(f"cdnet is serving on http://{host}:{port}/ (Ctrl+C stops)\n")
    try:
        run(host, port, WSGIHandler(), threading=True, server_cls=WSGIServer)
    except KeyboardInterrupt:
        sys.stderr.write("stopped\n")
