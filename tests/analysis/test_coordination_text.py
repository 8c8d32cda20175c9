"""Near-duplicate text clusters: what they catch, what they must never catch, on both engines."""

# ruff: noqa: RUF001 -- Greek, Cyrillic and CJK punctuation are the point of these texts

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import ibis
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cdnet.analysis.detectors import coordination_text, minhash
from cdnet.analysis.detectors.base import Tables
from cdnet.analysis.detectors.coordination_text import (
    TextCluster,
    components,
    near_duplicate_clusters,
)
from cdnet.errors import BadInput

T0 = datetime(2024, 6, 1, 8, 0, tzinfo=UTC)
BASE = (
    "The election was rigged by corrupt officials and the big media are hiding the truth "
    "from you for months now, share this everywhere before they delete it and silence us all"
)
CAMPAIGN = [
    ("c1", "troll1", 0, BASE),
    ("c2", "troll2", 7, BASE.replace("corrupt", "crooked")),
    ("c3", "troll3", 12, BASE.replace(",", ";").replace(" all", " all!!!")),
    ("c4", "troll4", 20, BASE + " 🔥🇺🇸🔥"),
    ("c5", "troll5", 31, BASE + " https://news.example/story?id=991"),
    ("c6", "troll6", 45, BASE.upper()),
]
SPAM_TEXT = "Buy cheap followers and likes today, the best offer on the whole internet, click now"
SPAM = [(f"s{i}", "spammer", 60 + i, SPAM_TEXT) for i in range(5)]
REPLIES = [(f"r{i}", f"fan{i}", 100 + i, "Thank you!") for i in range(8)] + [
    (f"g{i}", f"fan{i}", 120 + i, "Agreed 👍") for i in range(8)
]
TOPIC = [
    (
        "t1",
        "voter1",
        200,
        "I think the election results should be audited carefully in every state",
    ),
    (
        "t2",
        "voter2",
        205,
        "Officials say the election results were audited and found to be accurate",
    ),
    (
        "t3",
        "voter3",
        210,
        "Why do people keep claiming the election was rigged without any evidence?",
    ),
    (
        "t4",
        "voter4",
        215,
        "Election audits in several states found no sign of widespread fraud at all",
    ),
]
CYRILLIC = "Выборы были сфальсифицированы, продажные чиновники скрывают правду от всех нас"
GREEK = "Οι εκλογές ήταν στημένες και τα μεγάλα μέσα ενημέρωσης κρύβουν την αλήθεια από εσάς"
ARABIC = "الانتخابات كانت مزورة والمسؤولون الفاسدون يخفون الحقيقة عنكم منذ شهور فشاركوا الرسالة"
CHINESE = (
    "选举被腐败的官员操纵了，主流媒体几个月来一直在向你们隐瞒真相，请在他们删除之前到处分享这条消息"
)
SCRIPTS = [
    ("ru1", "ivan", 300, CYRILLIC),
    ("ru2", "olga", 301, CYRILLIC.replace("от всех нас", "от нас") + "!!"),
    ("ru3", "petr", 302, CYRILLIC.upper() + " 😡"),
    ("el1", "nikos", 310, GREEK),
    ("el2", "eleni", 311, GREEK.replace("από εσάς", "από όλους εσάς") + " https://t.example/abc"),
    ("ar1", "omar", 320, ARABIC),
    ("ar2", "layla", 321, ARABIC.replace("فشاركوا", "شاركوا") + "!!! 🙏"),
    ("zh1", "wei", 330, CHINESE),
    ("zh2", "fang", 331, CHINESE.replace("，", " ") + "！！"),
    ("zh3", "jun", 332, "@someone " + CHINESE + "谢谢"),
]
ALL = CAMPAIGN + SPAM + REPLIES + TOPIC + SCRIPTS


def write_posts(path: Path, rows: list[tuple[str, str, int, str]]) -> Path:
    pq.write_table(
        pa.table(
            {
                "post_id": [r[0] for r in rows],
                "account_id": [r[1] for r in rows],
                "created_at": pa.array(
                    [T0 + timedelta(seconds=r[2]) for r in rows], pa.timestamp("us", tz="UTC")
                ),
                "text": [r[3] for r in rows],
            }
        ),
        path,
    )
    return path


