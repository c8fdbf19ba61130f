import pytest

from glossary.formats.detect import detect_format
from glossary.formats.errors import FormatError
from tests.conftest import SHARED


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">',
            None,
            "tmx",
        ),
        ('<?xml version="1.0" encoding="UTF-16"?><tmx>'.encode("utf-16"), None, "tmx"),
        (b'<?xml version="1.0"?><!-- x --><tbx xmlns="urn:iso:std:iso:30042:ed-2">', None, "tbx"),
        (b"\xef\xbb\xbf<martif type='TBX'>", None, "tbx2008"),
        (b"<x:tmx xmlns:x='http://www.lisa.org/tmx14'>", None, "tmx"),
        (b"PK\x03\x04....", "g.xlsx", "xlsx"),
        ("灣區通\tBay Area Connect\n雙第一\tfirst place\n".encode(), None, "tsv"),
        ("zh-Hant,en\n灣區通,Bay Area Connect\n".encode(), None, "csv"),
        ("zh;en\n灣區通;Bay Area Connect\n".encode(), None, "csv"),
        (b'[[concept]]\nid = "x"\n', None, "toml"),
    ],
)
def test_detect(head: bytes, name: str | None, expected: str) -> None:
    assert detect_format(head, name) == expected


@pytest.mark.parametrize("head", [b"", b"<html><body>", b"just words\n"])
def test_unknown(head: bytes) -> None:
    with pytest.raises(FormatError):
        detect_format(head)


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is absent")
def test_real_files() -> None:
    base = SHARED / "external" / "formats"
    assert detect_format((base / "heartsome" / "UTF-16LE.TMX").read_bytes()[:4096]) == "tmx"
    assert detect_format((base / "byu-tbx" / "good.tbx").read_bytes()[:4096]) in ("tbx", "tbx2008")
    assert detect_format((base / "omegat" / "test.tab").read_bytes()[:4096], "test.tab") == "tsv"
