"""Zip bombs for tests, built without ever holding what they expand to.

``repeated`` deflates ``head + chunk * times + tail`` by compressing ``chunk``
once: after a full flush the compressor starts afresh, so every repeat of the
chunk compresses to the same bytes, and a 1 GiB sheet costs one MiB of work.
``raw_zip`` writes the archive by hand, so a member can state any size.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_ROW = b'<row><c t="inlineStr"><is><t>bomb</t></is></c></row>'
SHEET_TAIL = b"</sheetData></worksheet>"


@dataclass(frozen=True)
class Member:
    name: str
    data: bytes  # as stored: deflated (method 8) or not (method 0)
    crc: int
    size: int  # what the member holds when inflated
    method: int = zipfile.ZIP_DEFLATED


def deflated(name: str, content: bytes) -> Member:
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return Member(
        name, packer.compress(content) + packer.flush(), zlib.crc32(content), len(content)
    )


def repeated(name: str, head: bytes, chunk: bytes, times: int, tail: bytes) -> Member:
    """A member holding ``head + chunk * times + tail``, deflated about 1000:1."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    start = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    end = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(chunk) * times + len(tail)
    return Member(name, start + block * times + end, crc, size)


def sheet_bomb(name: str = SHEET, size: int = 1 << 30) -> Member:
    """A worksheet of ``size`` bytes (rows of one inline string) in about size / 1000 bytes."""
    chunk = SHEET_ROW * ((1 << 20) // len(SHEET_ROW))
    return repeated(name, SHEET_HEAD, chunk, size // len(chunk), SHEET_TAIL)


def raw_zip(members: list[Member], stated: dict[str, int] | None = None) -> bytes:
    """The archive, each member stating its true size unless ``stated`` gives another."""
    out, directory = io.BytesIO(), io.BytesIO()
    for m in members:
        size = (stated or {}).get(m.name, m.size)
        name = m.name.encode()
        offset = out.tell()
        fields = (20, 0, m.method, 0, 0x21, m.crc, len(m.data), size, len(name))
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + name + m.data)
        directory.write(
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, offset) + name
        )
    start, entries = out.tell(), len(members)
    out.write(directory.getvalue())
    out.write(
        struct.pack(
            "<IHHHHIIH", 0x06054B50, 0, 0, entries, entries, len(directory.getvalue()), start, 0
        )
    )
    return out.getvalue()


def with_members(
    workbook: bytes, *replacements: Member, stated: dict[str, int] | None = None
) -> bytes:
    """``workbook`` (a real XLSX) with some members replaced or added."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    replacing = {m.name: m for m in replacements}
    members = [
        replacing.pop(i.filename, None) or deflated(i.filename, source.read(i))
        for i in source.infolist()
    ]
    return raw_zip(members + list(replacing.values()), stated)
