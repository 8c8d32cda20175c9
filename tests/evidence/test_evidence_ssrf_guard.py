"""The SSRF guard: private, loopback and link-local addresses are refused, on every hop."""

from __future__ import annotations

import pytest
from evidence_helpers import make_case

from cdnet.errors import BadInput
from cdnet.evidence.fetch import fetch
from cdnet.evidence.models import EvidenceItem
from cdnet.evidence.services import capture_url
from cdnet.evidence.ssrf import Guard, UnsafeAddress, guard_from_settings


def resolver_for(mapping: dict[str, list[str]]):
    def resolve(host: str, port: int) -> list[str]:
        return mapping[host]

    return resolve


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://127.0.0.1/", "127.0.0.1"),
        ("http://10.20.30.40/admin", "10.20.30.40"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://localhost:8000/", "127.0.0.1"),
        ("http://[::1]/", "::1"),
        ("http://[::ffff:127.0.0.1]/", "127.0.0.1"),
        ("http://100.64.0.1/", "100.64.0.1"),
        ("http://192.168.1.1/", "192.168.1.1"),
        ("http://0.0.0.0/", "0.0.0.0"),  # noqa: S104 - the address under test
        ("http://224.0.0.1/", "224.0.0.1"),
        ("http://[fe80::1]/", "fe80::1"),
    ],
)
def test_the_guard_refuses_addresses_that_are_not_public(url, address):
    with pytest.raises(UnsafeAddress) as refused:
        Guard().check(url)
    assert "refused to fetch" in str(refused.value)
    assert address in str(refused.value) or address.split(":")[-1] in str(refused.value)


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/file", "file:///etc/passwd", "http://user:pw@example.org/", "http:///x"],
)
def test_the_guard_refuses_other_schemes_credentials_and_missing_hosts(url):
    with pytest.raises(BadInput):
        Guard(resolver=resolver_for({"example.org": ["93.184.215.14"]})).check(url)


def test_a_public_address_passes_and_is_the_one_to_connect_to():
    guard = Guard(resolver=resolver_for({"example.org": ["93.184.215.14"]}))
    target = guard.check("https://example.org/a?b=1")
    assert (target.address, target.host_header, target.request_target) == (
        "93.184.215.14", "example.org", "/a?b=1"
    )  # fmt: skip


def test_a_host_with_one_private_address_among_public_ones_is_refused():
    guard = Guard(resolver=resolver_for({"mixed.example": ["93.184.215.14", "10.0.0.7"]}))
    with pytest.raises(UnsafeAddress, match=r"mixed\.example: it resolves to 10\.0\.0\.7"):
        guard.check("http://mixed.example/")


def test_the_fetcher_connects_to_the_vetted_address_and_sends_the_name_as_host(page_server):
    """DNS is asked once, by the guard; the connection goes to that address (no rebinding)."""
    guard = Guard(
        allowed={("127.0.0.1", page_server.port)},
        resolver=resolver_for({"clone.example": ["127.0.0.1"]}),
    )
    capture = fetch(f"http://clone.example:{page_server.port}/page", guard)
    assert capture.final.status == 200
    assert page_server.seen_hosts == [f"clone.example:{page_server.port}"]


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{other}/page",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://localhost:{other}/page",
    ],
)
def test_a_redirect_from_an_allowed_server_to_a_private_address_is_refused(
    network, page_server, target
):
    """Only the first hop's (address, port) is allowed explicitly; the redirect is checked anew."""
    guard = Guard(allowed={("127.0.0.1", page_server.port)})
    hop = target.format(other=page_server.port + 1)
    url = page_server.url(f"/redirect?to={hop}")
    with pytest.raises(UnsafeAddress, match="refused to fetch"):
        capture_url(network.alice, url, case=make_case(network.alice), guard=guard)
    assert len(page_server.seen_hosts) == 1
    assert not EvidenceItem.objects.exists()


def test_without_the_setting_a_loopback_page_is_refused(network, page_server, settings):
    settings.EVIDENCE_ALLOW_PRIVATE = False
    with pytest.raises(UnsafeAddress, match="CDNET_EVIDENCE_ALLOW_PRIVATE"):
        capture_url(network.alice, page_server.url(), case=make_case(network.alice))
    assert page_server.seen_hosts == []


def test_the_setting_lets_private_addresses_through(settings):
    settings.EVIDENCE_ALLOW_PRIVATE = True
    assert guard_from_settings().check("http://10.1.2.3/").address == "10.1.2.3"
