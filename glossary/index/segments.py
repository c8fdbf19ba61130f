"""Segments: one memory's folded texts in length order, with bigram postings, on disk or in memory.

What the fuzzy index (glossary.index.bigram, glossary.index.fuzzy) and concordance (glossary.index.concordance)
read, laid out as flat arrays so that a file written once can be memory-mapped
read-only by every worker of a host, and the page cache holds one copy:

* position ``p`` (0 … n−1) numbers the segments from shortest to longest source,
  so a query's length window is one contiguous slice of every posting list;
* ``ids``, ``groups``, ``lens`` per position: unit id, language-pair group,
  folded source length in code points; ``by_id``: the positions in unit-id order;
* the folded source and target texts as UTF-8 blobs with byte offsets;
* for each side, CSR postings: the sorted distinct character bigrams (two code
  points in one integer) and, per bigram, the positions holding it, in order;
  ``nbig`` counts each position's distinct source bigrams.

Building streams: rows go to scratch blobs in arrival order, are reordered by
length, and the postings are counted and then filled chunk by chunk, so the
builder holds a few arrays per segment and one chunk's bigrams at a time,
never the whole corpus as Python objects.

Pure computation and files: no database, no Flask.
"""

from __future__ import annotations

import mmap
import os
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Protocol

import numpy as np

__all__ = ["Postings", "Segments", "Texts", "bigram_keys", "build_segments", "open_segments"]

SHIFT = np.uint64(21)  # code points fit in 21 bits; a bigram is (a << 21) | b
CHUNK = 1 << 16  # at most this many segments per postings chunk (local positions: 16 bits)
# And about this many characters, which bounds the builder's memory: a chunk's temporaries
# are some 70 bytes a character (2M characters made the build of 200,000 units peak at 2.9×
# its generation; 256k, 1.3×), and smaller chunks build no slower.
CHUNK_CHARS = 1 << 18
_LOCAL = np.uint64(16)
_LOCAL_MASK = np.uint64((1 << 16) - 1)
BATCH = 20_000  # rows per batch while reading


def bigram_keys(text: str) -> np.ndarray:
    """The distinct bigrams of ``text``, sorted."""
    if len(text) < 2:
        return np.zeros(0, np.uint64)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    keys = (codes[:-1] << SHIFT) | codes[1:]
    # np.unique's own way, without its wrappers' calls (every search begins here).
    keys.sort()
    first = np.empty(len(keys), dtype=bool)
    first[0] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    return keys[first]


class Texts:
    """Texts stored as one UTF-8 blob with byte offsets."""

    def __init__(self, blob: bytes | mmap.mmap, offsets: np.ndarray) -> None:
        self._blob = blob
        self.offsets = offsets

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def get(self, position: int) -> str:
        a, b = self.offsets[position], self.offsets[position + 1]
        return self._blob[a:b].decode("utf-8")

    def span(self, a: int, b: int) -> str:
        """Positions a … b−1 as one string."""
        return self._blob[self.offsets[a] : self.offsets[b]].decode("utf-8")

    def many(self, positions: Iterable[int] | np.ndarray) -> list[str]:
        """The texts at these positions. Their offsets are read as one array: each read of
        one element of the (mapped) offsets costs a numpy scalar."""
        if isinstance(positions, np.ndarray):
            at = positions.astype(np.int64, copy=False)
        else:
            at = np.fromiter(positions, np.int64)
        if not len(at):
            return []
        blob, offsets = self._blob, self.offsets
        starts, ends = offsets[at].tolist(), offsets[at + 1].tolist()
        return [blob[a:b].decode("utf-8") for a, b in zip(starts, ends, strict=True)]

    @property
    def nbytes(self) -> int:
        return len(self._blob) + self.offsets.nbytes


@dataclass(frozen=True)
class Postings:
    """Character-bigram postings: ``positions[starts[i]:starts[i+1]]`` hold ``keys[i]``."""

    keys: np.ndarray
    starts: np.ndarray
    positions: np.ndarray

    def lists(self, keys: np.ndarray) -> list[np.ndarray]:
        """The posting list of each of ``keys`` that occurs (in the order of ``keys``)."""
        if not len(keys) or not len(self.keys):
            return []
        where = np.searchsorted(self.keys, keys)
        inside = where < len(self.keys)
        where, keys = where[inside], keys[inside]
        where = where[self.keys[where] == keys]
        # Each list's bounds as Python integers, read at once (not two numpy scalars a list).
        starts, ends = self.starts[where].tolist(), self.starts[where + 1].tolist()
        positions = self.positions
        return [positions[a:b] for a, b in zip(starts, ends, strict=True)]

    def has_all(self, keys: np.ndarray) -> bool:
        """Whether every one of ``keys`` has a posting list."""
        if not len(keys):
            return True
        if not len(self.keys):
            return False
        where = np.searchsorted(self.keys, keys)
        return bool((where < len(self.keys)).all() and (self.keys[where] == keys).all())

    @property
    def nbytes(self) -> int:
        return self.keys.nbytes + self.starts.nbytes + self.positions.nbytes


