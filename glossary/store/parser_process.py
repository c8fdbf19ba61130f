"""Parsing a large TMX file in a second process while this one inserts.

Parsing, checking and folding cost about as much as inserting; on two cores
they overlap. The second process is a fresh interpreter
(``python -m glossary.store.parser_process``), not a fork, so it holds nothing
of this one: no database connection, no open transaction, no locks. It reads
the file by its path and writes batches of rows (``glossary.store.unit_rows``)
to its standard output, a pipe only this process reads.

It never outlives this process: it asks the kernel for SIGKILL when its parent
dies (Linux ``PR_SET_PDEATHSIG``), checks that the parent that started it is
still the one it has, and a write to the pipe after the parent is gone fails,
which ends it too. If this process stops reading (an error, Ctrl-C), it kills
the child before it returns.

PR_SET_PDEATHSIG follows the *thread* that started the child: start it from a
thread that lives as long as the import (a command's main thread).

Imports: store.unit_rows, formats. No database access in the child.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import struct
import subprocess
import sys
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from glossary.formats.errors import FormatError
from glossary.store.errors import Invalid

if TYPE_CHECKING:
    from glossary.store.unit_rows import RowBatch

_HEADER = struct.Struct("<Q")
_PR_SET_PDEATHSIG = 1
PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True)
class ParseJob:
    """What the child needs: the file, the languages asked for, and how rows are made."""

    path: str
    source_lang: str | None
    target_lang: str | None
    memory_id: int
    actor: str
    dialect: str
    parent_pid: int


def parsed_elsewhere(job: ParseJob) -> Generator[RowBatch, None, None]:
    """The RowBatches of ``job``'s file, made by a child process.

    :raises FormatError: for a file that turns out malformed.
    :raises Invalid: for a language tag that cannot be read.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), env.get("PYTHONPATH")]))
    child = subprocess.Popen(
        [sys.executable, "-m", "glossary.store.parser_process"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        close_fds=True,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        child.stdin.write(pickle.dumps(job))
        child.stdin.close()
        while True:
            message = _receive(child.stdout)
            if message is None:
                code = child.wait()
                raise RuntimeError(f"the parser process ended unexpectedly (exit status {code})")
            kind = message[0]
            if kind == "batch":
                yield message[1]
            elif kind == "error":
                raise _error(message[1], message[2])
            else:
                return
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()
        child.wait()


def _error(kind: str, text: str) -> Exception:
    if kind == "FormatError":
        return FormatError(text)
    if kind in ("LanguageError", "ValueError"):
        return Invalid([text])
    return RuntimeError(f"the parser process failed: {kind}: {text}")


def _send(stream: IO[bytes], message: tuple[Any, ...]) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def _receive(stream: IO[bytes]) -> tuple[Any, ...] | None:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        return None
    message: tuple[Any, ...] = pickle.loads(data)
    return message


def die_with_parent(parent_pid: int) -> None:
    """Have the kernel kill this process when its parent dies; exit now if it has."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    # The parent may have died before the request above: then we were adopted.
    if os.getppid() != parent_pid:
        os._exit(1)


def _produce(job: ParseJob, out: IO[bytes]) -> None:
    from glossary.formats.tmx import read_tmx
    from glossary.store.unit_rows import RowFormat, prepare_rows

    with open(job.path, "rb") as raw:
        records = read_tmx(raw, source_lang=job.source_lang, target_lang=job.target_lang)
        for batch in prepare_rows(
            records,
            memory_id=job.memory_id,
            actor=job.actor,
            form=RowFormat(job.dialect),
            position=lambda: None if raw.closed else raw.tell(),
        ):
            if os.getppid() != job.parent_pid:
                os._exit(1)
            _send(out, ("batch", batch))


def main() -> None:
    job: ParseJob = pickle.load(sys.stdin.buffer)
    die_with_parent(job.parent_pid)
    out = sys.stdout.buffer
    # Nothing else may write to the pipe: stray prints go to stderr.
    sys.stdout = sys.stderr
    try:
        _produce(job, out)
    except BrokenPipeError:
        os._exit(1)  # the reader is gone
    except Exception as exc:  # handed to the parent, which raises it
        _send(out, ("error", type(exc).__name__, str(exc)))
        return
    _send(out, ("done",))


if __name__ == "__main__":
    main()
