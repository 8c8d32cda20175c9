"""Redirect chains: links on shorteners are followed safely, only when asked, and flagged."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest

from cdnet.analysis.detectors import Tables, get
from cdnet.analysis.detectors import lookalike_domains as module
from cdnet.analysis.ingest import ingest
from cdnet.analysis.resolve.chains import ChainResolver
from cdnet.analysis.resolve.guard import Guard
from cdnet.errors import BadInput

DETECTOR = get("lookalike-domains")


class Handler(BaseHTTPRequestHandler):
    """/s/<n> redirects to spiegel.ltd; /loop to itself; /private to 10.0.0.1; /nohead 405s HEAD."""

    protocol_version = "HTTP/1.1"
    seen: list[tuple[str, str, str]] = []

    def _answer(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in {**headers, "Content-Length": "0"}.items():
            self.send_header(name, value)
        self.end_headers()

    def _route(self) -> None:
        Handler.seen.append((self.command, self.path, self.headers.get("Host", "")))
        path, port = urlsplit(self.path).path, self.server.server_address[1]
        if path.startswith("/s/"):
            self._answer(302, {"Location": f"http://spiegel.ltd:{port}/artikel"})
        elif path == "/loop":
            self._answer(301, {"Location": "/loop"})
        elif path == "/private":
            self._answer(302, {"Location": "http://10.0.0.1/admin"})
        elif path == "/nohead" and self.command == "HEAD":
            self._answer(405, {})
        elif path == "/nohead":
            self._answer(302, {"Location": "/end"})
        else:
            self._answer(200, {"Content-Type": "text/html"})

    do_HEAD = _route
    do_GET = _route

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def server() -> Iterator[int]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.seen = []
    yield int(httpd.server_address[1])
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def guard_for(port: int) -> Guard:
    """Loopback allowed for this one port; shortener and clone names answer with loopback."""
    names = {"bit.ly": ["127.0.0.1"], "spiegel.ltd": ["127.0.0.1"]}
    return Guard(allowed={("127.0.0.1", port)}, resolver=lambda host, _: names[host])


@pytest.fixture
def posts(tmp_path, server) -> Tables:
    text = (
        "post_id,account_id,created_at,links,text\n"
        f"p1,alice,2024-05-01T10:00:00Z,http://bit.ly:{server}/s/1,\n"
        f"p2,bob,2024-05-01T11:00:00Z,,Schau mal http://bit.ly:{server}/s/1 !\n"
        "p3,carol,2024-05-01T12:00:00Z,https://www.spiegel.de/x,\n"
    )
    (tmp_path / "posts.csv").write_text(text, encoding="utf-8")
    ingest([tmp_path / "posts.csv"], tmp_path / "out")
    return Tables({"posts": [tmp_path / "out" / "posts.parquet"]})


def run(tables: Tables, engine: Any, **options: Any) -> list[dict[str, Any]]:
    tables = Tables(tables.paths, engine)
    return list(DETECTOR.findings(tables, DETECTOR.make_config(options)))


def test_resolving_is_off_by_default_and_no_request_is_made(posts, server, engine):
    assert run(posts, engine) == []
    assert Handler.seen == []


def test_a_chain_ending_on_a_lookalike_is_flagged_with_the_chain_and_the_posts(
    posts, server, engine, monkeypatch
):
    monkeypatch.setattr(module, "resolve_guard", lambda config: guard_for(server))
    (record,) = run(posts, engine, resolve=True, known_ioc=False)
    start, final = f"http://bit.ly:{server}/s/1", f"http://spiegel.ltd:{server}/artikel"
    assert (record["domain"], record["imitates"], record["technique"]) == (
        "spiegel.ltd", "spiegel.de", "tld-swap"
    )  # fmt: skip
    assert record["chain"] == [start, final]
    assert record["post_ids"] == ["p1", "p2"]
    assert record["explanation"].endswith(f", reached from {start} in 1 redirects.")
    assert "T0149.004" in record["disarm"]
    assert [(m, p) for m, p, _ in Handler.seen] == [("HEAD", "/s/1"), ("HEAD", "/artikel")]
    assert Handler.seen[0][2] == f"bit.ly:{server}"


def test_a_chain_ending_on_a_known_indicator_is_known_ioc_with_its_chain(
    posts, server, engine, monkeypatch
):
    monkeypatch.setattr(module, "resolve_guard", lambda config: guard_for(server))
    (record,) = run(posts, engine, resolve=True)
    assert (record["technique"], record["indicator"], record["lookalike"]) == (
        "known-ioc", "spoof", "tld-swap"
    )  # fmt: skip
    assert len(record["chain"]) == 2


def test_the_guard_refuses_loopback_unless_the_port_is_allowed(server):
    chain = ChainResolver(Guard()).resolve(f"http://127.0.0.1:{server}/s/1")
    assert chain.urls == (f"http://127.0.0.1:{server}/s/1",)
    assert "refused to fetch from 127.0.0.1" in chain.error
    assert Handler.seen == []


def test_a_redirect_to_a_private_address_ends_the_chain_without_requesting_it(server):
    resolver = ChainResolver(Guard(allowed={("127.0.0.1", server)}))
    chain = resolver.resolve(f"http://127.0.0.1:{server}/private")
    assert chain.final == "http://10.0.0.1/admin"
    assert "a private address" in chain.error
    assert [p for _, p, _ in Handler.seen] == ["/private"]


def test_redirects_stop_at_the_hop_limit(server):
    resolver = ChainResolver(Guard(allowed={("127.0.0.1", server)}), max_hops=3)
    chain = resolver.resolve(f"http://127.0.0.1:{server}/loop")
    assert (len(chain.urls), chain.error) == (4, "stopped after 3 redirects")
    assert len(Handler.seen) == 3


def test_a_server_refusing_head_gets_a_get_and_results_are_cached(server):
    resolver = ChainResolver(Guard(allowed={("127.0.0.1", server)}))
    url = f"http://127.0.0.1:{server}/nohead"
    first, second = resolver.resolve(url), resolver.resolve(url)
    assert first is second
    assert first.urls == (url, f"http://127.0.0.1:{server}/end")
    assert [m for m, _, _ in Handler.seen] == ["HEAD", "GET", "HEAD"]


def test_a_hop_that_times_out_ends_the_chain_with_the_reason():
    import socket

    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        resolver = ChainResolver(Guard(allowed={("127.0.0.1", port)}), timeout=0.3)
        chain = resolver.resolve(f"http://127.0.0.1:{port}/x")
    assert chain.urls == (f"http://127.0.0.1:{port}/x",)
    assert "timed out" in chain.error


def test_resolve_allow_takes_address_port_pairs_and_refuses_other_text():
    config = DETECTOR.make_config({"resolve_allow": ["127.0.0.1:8080", "[::1]:9000"]})
    assert set(module.resolve_guard(config).allowed) == {("127.0.0.1", 8080), ("::1", 9000)}
    with pytest.raises(BadInput) as caught:
        module.resolve_guard(DETECTOR.make_config({"resolve_allow": ["localhost"]}))
    assert caught.value.field == "--resolve-allow"
