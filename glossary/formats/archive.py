"""Zip archives (XLSX workbooks) checked before any reader inflates them: no zip bombs.

A zip member states its size in the archive's central directory, and readers
(``zipfile``, hence openpyxl) trust it. A bomb either states its size honestly
and compresses absurdly well (1 MB holding a 1 GiB sheet), or states a small
size and holds more. So, before a reader sees the archive:

* it has at most ``MAX_MEMBERS`` members, deflated or stored;
* the stated sizes add up to at most ``limit``; a member read whole into memory
  (anything but the parts a reader streams) is at most ``MAX_WHOLE_PART``;
* no member over ``RATIO_FLOOR`` compresses better than ``MAX_RATIO``:1 (Apache
  POI's ZipSecureFile draws the same line for Office files; real sheets
  compress 5–20:1);
* every member is inflated once, a chunk at a time, from its own compressed
  bytes: one that holds more than it states is refused as soon as it passes
  that, one that holds less or fails its checksum when it ends. Memory stays at
  one chunk, and the time at what the stated sizes allow.

XML members then have their prolog checked by ``xmlsafe`` (no entity declarations).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable

from glossary.formats.errors import FormatError
from glossary.formats.xmlsafe import open_xml

MAX_MEMBERS = 1000
MAX_RATIO = 100
RATIO_FLOOR = 1 << 20
MAX_WHOLE_PART = 64 << 20
CHUNK = 1 << 16
XML_SUFFIXES = (".xml", ".rels", ".vml")

# The local file header before each member's data (APPNOTE 4.3.7).
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")


def _size(n: int) -> str:
    for unit in ("bytes", "KiB", "MiB"):
        if n < 1024 * 10:
            return f"{n} {unit}"
        n //= 1024
    return f"{n} GiB"


def check_archive(
    data: bytes,
    *,
    limit: int,
    name: str,
    kind: str = "zip archive",
    streamed: Callable[[str], bool] = lambda _: False,
    whole_limit: int = MAX_WHOLE_PART,
) -> None:
    """Refuse an archive that would expand too far, lies about its sizes or declares entities.

    :param kind: what the archive should be, for the message when it is not a zip archive.
    :param streamed: whether the reader streams a member (else it holds it whole,
        and ``whole_limit`` applies).
    :raises FormatError: saying which member and why.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))  # shares data's buffer, no copy
    except zipfile.BadZipFile as exc:
        raise FormatError(f"not an {kind}: {exc}", source=name) from exc
    with archive:
        members = archive.infolist()
        _check_stated_sizes(members, name, limit=limit, whole_limit=whole_limit, streamed=streamed)
        for info in members:
            _check_inflated(data, info, name)
            if info.filename.endswith(XML_SUFFIXES):
                # Reading the first bytes through xmlsafe checks the part's prolog.
                with archive.open(info) as part, open_xml(part, limit=limit) as checked:
                    checked.read(1)


def _check_stated_sizes(
    members: list[zipfile.ZipInfo],
    name: str,
    *,
    limit: int,
    whole_limit: int,
    streamed: Callable[[str], bool],
) -> None:
    if len(members) > MAX_MEMBERS:
        raise FormatError(
            f"the archive has {len(members)} parts, more than the {MAX_MEMBERS} accepted",
            source=name,
        )
    total = sum(info.file_size for info in members)
    if total > limit:
        raise FormatError(
            f"the archive expands to {_size(total)}, more than the {_size(limit)} accepted",
            source=name,
        )
    for info in members:
        part = info.filename
        if info.compress_type not in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
            raise FormatError(f"{part} is compressed with method {info.compress_type}", source=name)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise FormatError(
                f"{part} expands {ratio:.0f}:1 ({_size(info.compress_size)} to "
                f"{_size(info.file_size)}), more than the {MAX_RATIO}:1 accepted: a zip bomb?",
                source=name,
            )
        if not streamed(part) and info.file_size > whole_limit:
            raise FormatError(
                f"{part} expands to {_size(info.file_size)}, more than the "
                f"{_size(whole_limit)} accepted for it",
                source=name,
            )


def _check_inflated(data: bytes, info: zipfile.ZipInfo, name: str) -> None:
    """Inflate one member from its own bytes, counting; refuse past its stated size."""
    part = info.filename
    try:
        header = _LOCAL_HEADER.unpack_from(data, info.header_offset)
    except struct.error:
        header = (b"",)
    if header[0] != b"PK\x03\x04":
        raise FormatError(f"{part} is damaged (no local header)", source=name)
    start = info.header_offset + _LOCAL_HEADER.size + header[9] + header[10]
    compressed = memoryview(data)[start : start + info.compress_size]
    inflated, crc = 0, 0
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type else None
    try:
        for at in range(0, len(compressed), CHUNK):
            piece: bytes | memoryview = compressed[at : at + CHUNK]
            while piece:
                out = inflater.decompress(piece, CHUNK) if inflater else bytes(piece)
                inflated += len(out)
                if inflated > info.file_size:
                    raise FormatError(
                        f"{part} states {_size(info.file_size)} but holds more", source=name
                    )
                crc = zlib.crc32(out, crc)
                piece = inflater.unconsumed_tail if inflater else b""
    except zlib.error as exc:
        raise FormatError(f"{part} is damaged: {exc}", source=name) from exc
    if inflated != info.file_size or crc != info.CRC or (inflater and not inflater.eof):
        raise FormatError(f"{part} is damaged (its size or checksum is wrong)", source=name)
