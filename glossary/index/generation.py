"""Index generations: immutable folders of index files, one of them current per host.

A builder writes a complete generation into a scratch folder, fsyncs it, renames
it to ``gen-<seq>-<tag>`` and then points the ``CURRENT`` symlink at it with one
atomic rename. Readers resolve ``CURRENT`` and map what it names; a generation
never changes once published, so any number of processes share its pages, and
a crash mid-build leaves only a scratch folder behind: ``CURRENT`` still names
the previous generation. Files of a generation that is pruned while a process
still maps them stay readable to that process (the kernel keeps the inode).

Layout of a root::

    CURRENT -> gen-000000001234-5f3a9c
    gen-000000001234-5f3a9c/meta.json    what it holds, and the change-log position
    gen-000000001234-5f3a9c/…            whatever the builder wrote
    build.lock                           held by the one builder at work

Files only: what goes inside a generation is the caller's business.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Generation", "building", "current", "open_generation", "publish", "prune"]

FORMAT = 1
META = "meta.json"
CURRENT = "CURRENT"
LOCK = "build.lock"
# Generations kept besides the current one (a process may still map them).
KEEP = 1


@dataclass(frozen=True)
class Generation:
    """A published generation: its folder and what its ``meta.json`` says."""

    path: Path
    meta: dict[str, Any]

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def seq(self) -> int:
        return int(self.meta["seq"])


def current_name(root: Path) -> str | None:
    """The name ``CURRENT`` points at, or None (a readlink: about 2 µs)."""
    try:
        return os.readlink(root / CURRENT)
    except (FileNotFoundError, NotADirectoryError):
        return None


def current(root: Path) -> Generation | None:
    """The current generation of ``root``, or None when none was published."""
    name = current_name(root)
    return open_generation(root / name) if name else None


def open_generation(path: Path) -> Generation:
    meta = json.loads((path / META).read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT:
        raise ValueError(f"{path}: index format {meta.get('format')!r}, expected {FORMAT}")
    return Generation(path, meta)


@contextmanager
def building(root: Path, *, wait: bool) -> Iterator[Path | None]:
    """Hold the root's build lock and give a fresh scratch folder; None when another
    process holds the lock and ``wait`` is False.

    Scratch folders left by a builder that died are removed first: only the lock
    holder creates them.
    """
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "a+") as lock:
        flags = fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB)
        try:
            fcntl.flock(lock.fileno(), flags)
        except BlockingIOError:
            yield None
            return
        try:
            for stale in root.glob("tmp-*"):
                shutil.rmtree(stale, ignore_errors=True)
            scratch = root / f"tmp-{secrets.token_hex(4)}"
            scratch.mkdir()
            try:
                yield scratch
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def publish(root: Path, scratch: Path, meta: dict[str, Any]) -> Generation:
    """Make ``scratch`` (holding everything but meta.json) the current generation."""
    meta = {"format": FORMAT, "created": time.time(), **meta}
    (scratch / META).write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
    _fsync_tree(scratch)
    # Names sort by change-log position, then by time of publication.
    final = root / f"gen-{int(meta['seq']):012d}-{time.time_ns():016x}"
    os.rename(scratch, final)
    link = root / f"{CURRENT}.tmp-{secrets.token_hex(3)}"
    os.symlink(final.name, link)
    os.replace(link, root / CURRENT)
    _fsync_dir(root)
    return Generation(final, meta)


def prune(root: Path, keep: int = KEEP) -> list[str]:
    """Remove generations older than the current one and the ``keep`` before it."""
    name = current_name(root)
    published = sorted(p for p in root.glob("gen-*") if p.is_dir())
    if name is None:
        return []
    older = [p for p in published if p.name < name]
    doomed = older[: max(0, len(older) - keep)]
    for path in doomed:
        shutil.rmtree(path, ignore_errors=True)
    return [p.name for p in doomed]


def _fsync_tree(folder: Path) -> None:
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(dirpath))


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