def by_first_post(clusters: list[TextCluster]) -> dict[str, TextCluster]:
    return {c.post_ids[0]: c for c in clusters}


@pytest.fixture(scope="module")
def found(engine: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, TextCluster]:
    """The clusters in the mixed dataset, keyed by their first post, once per engine."""
    path = write_posts(tmp_path_factory.mktemp("posts") / "posts.parquet", ALL)
    return by_first_post(list(near_duplicate_clusters(Tables({"posts": [path]}, engine))))


def test_a_planted_campaign_is_one_cluster_with_exactly_its_posts(found):
    campaign = found["c1"]
    assert campaign.post_ids == ["c1", "c2", "c3", "c4", "c5", "c6"]
    assert campaign.account_ids == [f"troll{i}" for i in range(1, 7)]
    assert campaign.text == BASE
    assert campaign.first_seen == T0
    assert campaign.last_seen == T0 + timedelta(seconds=45)
    assert 0.8 <= campaign.similarity < 1.0


def test_one_account_posting_the_same_text_again_and_again_is_not_a_cluster(found):
    assert not any(p.startswith("s") for c in found.values() for p in c.post_ids)


def test_short_generic_replies_never_cluster(found):
    replies = {r[0] for r in REPLIES}
    assert not any(p in replies for c in found.values() for p in c.post_ids)


def test_different_texts_on_the_same_topic_do_not_cluster(found):
    assert not any(p.startswith("t") for c in found.values() for p in c.post_ids)


@pytest.mark.parametrize(
    ("first", "post_ids", "text"),
    [
        ("ru1", ["ru1", "ru2", "ru3"], CYRILLIC),
        ("el1", ["el1", "el2"], GREEK),
        ("ar1", ["ar1", "ar2"], ARABIC),
        ("zh1", ["zh1", "zh2", "zh3"], CHINESE),
    ],
)
def test_campaigns_in_other_scripts_are_found(found, first, post_ids, text):
    assert found[first].post_ids == post_ids
    assert found[first].text == text
    assert found[first].similarity >= 0.8


def test_nothing_else_is_clustered(found):
    assert sorted(found) == ["ar1", "c1", "el1", "ru1", "zh1"]


def test_the_window_splits_a_cluster_into_bursts(engine, tmp_path):
    text = BASE.replace("months", "weeks")
    rows = [
        ("w1", "a1", 0, text),
        ("w2", "a2", 30, text + "!"),
        ("w3", "a3", 200, text.upper()),
        ("w4", "a4", 260, text),
        ("w5", "a5", 1000, text),
    ]
    tables = Tables({"posts": [write_posts(tmp_path / "posts.parquet", rows)]}, engine)
    bursts = list(near_duplicate_clusters(tables, window=60))
    assert [c.post_ids for c in bursts] == [["w1", "w2"], ["w3", "w4"]]
    assert [c.account_ids for c in bursts] == [["a1", "a2"], ["a3", "a4"]]
    assert bursts[1].first_seen == T0 + timedelta(seconds=200)
    assert bursts[1].last_seen == T0 + timedelta(seconds=260)
    assert bursts[0].similarity == 1.0  # "!" is punctuation: the same normalised text
    whole = list(near_duplicate_clusters(tables))
    assert [c.post_ids for c in whole] == [["w1", "w2", "w3", "w4", "w5"]]


def test_min_accounts_raises_the_bar(tmp_path):
    tables = Tables({"posts": [write_posts(tmp_path / "posts.parquet", CAMPAIGN)]})
    assert [c.post_ids[0] for c in near_duplicate_clusters(tables, min_accounts=6)] == ["c1"]
    assert list(near_duplicate_clusters(tables, min_accounts=7)) == []


