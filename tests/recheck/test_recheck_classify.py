"""Classifying an answer: status codes, platform phrases, the normalised content hash."""

from __future__ import annotations

import pytest

from cdnet.errors import BadInput, ConfigurationError
from cdnet.impact.recheck.classify import (
    MEANINGS,
    classify,
    content_hash,
    load_phrases,
    platform_of,
    shipped_phrases,
)
from cdnet.impact.recheck.fetch import parse_proxies

HTML = "text/html; charset=utf-8"


def _page(body: str, nonce: str = "a1", build: str = "t1") -> bytes:
    return (
        f'<html><head><script nonce="{nonce}">window.__state={{"t":"{build}"}}</script>'
        f"<style>.x{{color:red}}</style></head><!-- built {build} -->"
        f'<body data-build="{build}"><input type="hidden" name="csrf" value="{build}">'
        f"<p>{body}</p>\n\n   </body></html>"
    ).encode()


def test_volatile_markup_does_not_change_the_content_hash():
    assert content_hash(_page("Vote on Monday"), HTML) == content_hash(
        _page("Vote on Monday", nonce="b2", build="t2"), HTML
    )


def test_a_change_of_the_visible_text_changes_the_content_hash():
    assert content_hash(_page("Vote on Monday"), HTML) != content_hash(
        _page("Vote on Tuesday"), HTML
    )


def test_white_space_alone_does_not_change_the_content_hash():
    assert content_hash(b"<p>a  b</p>\n", HTML) == content_hash(b"<p>a\n\tb</p>", HTML)


def test_binary_content_is_hashed_as_received():
    import hashlib

    blob = b"\x89PNG\r\n  \x00data"
    assert content_hash(blob, "image/png") == hashlib.sha256(blob).hexdigest()


@pytest.mark.parametrize(
    ("status", "state"),
    [(200, "available"), (404, "removed"), (410, "removed"), (451, "geo_restricted"),
     (403, "inconclusive"), (429, "inconclusive"), (503, "inconclusive"), (None, "error")],
)  # fmt: skip
def test_status_codes_map_to_states(status, state):
    assert classify(status, _page("hello"), HTML, "").state == state


def test_a_phrase_with_a_curly_apostrophe_and_other_case_matches():
    body = _page("SORRY, THIS PAGE ISN\u2019T AVAILABLE.")
    verdict = classify(200, body, HTML, "instagram")
    assert (verdict.state, verdict.phrase.platform) == ("unavailable", "instagram")


def test_a_phrase_inside_a_scripts_json_is_found():
    body = b'<html><script>var r={"reason":"Video unavailable"};</script><body></body></html>'
    assert classify(200, body, HTML, "youtube").state == "unavailable"


def test_a_telegram_channel_blocked_for_local_laws_is_geo_restricted():
    body = _page("This channel can\u2019t be displayed because it violated local laws.")
    assert classify(200, body, HTML, "telegram").state == "geo_restricted"


def test_an_unknown_platform_is_matched_against_every_phrase():
    body = _page("This account has been terminated for a violation of YouTube's Terms.")
    assert classify(200, body, HTML, "").state == "account_suspended"


def test_the_shipped_list_covers_the_main_platforms_with_valid_meanings():
    phrases = shipped_phrases()
    platforms = {p.platform for p in phrases}
    assert {"x", "facebook", "instagram", "youtube", "tiktok", "telegram", "vk"} <= platforms
    assert {p.meaning for p in phrases} <= set(MEANINGS)
    assert {p.checked for p in phrases} == {"quoted", "unverified"}
    assert {"en", "de", "fr", "es", "it"} <= {p.language for p in phrases}


def test_a_bad_phrase_list_names_the_row_and_field():
    text = "platform,language,phrase,meaning,checked\nx,en,Gone,vanished,unverified\n"
    with pytest.raises(BadInput) as caught:
        load_phrases(text, "mine.csv")
    assert str(caught.value).startswith("mine.csv:2:meaning: meaning must be one of")


@pytest.mark.parametrize(
    ("url", "platform"),
    [("https://x.com/a/status/1", "x"), ("https://mobile.twitter.com/a", "x"),
     ("https://www.youtube.com/watch?v=1", "youtube"), ("https://youtu.be/1", "youtube"),
     ("https://t.me/channel/5", "telegram"), ("https://vk.com/wall1", "vk"),
     ("https://notx.com/a", ""), ("https://spiegel.ltd/a", "")],
)  # fmt: skip
def test_the_platform_is_read_from_the_host(url, platform):
    assert platform_of(url) == platform


def test_the_proxy_setting_is_parsed_per_country():
    assert parse_proxies(" de=http://127.0.0.1:8081, FR=http://10.0.0.2:3128 ,") == {
        "DE": "http://127.0.0.1:8081",
        "FR": "http://10.0.0.2:3128",
    }


@pytest.mark.parametrize("raw", ["DE", "GER=http://p:1", "DE=https://p:1", "DE=socks5://p:1"])
def test_a_bad_proxy_setting_is_a_configuration_error(raw):
    with pytest.raises(ConfigurationError, match="CDNET_RECHECK_PROXIES"):
        parse_proxies(raw)
