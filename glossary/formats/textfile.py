"""Opening text tables: byte-order marks, UTF-16, legacy Chinese encodings, a size limit.

What real glossary tables arrive as (notes/formats.md §5.1 and §7): UTF-8 with or
without a BOM, UTF-16 LE or BE with a BOM (OmegaT's ``testUTF16LE.txt``, Okapi's
``test02_utf16be.tsv``), an Emacs-style ``-*- coding: … -*-`` line (OmegaT), and
from Chinese Windows, GB18030/GBK without any marker.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from typing import IO, Any

from glossary.formats.errors import FormatError
from glossary.formats.termbase import Notice

HEAD = 1 << 16
_MAGIC = re.compile(rb"^#.*?-\*-\s*coding:\s*([\w.-]+)\s*-\*-")


class LimitedReader(io.RawIOBase):
    """A byte stream that refuses to read past ``limit`` bytes."""

    def __init__(self, raw: IO[bytes], limit: int, name: str) -> None:
        self._raw = raw
        self._limit = limit
        self._count = 0
        self._name = name

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        data = self._raw.read(len(target))
        n = len(data)
        target[:n] = data
        self._count += n
        if self._count > self._limit:
            raise FormatError(f"larger than the {self._limit} bytes accepted", source=self._name)
        return n


def sniff_encoding(head: bytes) -> tuple[str, bool]:
    """The encoding of a text file from its first bytes, and whether it had to be guessed."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", False
    if len(head) >= 2 and head[1] == 0 and head[0] != 0:
        return "utf-16-le", False
    if len(head) >= 2 and head[0] == 0 and head[1] != 0:
        return "utf-16-be", False
    if m := _MAGIC.match(head):
        try:
            return codecs.lookup(m[1].decode("ascii")).name, False
        except LookupError:
            pass
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut off at the end of the sample is still UTF-8.
        if exc.start < len(head) - 3:
            return "gb18030", True
    return "utf-8", False


def open_text(
    stream: IO[bytes], *, limit: int, name: str, newline: str | None = None
) -> tuple[IO[str], list[Notice]]:
    """A text stream over ``stream`` in the encoding its bytes show, and what was guessed."""
    buffered = io.BufferedReader(LimitedReader(stream, limit, name), HEAD)
    head = buffered.peek(HEAD)[:HEAD]
    encoding, guessed = sniff_encoding(head)
    notices = []
    if guessed:
        notices.append(
            Notice(
                "not UTF-8 or UTF-16: read as GB18030 (Simplified Chinese Windows); "
                "if the text looks wrong, save the file as UTF-8 and import it again"
            )
        )
    text = io.TextIOWrapper(buffered, encoding=encoding, errors="strict", newline=newline)
    return text, notices


def decoding_error(exc: UnicodeDecodeError, name: str) -> FormatError:
    return FormatError(
        f"cannot be decoded as {exc.encoding.upper()} ({exc.reason}); save it as UTF-8",
        source=name,
    )


def checked_lines(lines: Iterator[str], name: str) -> Iterator[str]:
    """``lines``, refusing U+0000: no text column can store it, and in a text table it
    means a binary file or UTF-16 without its byte-order mark."""
    for number, line in enumerate(lines, 1):
        if "\x00" in line:
            raise FormatError(
                "holds the character U+0000: is it a binary file, or UTF-16 without a "
                "byte-order mark? Save it as UTF-8",
                source=name,
                line=number,
            )
        yield line