def test_reshares_carry_their_originals_text_and_are_left_out(tmp_path):
    text = "Breaking: the election was decided long before anyone voted, share now"
    rows = [(f"r{i}", f"acct{i}", i, f"RT @source: {text}") for i in range(6)]
    path = write_posts(tmp_path / "posts.parquet", [("o1", "source", 0, text), *rows])
    table = pq.read_table(path)
    reshare_of = pa.array([None] + ["o1"] * 6, pa.string())
    pq.write_table(table.append_column("reshare_of", reshare_of), path)
    assert list(near_duplicate_clusters(Tables({"posts": [path]}))) == []
    pq.write_table(table, path)  # the same posts, not marked as reshares: one cluster
    clusters = list(near_duplicate_clusters(Tables({"posts": [path]})))
    assert [c.post_ids for c in clusters] == [["o1", "r0", "r1", "r2", "r3", "r4", "r5"]]


def test_output_is_the_same_whatever_the_input_order(tmp_path):
    shuffled = list(ALL)
    random.Random(7).shuffle(shuffled)
    first = write_posts(tmp_path / "a.parquet", shuffled[:20])
    second = write_posts(tmp_path / "b.parquet", shuffled[20:])
    straight = write_posts(tmp_path / "all.parquet", ALL)
    runs = [
        list(near_duplicate_clusters(Tables({"posts": files})))
        for files in ([straight], [second, first], [first, second])
    ]
    assert runs[0] == runs[1] == runs[2]
    assert len(runs[0]) == 5


def test_a_large_bucket_gives_a_star_and_a_chain_instead_of_all_pairs(monkeypatch):
    monkeypatch.setattr(coordination_text, "BUCKET_CAP", 3)
    small = [(band, 7, t) for band in (0, 1) for t in (30, 10, 20)]
    large = [(2, 9, t) for t in (50, 10, 40, 20, 30)]
    rows = small + large
    names = ["band", "bucket", "text_id"]
    bands = ibis.memtable(pa.table({name: [r[i] for r in rows] for i, name in enumerate(names)}))
    with Tables({}) as tables:
        found = tables.engine.to_arrow(coordination_text._candidates(bands)).to_pylist()
    pairs = sorted((p["a"], p["b"]) for p in found)
    star = [(10, 20), (10, 30), (10, 40), (10, 50)]
    chain = [(20, 30), (30, 40), (40, 50)]
    assert pairs == sorted({(10, 20), (10, 30), (20, 30), *star, *chain})


def test_large_buckets_still_find_the_whole_cluster(tmp_path, monkeypatch):
    monkeypatch.setattr(coordination_text, "BUCKET_CAP", 2)
    rows = [(f"v{i:02d}", f"acct{i}", i, f"{BASE} ref {i:02d}") for i in range(12)]
    tables = Tables({"posts": [write_posts(tmp_path / "posts.parquet", rows)]})
    clusters = list(near_duplicate_clusters(tables))
    assert [c.post_ids for c in clusters] == [[f"v{i:02d}" for i in range(12)]]


def test_the_threshold_decides_what_is_near_enough(tmp_path):
    rows = [
        ("x1", "a1", 0, BASE),
        ("x2", "a2", 1, BASE.replace("corrupt officials", "the people in charge")),
    ]
    tables = Tables({"posts": [write_posts(tmp_path / "posts.parquet", rows)]})
    similarity = minhash.jaccard(
        minhash.normalise(pa.array([BASE])), minhash.normalise(pa.array([rows[1][3]]))
    )[0]
    assert 0.7 < similarity < 0.8
    assert list(near_duplicate_clusters(tables)) == []
    (loose,) = near_duplicate_clusters(tables, threshold=0.7)
    assert loose.post_ids == ["x1", "x2"]
    assert loose.similarity == pytest.approx(similarity)


def test_bad_parameters_are_refused(tmp_path):
    tables = Tables({"posts": [write_posts(tmp_path / "posts.parquet", CAMPAIGN)]})
    with pytest.raises(BadInput):
        list(near_duplicate_clusters(tables, threshold=0))


def test_normalising_drops_case_urls_mentions_emoji_and_punctuation():
    raw = pa.array(
        ["Hello, @bob_1 WORLD!! 👍🏽 https://x.example/a?b=1 ❤️ ﬁne", "Привет, МИР…", None]
    )
    assert minhash.normalise(raw).to_pylist() == ["hello world fine", "привет мир", None]