@dataclass(frozen=True)
class Segments:
    ids: np.ndarray
    groups: np.ndarray
    lens: np.ndarray
    nbig: np.ndarray
    by_id: np.ndarray
    source: Texts
    target: Texts
    source_postings: Postings
    target_postings: Postings

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def nbytes(self) -> int:
        arrays = (self.ids, self.groups, self.lens, self.nbig, self.by_id)
        return (
            sum(a.nbytes for a in arrays)
            + self.source.nbytes
            + self.target.nbytes
            + self.source_postings.nbytes
            + self.target_postings.nbytes
        )

    def position_of(self, unit_id: int) -> int | None:
        """Where unit ``unit_id`` is, or None."""
        if not len(self.ids):
            return None
        # The id in the array's own type: a Python int makes numpy convert all of ``ids``.
        at = int(np.searchsorted(self.ids, self.ids.dtype.type(unit_id), sorter=self.by_id))
        if at < len(self.ids):
            position = int(self.by_id[at])
            if self.ids[position] == unit_id:
                return position
        return None


Row = tuple[int, int, str, str]  # unit id, group, folded source, folded target


class BlobWriter(Protocol):
    """What a build writes a blob through: a file opened for writing, or memory."""

    def write(self, data: bytes, /) -> int: ...
    def __enter__(self) -> BlobWriter: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
        /,
    ) -> None: ...


class Sink(Protocol):
    """Where a build puts its arrays and blobs: a folder of files or memory."""

    def array(self, name: str, dtype: type, size: int) -> np.ndarray: ...
    def save(self, name: str, data: np.ndarray) -> np.ndarray: ...
    def blob(self, name: str) -> BlobWriter: ...
    def open_blob(self, name: str) -> bytes | mmap.mmap: ...
    def drop(self, name: str) -> None: ...


class MemorySink:
    """Arrays in memory: for small indexes (the delta of a generation, tests)."""

    def __init__(self) -> None:
        self._blobs: dict[str, _Blob] = {}
        self.arrays: dict[str, np.ndarray] = {}

    def array(self, name: str, dtype: type, size: int) -> np.ndarray:
        data: np.ndarray = np.zeros(size, dtype=dtype)
        self.arrays[name] = data
        return data

    def save(self, name: str, data: np.ndarray) -> np.ndarray:
        self.arrays[name] = data
        return data

    def blob(self, name: str) -> BlobWriter:
        self._blobs[name] = out = _Blob()
        return out

    def open_blob(self, name: str) -> bytes:
        return self._blobs[name].value

    def drop(self, name: str) -> None:
        self._blobs.pop(name, None)


class _Blob:
    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self.value = b""

    def write(self, data: bytes) -> int:
        self._parts.append(data)
        return len(data)

    def __enter__(self) -> _Blob:
        return self

    def __exit__(self, *exc: object) -> None:
        self.value = b"".join(self._parts)
        self._parts = []


