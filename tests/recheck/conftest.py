"""Fixtures of the re-check tests: an origin, two country proxies, a sent alert, a guard."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from recheck_helpers import Origin, Proxy

from cdnet.cases import workflow
from cdnet.evidence.ssrf import Guard
from factories import approved_alert


@pytest.fixture
def origin() -> Iterator[Origin]:
    server = Origin().start()
    yield server
    server.stop()


@dataclass
class Proxies:
    de: Proxy
    fr: Proxy


@pytest.fixture
def proxies(settings: Any) -> Iterator[Proxies]:
    """Two forward proxies on loopback, configured as the DE and FR vantage points."""
    de, fr = Proxy("DE").start(), Proxy("FR").start()
    settings.CDNET_RECHECK_PROXIES = f"DE={de.url},FR={fr.url}"
    yield Proxies(de, fr)
    de.stop()
    fr.stop()


@pytest.fixture
def guard(origin: Origin) -> Guard:
    """The evidence fetcher's guard, letting exactly the origin's loopback port through."""
    return Guard(allowed={("127.0.0.1", origin.port)})


@pytest.fixture
def sent_alert(network: Any) -> Any:
    alert = approved_alert(network.alice, network.bob)
    workflow.mark_sent(alert, network.carol)
    alert.refresh_from_db()
    return alert
