"""Recognising exports: each fixture is claimed by its own format only; junk is bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdnet.analysis.ingest import ingest
from cdnet.analysis.ingest.formats import FORMATS
from cdnet.errors import BadInput

FIXTURES = Path(__file__).parent.parent / "fixtures" / "formats"

#: Fixture file name prefix -> the format that must claim it (and no other).
OWNER = {
    "coortweet_": "coortweet",
    "crowdtangle_": "crowdtangle",
    "dsa_sor_": "dsa-sor",
    "fourcat_": "4cat",
    "meta_ad_library_": "meta-ad-library",
    "meta_content_library_": "meta-content-library",
    "telegram_": "telegram",
    "tiktok_research_": "tiktok-research",
    "x_api_v2_": "x-api-v2",
    "youtube_": "youtube-data",
    "archive.mbox": "email",
}

EXPORTS = sorted(
    p for p in FIXTURES.rglob("*") if p.is_file() and any(p.name.startswith(k) for k in OWNER)
)


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_each_export_fixture_is_claimed_by_its_own_format_only(path):
    owner = next(fmt for prefix, fmt in OWNER.items() if path.name.startswith(prefix))
    claimed = [name for name, fmt in FORMATS.items() if fmt.sniff(path)]
    assert claimed == [owner]


def test_every_registered_format_has_a_fixture_here():
    assert set(OWNER.values()) == set(FORMATS)


@pytest.mark.parametrize(
    "content",
    [b"\x00\x01\x02\xff\xfe binary", b'{"data": [1, 2, 3]}', b"[]", b"", b"\xef\xbb\xbf"],
    ids=["binary", "odd-json", "empty-array", "empty", "bom-only"],
)
@pytest.mark.parametrize("name", sorted(FORMATS))
def test_a_forced_format_on_junk_is_bad_input_and_writes_nothing(tmp_path, name, content):
    suffix = {"email": ".eml", "telegram": ".json"}.get(name, ".json")
    junk = tmp_path / f"junk{suffix}"
    junk.write_bytes(content)
    out = tmp_path / "out"
    try:
        summary = ingest([junk], out, fmt=name)
    except BadInput as exc:
        assert str(junk) in str(exc)
        assert not out.exists()
    else:  # nothing to read is not an error, but then nothing may be made up
        assert summary.rows_written == 0