class FolderSink:
    """Arrays as ``.npy`` files and blobs as ``.bin`` files in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def array(self, name: str, dtype: type, size: int) -> np.ndarray:
        return np.lib.format.open_memmap(
            self.folder / f"{name}.npy", mode="w+", dtype=dtype, shape=(size,)
        )

    def save(self, name: str, data: np.ndarray) -> np.ndarray:
        np.save(self.folder / f"{name}.npy", data)
        return data

    def blob(self, name: str) -> IO[bytes]:
        return open(self.folder / f"{name}.bin", "wb")  # the caller closes it

    def open_blob(self, name: str) -> bytes | mmap.mmap:
        return _map(self.folder / f"{name}.bin")

    def drop(self, name: str) -> None:
        (self.folder / f"{name}.bin").unlink(missing_ok=True)


def _map(path: Path) -> bytes | mmap.mmap:
    if path.stat().st_size == 0:
        return b""
    with open(path, "rb") as handle:
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


# -- building -------------------------------------------------------------------------------


def build_segments(rows: Iterable[Row], sink: Sink | None = None) -> Segments:
    """Segments of ``rows`` (any order), written to ``sink`` (memory by default)."""
    sink = sink or MemorySink()
    columns = _scatter(rows, sink)
    order = np.argsort(columns.lens, kind="stable")
    ids = sink.save("ids", columns.ids[order])
    groups = sink.save("groups", columns.groups[order])
    lens = sink.save("lens", columns.lens[order])
    sink.save("by_id", np.argsort(ids, kind="stable").astype(np.int64))
    for side, sizes, counts in (
        ("source", columns.source_bytes, columns.lens),
        ("target", columns.target_bytes, columns.target_lens),
    ):
        offsets = _reorder(sink, side, sizes, order)
        texts = Texts(sink.open_blob(side), offsets)
        _write_postings(sink, side, texts, counts[order], count_per_position=side == "source")
    del ids, groups, lens
    if isinstance(sink, MemorySink):
        return _segments_from(sink)
    assert isinstance(sink, FolderSink)
    return open_segments(sink.folder)


@dataclass
class _Columns:
    ids: np.ndarray
    groups: np.ndarray
    lens: np.ndarray
    target_lens: np.ndarray
    source_bytes: np.ndarray
    target_bytes: np.ndarray


def _scatter(rows: Iterable[Row], sink: Sink) -> _Columns:
    """Write both sides to scratch blobs in arrival order; return the per-row columns."""
    ids, groups = array("q"), array("i")
    lens, target_lens = array("q"), array("q")
    source_bytes, target_bytes = array("q"), array("q")
    with sink.blob("source.unsorted") as s_out, sink.blob("target.unsorted") as t_out:
        for batch in _batches(rows):
            unit_ids, unit_groups, sources, targets = zip(*batch, strict=True)
            ids.extend(unit_ids)
            groups.extend(unit_groups)
            for texts, counts, sizes, out in (
                (sources, lens, source_bytes, s_out),
                (targets, target_lens, target_bytes, t_out),
            ):
                encoded = [t.encode("utf-8") for t in texts]
                counts.extend(map(len, texts))
                sizes.extend(map(len, encoded))
                out.write(b"".join(encoded))
    return _Columns(
        np.frombuffer(ids, np.int64).copy(),
        np.frombuffer(groups, np.int32).copy(),
        np.frombuffer(lens, np.int64).astype(np.int32),
        np.frombuffer(target_lens, np.int64).astype(np.int32),
        np.frombuffer(source_bytes, np.int64).copy(),
        np.frombuffer(target_bytes, np.int64).copy(),
    )


def _batches(rows: Iterable[Row]) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _reorder(sink: Sink, side: str, sizes: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Write ``side``'s texts in position order; return their byte offsets."""
    scratch = sink.open_blob(f"{side}.unsorted")
    starts = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=starts[1:])
    offsets = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes[order], out=offsets[1:])
    with sink.blob(side) as out:
        for a in range(0, len(order), BATCH):
            rows = order[a : a + BATCH].tolist()
            begin, end = starts[rows].tolist(), starts[np.asarray(rows) + 1].tolist()
            out.write(b"".join([scratch[s:e] for s, e in zip(begin, end, strict=True)]))
    if isinstance(scratch, mmap.mmap):
        scratch.close()
    sink.drop(f"{side}.unsorted")
    return sink.save(f"{side}_offsets", offsets)


