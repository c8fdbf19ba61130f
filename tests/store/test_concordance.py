"""Concordance from the bigram postings finds exactly what a scan of the folded columns finds."""

from __future__ import annotations

import random

import opencc
import pytest

from glossary.models import TranslationUnit
from glossary.records import UnitRecord
from glossary.store import memories as store
from glossary.store.changes import ChangeFeed
from glossary.store.errors import NotFound
from glossary.store.memory_index import apply_memory_changes, build_memory_indexes
from glossary.store.memory_lookup import concordance

HAN = "灣區通硬聯通軟雙第一新質生產力港深圳前海河套橫琴南沙發展的了一是"
WORDS = ["bay", "area", "connect", "Soft", "HARD", "new", "quality", "100%", "a_b", "x"]


def _corpus(seed: int) -> list[UnitRecord]:
    rng = random.Random(seed)
    units = []
    for i in range(400):
        source = "".join(rng.choice(HAN) for _ in range(rng.randint(1, 14)))
        if i % 7 == 0:
            source = rng.choice(HAN)  # one-character segments have no bigram
        target = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 5)))
        tags = rng.choice([("zh-Hant", "en"), ("zh-Hans", "en-GB"), ("zh-Hant-HK", "en")])
        units.append(UnitRecord(source, target, *tags))
    return units


@pytest.fixture
def filled(session):
    first, second = store.create_memory(session, "first"), store.create_memory(session, "second")
    for i, unit in enumerate(_corpus(5)):
        store.add_unit(session, first if i % 3 else second, unit, actor="t")
    session.commit()
    return session


def _queries(seed: int) -> list[str]:
    rng = random.Random(seed)
    to_hans = opencc.OpenCC("t2s")
    queries = []
    for _ in range(120):
        n = rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 6])
        text = "".join(rng.choice(HAN) for _ in range(n))
        queries.append(to_hans.convert(text) if rng.random() < 0.5 else text)
    return queries + ["bay", "SOFT", "ａｒｅａ", "100%", "a_b", "x", "通", "沙發", "不在"]


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"side": "source"},
        {"side": "target"},
        {"memories": ("second",)},
        {"source_lang": "zh-Hant", "target_lang": "en"},
        {"target_lang": "en-US", "limit": 3},
        {"limit": 200},
    ],
    ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()) or "defaults",
)
def test_indexed_concordance_equals_the_scan(filled, options) -> None:
    indexes = build_memory_indexes(filled)
    for query in _queries(9):
        scanned = concordance(filled, query, **options)
        indexed = concordance(filled, query, indexes=indexes, **options)
        assert indexed == scanned, query


def test_indexed_concordance_follows_changes(filled) -> None:
    feed = ChangeFeed.starting_now(filled)
    indexes = build_memory_indexes(filled)
    memory = store.get_memory(filled, "second")
    store.add_unit(
        filled, memory, UnitRecord("深化灣區通工程", "Deepen it", "zh-Hant", "en"), actor="t"
    )
    victim = concordance(filled, "灣區", indexes=indexes)[0]
    store.delete_unit(filled, filled.get(TranslationUnit, victim["id"]))
    filled.commit()
    indexes = apply_memory_changes(indexes, filled, feed.poll(filled))
    for query in ("灣區通工", "湾区", "deepen", victim["source"]):
        assert concordance(filled, query, indexes=indexes) == concordance(filled, query)


def test_unknown_memory(filled) -> None:
    with pytest.raises(NotFound):
        concordance(filled, "灣區", memories=("nope",), indexes=build_memory_indexes(filled))


def test_a_bulk_import_too_large_for_a_delta_marks_the_memory_stale(filled, monkeypatch) -> None:
    from glossary.formats.tmx import read_tmx
    from glossary.index.fuzzy import FuzzyIndex
    from glossary.store.memory_import import import_units
    from tests.conftest import ROOT

    memory = store.create_memory(filled, "third")
    filled.commit()
    feed = ChangeFeed.starting_now(filled)
    indexes = build_memory_indexes(filled)
    monkeypatch.setattr(FuzzyIndex, "DELTA_LIMIT", 3)
    monkeypatch.setattr(FuzzyIndex, "RECENT_LIMIT", 3)
    import_units(filled, memory, read_tmx(ROOT / "tests" / "data" / "policy.tmx"), actor="t")
    filled.commit()
    rows = feed.poll(filled)
    # With generations, the units wait for the next one (the importer publishes it).
    waiting = apply_memory_changes(indexes, filled, rows, rebuild=False)
    assert waiting.stale == {memory.id} and memory.id in waiting.rebuild_due()
    assert len(waiting.by_memory[memory.id]) == len(indexes.by_memory[memory.id])
    # Without them, the memory is rebuilt here.
    rebuilt = apply_memory_changes(indexes, filled, rows, rebuild=True)
    assert not rebuilt.stale and len(rebuilt.by_memory[memory.id]) == 5 + len(
        indexes.by_memory[memory.id]
    )
