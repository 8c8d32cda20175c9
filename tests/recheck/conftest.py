"""Fixtures of the re-check tests: origins (HTTP, HTTPS), two country proxies, a sent alert, a
guard."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from cdnet.cases import workflow
from cdnet.evidence.ssrf import Guard
from factories import approved_alert
from recheck_helpers import Certificate, Origin, Proxy, certificate


@pytest.fixture
def origin() -> Iterator[Origin]:
    server = Origin().start()
    yield server
    server.stop()


@pytest.fixture
def tls_certificate(tmp_path: Any) -> Certificate:
    return certificate(tmp_path)


@pytest.fixture
def tls_origin(tls_certificate: Certificate) -> Iterator[Origin]:
    """An HTTPS origin on loopback with a throwaway self-signed certificate."""
    server = Origin(tls=tls_certificate).start()
    yield server
    server.stop()


@pytest.fixture
def trusted(settings: Any, tls_certificate: Certificate) -> Certificate:
    """The re-check fetcher trusts the HTTPS origin's certificate (CDNET_RECHECK_CA_BUNDLE)."""
    settings.CDNET_RECHECK_CA_BUNDLE = str(tls_certificate.cert)
    return tls_certificate


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
