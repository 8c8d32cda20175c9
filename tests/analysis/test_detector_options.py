"""Detector options on the command line: values, lists, flags."""

from __future__ import annotations

from cdnet.analysis.detectors import get, parse_options


def test_a_list_option_may_be_repeated_and_comma_separated():
    detector = get("coordination")
    tokens = [
        "posts.csv",
        "--kind",
        "co-link",
        "--kind=co-reshare,near-duplicate",
        "--window",
        "30",
    ]
    inputs, values = parse_options(tokens, [detector])
    assert inputs == ["posts.csv"]
    assert values == {"kind": ["co-link", "co-reshare", "near-duplicate"], "window": "30"}
    config = detector.make_config(values)
    assert config.window == 30  # type: ignore[attr-defined]
