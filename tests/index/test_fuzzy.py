"""The bigram index returns exactly what a brute-force scan returns (ties aside)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from rapidfuzz.distance import Levenshtein

from glossary.index import bigram
from glossary.index.bigram import BigramIndex, fuzzy_score
from glossary.index.fuzzy import DeltaUnit, FuzzyIndex
from glossary.index.segments import bigram_keys

# Frequent characters, so that segments share many bigrams (the hard case).
ALPHABET = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出也得里后自会年家可下而过天去能对小多"
)


def _corpus(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    texts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 40))) for _ in range(n)]
    # Families of near-duplicates, as real memories have.
    for _ in range(n // 3):
        chars = list(rng.choice(texts))
        for _ in range(rng.randint(1, 3)):
            chars[rng.randrange(len(chars))] = rng.choice(ALPHABET)
        texts.append("".join(chars))
    # Short and repetitive segments, where the bigram bound is weakest.
    return texts + [
        "港",
        "港口",
        "哈哈哈哈",
        "哈哈哈哈哈",
        "的",
        "的的的的的的的的",
        "\U00020000\U00020001",
    ]


def _brute_force(texts: list[str], query: str, threshold: float, k: int) -> list[float]:
    scores = sorted((fuzzy_score(query, t) for t in texts), reverse=True)
    return [s for s in scores if s >= threshold - 1e-9][:k]


def _queries(texts: list[str], seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    queries = ["港", "港区", "哈哈哈", "的的", "x", "的一是", "\U00020000\U00020002"]
    while len(queries) < n:
        chars = list(rng.choice(texts))
        for _ in range(rng.randint(0, 4)):
            op = rng.random()
            at = rng.randrange(len(chars) + 1)
            if op < 0.4 and at < len(chars):
                chars[at] = rng.choice(ALPHABET)
            elif op < 0.7:
                chars.insert(at, rng.choice(ALPHABET))
            elif at < len(chars) and len(chars) > 1:
                del chars[at]
        queries.append("".join(chars))
    return queries


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return _corpus(1, 3000)


@pytest.fixture(scope="module")
def index(corpus: list[str]) -> BigramIndex:
    return BigramIndex(corpus)


# Each threshold is a brute-force pass over the corpus: one runs in the quick suite.
@pytest.mark.parametrize(
    "threshold",
    [0.7, *(pytest.param(t, marks=pytest.mark.slow) for t in (0.5, 0.6, 0.8, 0.95, 1.0))],
)
def test_top_k_equals_brute_force(corpus: list[str], index: BigramIndex, threshold: float) -> None:
    for query in _queries(corpus, 2, 120):
        found = index.search(query, threshold, 5)
        assert found.exact
        got = [score for _, score in found.hits]
        assert got == pytest.approx(_brute_force(corpus, query, threshold, 5), abs=1e-12), query
        for row, score in found.hits:
            assert fuzzy_score(query, corpus[row]) == pytest.approx(score)


def test_a_budget_may_cut_a_search_short_and_says_so(corpus: list[str], index: BigramIndex) -> None:
    query = corpus[10][:8]
    full = index.search(query, 0.3, 5)
    cut = index.search(query, 0.3, 5, budget=3)
    assert full.exact and full.verified > 3
    assert not cut.exact and cut.verified <= 3


def test_rows_can_be_excluded(corpus: list[str], index: BigramIndex) -> None:
    query = corpus[0]
    best = index.search(query, 0.7, 1).hits[0][0]
    assert best == 0 or fuzzy_score(query, corpus[best]) == 1.0
    found = index.search(query, 0.7, 3, allowed=lambda positions: index.ids[positions] != best)
    assert best not in [row for row, _ in found.hits]


def test_fuzzy_index_follows_puts_and_removes() -> None:
    texts = ["推动大湾区硬联通", "深化湾区通工程", "双第一"]
    index = FuzzyIndex.build([10, 20, 30], texts, [0, 0, 1])
    assert index.search("推动大湾区软联通", 0.7, 5) == ([(10, pytest.approx(7 / 8))], True)
    # Unit 10 changes: its old text is dead, its new one is found through the delta.
    before = index
    index = index.changed({10: DeltaUnit("推动大湾区软联通", "", 0)})
    assert index.search("推动大湾区软联通", 0.7, 5)[0] == [(10, 1.0)]
    # Indexes never change in place: a reader holding the old one sees the old state.
    assert before.search("推动大湾区软联通", 0.7, 5)[0] == [(10, pytest.approx(7 / 8))]
    index = index.changed({40: DeltaUnit("推动大湾区软联通建设", "", 0)})
    assert [u for u, _ in index.search("推动大湾区软联通", 0.7, 5)[0]] == [10, 40]
    index = index.changed(removed=[10])
    assert [u for u, _ in index.search("推动大湾区软联通", 0.7, 5)[0]] == [40]
    # Groups (language pairs) filter before scoring.
    assert index.search("双第一", 0.7, 5, groups={0})[0] == []
    assert index.search("双第一", 0.7, 5, groups={1})[0] == [(30, 1.0)]
    assert len(index) == 3


def test_empty_and_tiny_indexes() -> None:
    assert BigramIndex([]).search("港", 0.7, 5).hits == []
    assert FuzzyIndex.build([], [], []).search("港", 0.7, 5) == ([], True)
    one = BigramIndex(["港"])
    assert one.search("港", 0.7, 5).hits == [(0, 1.0)]
    assert one.search("", 0.7, 5).hits == []


def test_scores_are_levenshtein_over_the_longer_length() -> None:
    assert fuzzy_score("推動大灣區硬聯通", "推動大灣區硬聯通和軟聯通") == pytest.approx(1 - 4 / 12)
    assert Levenshtein.distance("湾区通", "湾区") == 1


def test_a_budgeted_search_is_exact_when_its_hits_beat_every_bound_left(corpus, index) -> None:
    query = next(t for t in corpus if len(t) >= 30)
    # Budget 10: the segments sharing no bigram are many and left unscored, but
    # none of them could score 1.0, so the one hit is provably the best.
    found = index.search(query, 0.5, 1, budget=10)
    assert found.hits[0][1] == 1.0 and found.exact
    weak = index.search(query[:12] + "港港港港港港港港港港港港", 0.5, 5, budget=10)
    assert not weak.exact


def test_many_changes_go_to_an_indexed_delta_and_still_equal_a_scan(corpus: list[str]) -> None:
    texts = corpus[:300]
    index = FuzzyIndex.build(list(range(len(texts))), texts, [0] * len(texts))
    # Change every second unit and add as many new ones, in several batches, so
    # that recent changes overflow into an indexed delta more than once.
    current = dict(enumerate(texts))
    for batch in range(6):
        puts = {}
        for i in range(batch, len(texts), 6):
            puts[i] = texts[(i * 7 + batch) % len(texts)] + "港"
            puts[10_000 + i * 10 + batch] = texts[i][::-1]
        index = index.changed({u: DeltaUnit(t, "", 0) for u, t in puts.items()})
        current.update(puts)
    assert index.delta is not None and len(index) == len(current)
    for query in texts[:40]:
        expected = sorted(
            ((u, fuzzy_score(query, t)) for u, t in current.items()),
            key=lambda h: (-h[1], h[0]),
        )
        expected = [h for h in expected if h[1] >= 0.7][:5]
        found, exact = index.search(query, 0.7, 5)
        assert exact and [(u, round(s, 9)) for u, s in found] == [
            (u, round(s, 9)) for u, s in expected
        ]


def test_segments_sharing_no_bigram_with_the_query_are_still_found() -> None:
    """With a short or repetitive query, a segment may share no bigram and still reach the
    threshold (abc ~ axc: 0.67); at each length only segments with few distinct bigrams can."""
    corpus = ["axc", "abx", "xbc", "abc", "a", "ab", "ba", "xyz", "哈x哈", "哈哈哈哈哈哈哈哈哈哈"]
    corpus += ["甲乙甲乙甲乙甲乙甲乙", "甲乙丙丁戊己庚辛壬癸", "我我我我我我我", "乙甲乙甲乙甲乙"]
    index = BigramIndex(corpus)
    queries = [
        "abc",
        "ac",
        "x",
        "哈哈哈哈哈哈哈",
        "我我我我我我我",
        "乙甲乙甲乙甲乙",
        "甲乙甲乙甲乙甲",
    ]
    for query in queries:
        for threshold in (0.5, 0.6, 0.7, 0.8):
            got = [score for _, score in index.search(query, threshold, 5).hits]
            want = _brute_force(corpus, query, threshold, 5)
            assert got == pytest.approx(want, abs=1e-12), (query, threshold)


@pytest.mark.parametrize("threshold", [1e-4, 1e-7, 1e-10, 1e-12])
def test_a_tiny_threshold_finds_every_segment_with_a_positive_score(corpus, threshold) -> None:
    """Its window runs past any length an index holds, and a cutoff below zero means none."""
    index = FuzzyIndex.build(list(range(len(corpus))), corpus, [0] * len(corpus))
    index = index.changed({len(corpus): DeltaUnit("港口的一是", "", 0)})  # scored outside the tiers
    texts = [*corpus, "港口的一是"]
    for query in ("港", "的一是不了", corpus[5] * 3):
        hits, exact = index.search(query, threshold, 8)
        positive = [s for s in _brute_force(texts, query, threshold, len(texts)) if s > 0]
        assert exact and [s for _, s in hits] == pytest.approx(positive[:8], abs=1e-12), query


def test_a_small_index_is_scanned_with_the_same_hits(corpus, monkeypatch) -> None:
    """Up to SCAN_UP_TO segments every one is scored: groups, removed units and budgets
    as in the bigram search, whose hits a scan is the definition of."""
    texts = corpus[: bigram.SCAN_UP_TO]
    index = FuzzyIndex.build(list(range(len(texts))), texts, [i % 3 for i in range(len(texts))])
    index = index.changed(removed=range(0, len(texts), 7))
    queries = _queries(texts, 9, 60)
    ways = []
    for scan_up_to in (bigram.SCAN_UP_TO, 0):
        monkeypatch.setattr(bigram, "SCAN_UP_TO", scan_up_to)
        ways.append(
            [
                index.search(q, t, 5, groups=groups, budget=budget)
                for q in queries
                for t in (0.5, 0.8)
                for groups in (None, {1, 2})
                for budget in (None, 2000)
            ]
        )
    scanned, searched = ways
    assert scanned == searched
    assert sum(len(hits) for hits, _ in scanned) > 200


def test_a_threshold_just_above_a_length_ratio_keeps_scores_within_eps() -> None:
    """Scores are kept from t − EPS up, so the length window must reach that far too."""
    index = BigramIndex(["cacxyz", "cab"] + ["zz" * i for i in range(2, 600)])
    assert index.search("cac", 0.5000000001, 5).hits == [(1, pytest.approx(2 / 3)), (0, 0.5)]


@pytest.mark.parametrize("query", ["a" * 54, "a" * 56])
def test_the_recent_changes_keep_scores_within_eps_of_the_threshold_too(query: str) -> None:
    """The few newest changes are scanned, not indexed: their window of lengths must
    also reach down to t − EPS, from either side of the stored segment's length."""
    changed = FuzzyIndex.build([1], ["b"], [0]).changed({2: DeltaUnit("a" * 55, "", 0)})
    score = fuzzy_score(query, "a" * 55)
    hits, exact = changed.search(query, score + 5e-10, 5)
    assert exact and hits == [(2, pytest.approx(score))]
    assert changed.search(query, score + 2e-9, 5)[0] == []


