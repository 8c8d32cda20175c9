"""Helpers of the impact tests: sent alerts, API clients with tokens, dates."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.test import Client
from django.utils import timezone


def sent_alert(network: Any, **kw: Any) -> Any:
    """An alert by alice, approved by bob, sent by carol."""
    from cdnet.cases import workflow
    from factories import approved_alert

    alert = approved_alert(network.alice, network.bob, **kw)
    workflow.mark_sent(alert, network.carol)
    alert.refresh_from_db()
    return alert


def days_ago(n: int) -> dt.date:
    return timezone.now().date() - dt.timedelta(days=n)


class Api:
    """The API as one member sees it, with a real token."""

    def __init__(self, user: Any) -> None:
        from cdnet.network.services import create_token

        self.client = Client()
        self.headers = {"Authorization": f"Bearer {create_token(user)}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api{path}", params, headers=self.headers)

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self._send("post", path, body)

    def patch(self, path: str, body: dict[str, Any]) -> Any:
        return self._send("patch", path, body)

    def _send(self, method: str, path: str, body: dict[str, Any] | None) -> Any:
        send = getattr(self.client, method)
        data = json.dumps(body or {})
        return send(f"/api{path}", data=data, content_type="application/json", headers=self.headers)