def test_equal_normalised_texts_share_a_hash_and_others_do_not():
    hashes = minhash.text_hashes(pa.array(["same text", "same text", "same texT", "ab", "ba"]))
    assert hashes[0] == hashes[1]
    assert len(set(hashes[1:].tolist())) == 4


def shingles(text: str) -> set[str]:
    return {text[i : i + minhash.SHINGLE] for i in range(len(text) - minhash.SHINGLE + 1)}


def random_pairs(count: int) -> tuple[list[str], list[str]]:
    rng = random.Random(3)
    words = ["".join(rng.choices("abcdefghijklmnop", k=5)) for _ in range(300)]
    left, right = [], []
    for _ in range(count):
        text = rng.choices(words, k=30)
        other = list(text)
        for _ in range(rng.randrange(0, 20)):
            other[rng.randrange(30)] = rng.choice(words)
        left.append(" ".join(text))
        right.append(" ".join(other))
    return left, right


def test_exact_jaccard_matches_python_sets():
    left, right = random_pairs(200)
    expected = [
        len(shingles(a) & shingles(b)) / len(shingles(a) | shingles(b))
        for a, b in zip(left, right, strict=True)
    ]
    assert minhash.jaccard(pa.array(left), pa.array(right)) == pytest.approx(expected)


def test_minhash_estimates_jaccard_within_tolerance():
    left, right = random_pairs(300)
    exact = minhash.jaccard(pa.array(left), pa.array(right))
    estimate = (
        minhash.signatures(pa.array(left), 128) == minhash.signatures(pa.array(right), 128)
    ).mean(axis=1)
    assert exact.min() < 0.5 < 0.95 < exact.max()  # the sample spans the range
    assert np.abs(estimate - exact).mean() < 0.04
    assert np.abs(estimate - exact).max() < 0.2  # about 4.5 standard deviations at 128 values


def test_signatures_are_the_same_on_every_run_and_chunking():
    left, _ = random_pairs(50)
    once = minhash.signatures(pa.array(left), 64)
    assert np.array_equal(once, minhash.signatures(pa.array(left), 64))
    small = list(minhash.chunks(np.full(50, 200, np.int64), limit=500))
    assert len(small) == 25 and small[0] == slice(0, 2)


@pytest.mark.parametrize(
    ("num_perm", "threshold", "split"),
    [(64, 0.8, (10, 6)), (128, 0.8, (18, 7)), (64, 0.9, (7, 9)), (64, 0.5, (32, 2))],
)
def test_bands_are_chosen_so_pairs_at_the_threshold_are_likely_candidates(
    num_perm, threshold, split
):
    bands, rows = minhash.choose_bands(num_perm, threshold)
    assert (bands, rows) == split
    assert bands * rows <= num_perm
    assert minhash.candidate_probability(threshold, bands, rows) >= 0.95
    # one row more per band would miss more than one pair in twenty at the threshold
    assert minhash.candidate_probability(threshold, num_perm // (rows + 1), rows + 1) < 0.95


def test_with_the_defaults_unrelated_texts_are_rarely_candidates():
    bands, rows = minhash.choose_bands(64, 0.8)
    assert minhash.candidate_probability(0.2, bands, rows) < 0.001
    assert minhash.candidate_probability(0.05, bands, rows) < 1e-6


def test_components_label_each_node_with_the_smallest_node_it_reaches():
    a = np.array([5, 9, 2, 7, 40], np.int64)
    b = np.array([9, 2, 11, 8, 41], np.int64)
    nodes, labels = components(a, b)
    assert nodes.tolist() == [2, 5, 7, 8, 9, 11, 40, 41]
    assert labels.tolist() == [2, 2, 7, 7, 2, 2, 40, 40]


def test_components_of_a_long_shuffled_chain_are_one():
    order = np.random.default_rng(5).permutation(10_000).astype(np.int64) * 3
    nodes, labels = components(order[:-1], order[1:])
    assert len(nodes) == 10_000
    assert set(labels.tolist()) == {0}