def _chunk_bigrams(texts: Texts, lens: np.ndarray, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
    """(key, local position) of the distinct bigrams of positions [a, b), sorted by key."""
    text = texts.span(a, b)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    local = np.repeat(np.arange(b - a, dtype=np.uint64), lens[a:b])
    if len(codes) < 2:
        return np.zeros(0, np.uint64), np.zeros(0, np.uint64)
    inside = local[:-1] == local[1:]
    keys = ((codes[:-1] << SHIFT) | codes[1:])[inside]
    combined = (keys << _LOCAL) | local[:-1][inside]
    del codes, keys
    combined.sort()
    if len(combined):
        combined = combined[np.concatenate(([True], combined[1:] != combined[:-1]))]
    return combined >> _LOCAL, combined & _LOCAL_MASK


def _write_postings(
    sink: Sink, side: str, texts: Texts, lens: np.ndarray, *, count_per_position: bool
) -> None:
    """Count every chunk's bigrams, then fill the posting lists chunk by chunk."""
    chunks = _chunks(lens)
    n = len(lens)
    nbig = np.zeros(n, dtype=np.int32)
    chunk_keys: list[np.ndarray] = []
    chunk_counts: list[np.ndarray] = []
    for a, b in chunks:
        keys, local = _chunk_bigrams(texts, lens, a, b)
        first = _run_starts(keys)
        chunk_keys.append(keys[first])
        chunk_counts.append(np.diff(np.append(first, len(keys))))
        nbig[a:b] = np.bincount(local.astype(np.int64), minlength=b - a)
    every = np.concatenate(chunk_keys) if chunk_keys else np.zeros(0, np.uint64)
    all_keys, inverse = np.unique(every, return_inverse=True)
    counts = np.bincount(
        inverse, weights=np.concatenate(chunk_counts) if chunk_counts else None
    ).astype(np.int64)
    del every, inverse, chunk_keys, chunk_counts
    starts = np.zeros(len(all_keys) + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    total = int(starts[-1])
    positions = sink.array(f"{side}_postings", np.int32, total)
    cursor = starts[:-1].copy()
    for a, b in chunks:
        keys, local = _chunk_bigrams(texts, lens, a, b)
        if not len(keys):
            continue
        first = _run_starts(keys)
        runs = np.searchsorted(all_keys, keys[first])
        run_of = np.repeat(np.arange(len(first)), np.diff(np.append(first, len(keys))))
        rank = np.arange(len(keys)) - first[run_of]
        positions[cursor[runs[run_of]] + rank] = (local + np.uint64(a)).astype(np.int32)
        cursor[runs] += np.diff(np.append(first, len(keys)))
    if isinstance(positions, np.memmap):
        positions.flush()
    sink.save(f"{side}_keys", all_keys.astype(np.uint64))
    sink.save(f"{side}_starts", starts)
    if count_per_position:
        sink.save("nbig", nbig)


def _chunks(lens: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive [a, b) ranges of at most CHUNK segments and about CHUNK_CHARS characters."""
    ends = np.cumsum(lens, dtype=np.int64)
    chunks = []
    a, n = 0, len(lens)
    while a < n:
        limit = (int(ends[a - 1]) if a else 0) + CHUNK_CHARS
        b = min(n, a + CHUNK, max(a + 1, int(np.searchsorted(ends, limit, "right"))))
        chunks.append((a, b))
        a = b
    return chunks


def _run_starts(sorted_keys: np.ndarray) -> np.ndarray:
    if not len(sorted_keys):
        return np.zeros(0, np.int64)
    return np.flatnonzero(np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1])))


# -- opening ----------------------------------------------------------------------------------


_ARRAYS = (
    "ids",
    "groups",
    "lens",
    "nbig",
    "by_id",
    "source_offsets",
    "target_offsets",
    "source_keys",
    "source_starts",
    "source_postings",
    "target_keys",
    "target_starts",
    "target_postings",
)


def _segments_from(sink: MemorySink) -> Segments:
    return _assemble(sink.arrays, sink.open_blob("source"), sink.open_blob("target"))


def open_segments(folder: Path) -> Segments:
    """Map a folder written by ``build_segments`` read-only."""
    # Plain ndarray views of the mappings: slicing a np.memmap costs a Python
    # object per slice, and a lookup slices thousands of posting lists.
    arrays = {
        name: np.load(folder / f"{name}.npy", mmap_mode="r").view(np.ndarray) for name in _ARRAYS
    }
    return _assemble(arrays, _map(folder / "source.bin"), _map(folder / "target.bin"))


def _assemble(
    arrays: dict[str, np.ndarray], source: bytes | mmap.mmap, target: bytes | mmap.mmap
) -> Segments:
    return Segments(
        ids=arrays["ids"],
        groups=arrays["groups"],
        lens=arrays["lens"],
        nbig=arrays["nbig"],
        by_id=arrays["by_id"],
        source=Texts(source, arrays["source_offsets"]),
        target=Texts(target, arrays["target_offsets"]),
        source_postings=Postings(
            arrays["source_keys"], arrays["source_starts"], arrays["source_postings"]
        ),
        target_postings=Postings(
            arrays["target_keys"], arrays["target_starts"], arrays["target_postings"]
        ),
    )


def folder_size(folder: Path) -> int:
    return sum(entry.stat().st_size for entry in os.scandir(folder) if entry.is_file())
