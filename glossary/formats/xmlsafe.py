"""The one place XML is parsed: no DTD loading, no network, no entity expansion, a size limit.

Every XML reader goes through ``iterparse`` (streaming) or ``parse`` (whole
documents). They

* refuse a document whose DOCTYPE has an internal subset, the only place
  entities can be declared: that is how billion-laughs and XXE files work, and no
  TMX or TBX needs it (comments and processing instructions are skipped, so
  nothing hides the declaration);
* never load a DTD or touch the network, and leave entity references unexpanded
  (lxml's own guards, kept on as a second line);
* accept what real tools write: a UTF-8 BOM, UTF-16 and UTF-32 (LE or BE, with or
  without BOM, with a redundant ``encoding="UTF-16LE"``), legacy 8-bit encodings
  declared in the XML declaration;
* stop at ``limit`` bytes with a clear error instead of reading on.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from lxml import etree

from glossary.formats.errors import FormatError

DEFAULT_LIMIT = 2 << 30  # 2 GiB
# How far into a file its root element must start; a longer prolog is refused.
PROLOG_LIMIT = 1 << 20
CHUNK = 1 << 16

_DECLARATION = re.compile(rb"^(\s*<\?xml[^>]*?)\sencoding\s*=\s*([\"'])[^\"']*\2", re.DOTALL)


def _parser_options() -> dict[str, Any]:
    return {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "dtd_validation": False,
        "huge_tree": False,
    }


class _Limited(io.RawIOBase):
    """A read-only byte stream that raises FormatError past ``limit`` bytes."""

    def __init__(self, chunks: Iterator[bytes], limit: int, name: str, raw: IO[bytes]) -> None:
        self._raw = raw
        self._chunks = chunks
        self._buffer = b""
        self._count = 0
        self._limit = limit
        self._name = name

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()

    def readinto(self, target: Any) -> int:
        while not self._buffer:
            try:
                self._buffer = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        self._count += n
        if self._count > self._limit:
            raise FormatError(
                f"larger than the {_size(self._limit)} this reader accepts", source=self._name
            )
        return n


def _size(n: int) -> str:
    for unit in ("bytes", "KiB", "MiB"):
        if n < 1024:
            return f"{n:g} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n:.3g} GiB"


def _sniff(head: bytes) -> tuple[bytes, str | None]:
    """The first bytes without a UTF-8 BOM, and the UTF-16 or UTF-32 encoding they show
    (None for UTF-8 or an 8-bit encoding the declaration names)."""
    if head.startswith(codecs.BOM_UTF8):
        return head[3:], None
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return head, "utf-32"  # before UTF-16: FF FE 00 00 also begins like UTF-16 LE
    if head.startswith(b"<\x00\x00\x00"):
        return head, "utf-32-le"
    if head.startswith(b"\x00\x00\x00<"):
        return head, "utf-32-be"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head, "utf-16"
    if head.startswith(b"<\x00"):
        return head, "utf-16-le"
    if head.startswith(b"\x00<"):
        return head, "utf-16-be"
    return head, None


def _source(raw: IO[bytes], head: bytes, encoding: str | None, name: str) -> Iterator[bytes]:
    """The document's bytes from ``head`` on, re-encoded as UTF-8 when ``encoding`` is set."""
    if encoding is None:
        yield head
        while chunk := raw.read(CHUNK):
            yield chunk
        return
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        yield decoder.decode(head).encode("utf-8")
        while chunk := raw.read(CHUNK):
            yield decoder.decode(chunk).encode("utf-8")
        yield decoder.decode(b"", final=True).encode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not valid {encoding.upper()}: {exc.reason}", source=name) from exc


def _utf8_chunks(raw: IO[bytes], name: str) -> Iterator[bytes]:
    """The document as UTF-8 (when it was UTF-16), with its prolog checked."""
    head, encoding = _sniff(raw.read(4))
    chunks = _source(raw, head, encoding, name)
    prolog = b""
    root = None
    for chunk in chunks:
        prolog += chunk
        root = _root_start(prolog, name)
        if root is not None or len(prolog) > PROLOG_LIMIT:
            break
    if root is None and len(prolog) > PROLOG_LIMIT:
        raise FormatError("no root element within the first MiB", source=name)
    if encoding is not None:
        # The bytes are UTF-8 now; a declaration saying UTF-16 would mislead the parser.
        prolog = _DECLARATION.sub(rb"\1", prolog, count=1)
    yield prolog
    yield from chunks


def _root_start(data: bytes, name: str) -> int | None:
    """Where the root element starts, past the declaration, processing instructions,
    comments and the DOCTYPE; None when ``data`` ends before it.

    :raises FormatError: for a DOCTYPE with an internal subset, the only place a
        document can declare entities.
    """
    i, n = 0, len(data)
    while True:
        while i < n and data[i] in b" \t\r\n":
            i += 1
        if n - i < 4:
            return None  # too little to tell "<?", "<!--" and "<!" from a start tag
        if data.startswith(b"<?", i):
            end, step = data.find(b"?>", i + 2), 2
        elif data.startswith(b"<!--", i):
            end, step = data.find(b"-->", i + 4), 3
        elif data.startswith(b"<!", i):
            end, step = data.find(b">", i), 1
            subset = data.find(b"[", i)
            if subset != -1 and (end == -1 or subset < end):
                raise FormatError(
                    "the document declares XML entities or a DTD subset, which are refused "
                    "(entity expansion and external entities are attack vectors; no TMX, TBX "
                    "or spreadsheet needs them)",
                    source=name,
                )
        else:
            return i  # the root element (or text the parser will refuse)
        if end == -1:
            return None
        i = end + step


def open_xml(source: str | Path | IO[bytes], *, limit: int = DEFAULT_LIMIT) -> IO[bytes]:
    """A checked, UTF-8 (or declared 8-bit) byte stream of an XML document."""
    if isinstance(source, str | Path):
        raw: IO[bytes] = open(source, "rb")  # closed with the returned stream
        name = str(source)
    else:
        raw, name = source, getattr(source, "name", "upload")
    return io.BufferedReader(_Limited(_utf8_chunks(raw, name), limit, name, raw), CHUNK)


def iterparse(
    source: str | Path | IO[bytes],
    *,
    tag: str | tuple[str, ...] | None = None,
    events: tuple[str, ...] = ("end",),
    limit: int = DEFAULT_LIMIT,
) -> Iterator[tuple[str, Any]]:
    """Stream ``(event, element)`` pairs; XML errors become FormatError with a line."""
    name = str(source) if isinstance(source, str | Path) else getattr(source, "name", "upload")
    stream = open_xml(source, limit=limit)
    try:
        yield from etree.iterparse(stream, events=events, tag=tag, **_parser_options())
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"not well-formed XML: {exc.msg}", source=name, line=exc.lineno) from exc
    finally:
        stream.close()


def parse(source: str | Path | IO[bytes], *, limit: int = DEFAULT_LIMIT) -> Any:
    """The whole document's root element (for small files such as TBX glossaries)."""
    name = str(source) if isinstance(source, str | Path) else getattr(source, "name", "upload")
    with open_xml(source, limit=limit) as stream:
        try:
            return etree.parse(stream, etree.XMLParser(**_parser_options())).getroot()
        except etree.XMLSyntaxError as exc:
            raise FormatError(
                f"not well-formed XML: {exc.msg}", source=name, line=exc.lineno
            ) from exc


def local_name(element: Any) -> str:
    """An element's name without its namespace (real TMX files come with and without)."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
