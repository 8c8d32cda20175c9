from __future__ import annotations

import pytest

from cdnet.cases.findings import save_findings
from cdnet.cases.models import Finding
from cdnet.errors import BadInput
from factories import lookalike_record


def test_saving_the_same_detector_output_twice_keeps_one_row(db):
    record = lookalike_record("bild.work", "bild.de")
    assert save_findings([record], source="run 1") == 1
    assert save_findings([record], source="run 2") == 0
    finding = Finding.objects.get()
    assert (finding.detector, finding.subject, finding.score) == (
        "lookalike-domains",
        "bild.work",
        0.9,
    )
    assert finding.payload["imitates"] == "bild.de"
    assert [t.external_id for t in finding.techniques.all()] == ["T0149.003"]


def test_a_finding_with_a_score_outside_0_to_1_is_refused_and_nothing_is_saved(db):
    good = lookalike_record("welt.ws", "welt.de")
    bad = {**lookalike_record("faz.ltd", "faz.net"), "score": 1.7}
    with pytest.raises(BadInput) as caught:
        save_findings([good, bad])
    assert caught.value.row == 2
    assert caught.value.field == "score"
    assert not Finding.objects.exists()


def test_an_unknown_disarm_id_from_a_detector_is_kept_not_lost(db):
    record = {**lookalike_record("lemonde.ltd", "lemonde.fr"), "disarm": ["T0149.003", "X1"]}
    save_findings([record])
    ids = sorted(t.external_id for t in Finding.objects.get().techniques.all())
    assert ids == ["T0149.003", "X1"]


def test_a_finding_entered_by_hand_keeps_its_subjects_and_context(network):
    import datetime as dt

    from cdnet.cases.findings import enter_finding

    finding = enter_finding(
        network.alice,
        "This Telegram channel reposts RT content daily.",
        [
            {"kind": "channel", "value": "@rt_mirror_fr"},
            {"kind": "domain", "value": "rt-fr.example"},
        ],
        platform="telegram",
        country="FR",
        lang="fr",
        first_seen=dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
        disarm=["T0049"],
    )
    assert finding.detector == "manual"
    assert (finding.subject, finding.platform, finding.country, finding.language) == (
        "@rt_mirror_fr",
        "telegram",
        "FR",
        "fr",
    )
    assert finding.first_seen == dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    assert sorted(finding.subjects.values_list("kind", "value")) == [
        ("channel", "@rt_mirror_fr"),
        ("domain", "rt-fr.example"),
    ]
    assert finding.organisation == network.alpha


def test_a_finding_entered_by_hand_needs_a_subject_with_a_known_kind(network):
    from cdnet.cases.findings import enter_finding

    with pytest.raises(BadInput, match="subject"):
        enter_finding(network.alice, "Something", [])
    with pytest.raises(BadInput, match="kind"):
        enter_finding(network.alice, "Something", [{"kind": "tweetstorm", "value": "x"}])
    with pytest.raises(BadInput):
        enter_finding(network.alice, "Something", [{"kind": "post", "value": "1"}], disarm=["T9"])
