"""Segments: texts in length order with bigram postings, the same in memory and on disk."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from glossary.index import segments as segments_module
from glossary.index.segments import FolderSink, build_segments, open_segments


def _rows(n: int, seed: int = 3) -> list[tuple[int, int, str, str]]:
    rng = random.Random(seed)
    han = "灣區通硬聯通軟雙第一新質生產力港深圳前海河套橫琴南沙"
    rows = []
    for i in range(n):
        source = "".join(rng.choice(han) for _ in range(rng.randint(0, 12)))
        target = " ".join(rng.choice(["bay", "area", "pass", "link", "new"]) for _ in range(3))
        rows.append((1000 + 3 * i, rng.randint(0, 2), source, target if i % 5 else ""))
    rng.shuffle(rows)
    return rows


def _naive_postings(texts: list[str]) -> dict[int, list[int]]:
    postings: dict[int, list[int]] = {}
    for position, text in enumerate(texts):
        for key in sorted({(ord(a) << 21) | ord(b) for a, b in zip(text, text[1:], strict=False)}):
            postings.setdefault(key, []).append(position)
    return postings


@pytest.fixture(
    params=[(1 << 16, 1 << 21), (7, 1 << 21), (1 << 16, 20)],
    ids=["one chunk", "chunks of 7 segments", "chunks of 20 characters"],
)
def chunk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(segments_module, "CHUNK", request.param[0])
    monkeypatch.setattr(segments_module, "CHUNK_CHARS", request.param[1])
    monkeypatch.setattr(segments_module, "BATCH", 5)
    return request.param


def test_segments_in_memory_and_on_disk_agree_with_a_naive_build(
    chunk: int, tmp_path: Path
) -> None:
    rows = _rows(120)
    in_memory = build_segments(rows)
    on_disk = build_segments(rows, FolderSink(tmp_path / "seg"))
    reopened = open_segments(tmp_path / "seg")
    by_length = sorted(rows, key=lambda r: len(r[2]))  # stable: arrival order within a length
    for seg in (in_memory, on_disk, reopened):
        assert seg.ids.tolist() == [r[0] for r in by_length]
        assert seg.groups.tolist() == [r[1] for r in by_length]
        assert seg.lens.tolist() == [len(r[2]) for r in by_length]
        assert [seg.source.get(p) for p in range(len(seg))] == [r[2] for r in by_length]
        assert seg.target.many(range(len(seg))) == [r[3] for r in by_length]
        for side, texts in (
            ("source", [r[2] for r in by_length]),
            ("target", [r[3] for r in by_length]),
        ):
            postings = getattr(seg, f"{side}_postings")
            expected = _naive_postings(texts)
            assert postings.keys.tolist() == sorted(expected)
            for key, plist in zip(
                postings.keys.tolist(), postings.lists(postings.keys), strict=True
            ):
                assert plist.tolist() == expected[key]
        assert seg.nbig.tolist() == [
            len({a + b for a, b in zip(r[2], r[2][1:], strict=False)}) for r in by_length
        ]
        for unit_id, *_ in rows[:20]:
            position = seg.position_of(unit_id)
            assert position is not None and seg.ids[position] == unit_id
        assert seg.position_of(1001) is None and seg.position_of(10**9) is None


def test_mapped_segments_are_read_only(tmp_path: Path) -> None:
    build_segments(_rows(10), FolderSink(tmp_path / "seg"))
    seg = open_segments(tmp_path / "seg")
    with pytest.raises(ValueError):
        seg.ids[0] = 5
    positions = seg.source_postings.positions
    assert not positions.flags.owndata and not positions.flags.writeable


def test_empty_segments(tmp_path: Path) -> None:
    for seg in (build_segments([]), build_segments([], FolderSink(tmp_path / "e"))):
        assert len(seg) == 0 and seg.position_of(1) is None
        assert seg.source_postings.lists(np.array([5], np.uint64)) == []