# What makes a search quick, each set so that it acts on every query of the small corpus:
# a band for every length, every list past the shortest looked up instead of merged (never
# all merged at once), and a first guess at the k-th score however short the query.
EVERY_SHORTCUT = {"MIN_BAND": 1, "MERGE_SMALL": 0, "TALLY_UP_TO": -1, "FLOOR_FROM": 0}
# And the other way to count: a band for every length, all their postings merged at once.
ALL_AT_ONCE = {"MIN_BAND": 1, "TALLY_UP_TO": 10**9, "FLOOR_FROM": 0}


@pytest.mark.parametrize(
    "shortcuts",
    [{}, EVERY_SHORTCUT, ALL_AT_ONCE],
    ids=["as shipped", "every shortcut", "all at once"],
)
@pytest.mark.parametrize("threshold", [0.5, 0.7, 0.9])
def test_the_shortcuts_give_a_full_scans_hits_ties_included(
    corpus, monkeypatch, shortcuts, threshold
) -> None:
    """Rows and scores as a scan of every segment ranks them (ties by row), with and
    without an ``allowed`` filter: a segment it refuses must not raise the first guess."""
    for name, value in shortcuts.items():
        monkeypatch.setattr(bigram, name, value)
    index = BigramIndex(corpus)
    refused = set(random.Random(4).sample(range(len(corpus)), len(corpus) // 8))
    allowed_ids = np.array([i not in refused for i in range(len(corpus))])

    def allowed(positions: np.ndarray) -> np.ndarray:
        return allowed_ids[index.ids[positions]]

    raised = 0
    for query in _queries(corpus, 6, 150):
        scores = [fuzzy_score(query, text) for text in corpus]
        for k in (1, 5):
            for allow, skip in ((None, set()), (allowed, refused)):
                found = index.search(query, threshold, k, allowed=allow)
                ranked = sorted(
                    (
                        (row, s)
                        for row, s in enumerate(scores)
                        if s >= threshold - 1e-9 and s > 0 and row not in skip
                    ),
                    key=lambda hit: (-hit[1], hit[0]),
                )
                assert found.exact and found.hits == ranked[:k], (query, k, allow)
            # The first guess never passes the k-th best score, and often raises the threshold.
            lists = index._postings.lists(bigram_keys(query))
            floor = index._kth_floor(query, threshold, k, lists, None)
            kth = sorted(scores, reverse=True)[k - 1]
            assert threshold <= floor and (floor == threshold or floor <= kth)
            raised += floor > threshold
    assert raised > 20


def test_near_duplicates_of_a_long_query_are_found_through_a_raised_threshold() -> None:
    """A long query and its family of near-duplicates among many unrelated segments: the
    first guess finds the family, and the search with its score finds the same hits."""
    rng = random.Random(8)
    base = "".join(rng.choice(ALPHABET) for _ in range(60))
    family = []
    for _ in range(30):
        chars = list(base)
        for _ in range(rng.randint(1, 6)):
            chars[rng.randrange(len(chars))] = rng.choice(ALPHABET)
        family.append("".join(chars))
    texts = _corpus(9, 3000) + family
    index = BigramIndex(texts)
    lists = index._postings.lists(bigram_keys(base))
    floor = index._kth_floor(base, 0.7, 5, lists, None)
    expected = sorted(enumerate(fuzzy_score(base, t) for t in texts), key=lambda h: (-h[1], h[0]))
    assert 0.7 < floor <= expected[4][1]
    assert index.search(base, 0.7, 5).hits == expected[:5]
