"""Zip bombs and lying archives are refused before any reader inflates them."""

from __future__ import annotations

import io
import resource
import zipfile

import pytest

from glossary.formats.archive import MAX_MEMBERS, check_archive
from glossary.formats.errors import FormatError
from glossary.formats.termbase import Entry, ReadOptions, termbase_format
from tests.formats.test_xlsx import workbook_bytes
from tests.formats.zipbomb import (
    SHEET,
    Member,
    deflated,
    raw_zip,
    repeated,
    sheet_bomb,
    with_members,
)

GIB = 1 << 30
# The limit an upload of the default 200 MB gets (8 × GLOSSARY_MAX_UPLOAD_MB): a 1 GiB part is within it.
LIMIT = 8 * 200 * (1 << 20)


def read_xlsx(data: bytes) -> list[object]:
    options = ReadOptions(name="bomb.xlsx", limit=LIMIT)
    return list(termbase_format("xlsx").read(io.BytesIO(data), options))


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture(scope="module")
def workbook() -> bytes:
    return workbook_bytes([["en", "zh-Hant"], ["Bay Area Connect", "灣區通"]])


@pytest.mark.parametrize("part", [SHEET, "xl/sharedStrings.xml", "xl/styles.xml"])
def test_a_part_that_compresses_1000_to_1_is_refused(workbook: bytes, part: str) -> None:
    bomb = with_members(workbook, sheet_bomb(part, GIB))
    assert len(bomb) < 4 << 20
    before = _peak_mib()
    with pytest.raises(FormatError, match=rf"{part} expands \d+:1 .*zip bomb"):
        read_xlsx(bomb)
    assert _peak_mib() - before < 50


def test_a_part_that_states_a_small_size_and_holds_1_gib_is_refused(workbook: bytes) -> None:
    bomb = with_members(workbook, sheet_bomb(SHEET, GIB), stated={SHEET: 50_000})
    before = _peak_mib()
    with pytest.raises(FormatError, match=f"{SHEET} states 48 KiB but holds more"):
        read_xlsx(bomb)
    assert _peak_mib() - before < 50


def test_a_part_that_holds_less_than_it_states(workbook: bytes) -> None:
    sheet = zipfile.ZipFile(io.BytesIO(workbook)).read(SHEET)
    bomb = with_members(workbook, deflated(SHEET, sheet), stated={SHEET: len(sheet) + 10})
    with pytest.raises(FormatError, match="size or checksum is wrong"):
        read_xlsx(bomb)


def test_a_part_with_a_wrong_checksum(workbook: bytes) -> None:
    sheet = deflated(SHEET, zipfile.ZipFile(io.BytesIO(workbook)).read(SHEET))
    damaged = Member(sheet.name, sheet.data, sheet.crc ^ 1, sheet.size)
    with pytest.raises(FormatError, match="size or checksum is wrong"):
        read_xlsx(with_members(workbook, damaged))


def test_parts_that_add_up_past_the_limit(workbook: bytes) -> None:
    # Each part compresses only 10:1, but together they pass the limit.
    parts = [
        repeated(f"xl/media/image{i}.bin", b"", bytes(range(256)) * 40 + b"\0" * 6, 4096, b"")
        for i in range(3)
    ]
    with pytest.raises(FormatError, match="the archive expands to"):
        check_archive(raw_zip(parts), limit=100 << 20, name="x.zip")


def test_too_many_parts(workbook: bytes) -> None:
    extra = [deflated(f"xl/media/{i}.txt", b"x") for i in range(MAX_MEMBERS)]
    with pytest.raises(FormatError, match=f"more than the {MAX_MEMBERS} accepted"):
        read_xlsx(with_members(workbook, *extra))


def test_a_part_held_whole_has_a_smaller_limit(workbook: bytes) -> None:
    strings = deflated("xl/sharedStrings.xml", b"<sst>" + b"<si><t>x</t></si>" * 1000 + b"</sst>")
    data = with_members(workbook, strings)
    check_archive(data, limit=LIMIT, name="t.xlsx", streamed=lambda p: True)
    with pytest.raises(FormatError, match="sharedStrings.xml expands to .* accepted for it"):
        check_archive(data, limit=LIMIT, name="t.xlsx", whole_limit=15_000)


def test_only_deflate_and_stored(workbook: bytes) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("a.xml", "<a/>")
    with pytest.raises(FormatError, match="compressed with method 12"):
        check_archive(out.getvalue(), limit=LIMIT, name="t.zip")


def test_stored_parts_and_a_real_workbook_pass(workbook: bytes) -> None:
    stored = Member("xl/media/a.txt", b"plain", __import__("zlib").crc32(b"plain"), 5, 0)
    entries = [e for e in read_xlsx(with_members(workbook, stored)) if isinstance(e, Entry)]
    assert [t.text for t in entries[0].record.terms] == ["Bay Area Connect", "灣區通"]
