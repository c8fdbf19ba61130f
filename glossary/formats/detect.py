"""Tell a file's format from its content (the name is only a hint for text tables)."""

from __future__ import annotations

import codecs
import re

from glossary.formats.errors import FormatError

# Names returned, with what they mean.
FORMATS = {
    "tmx": "TMX translation memory",
    "tbx": "TBX v3 (ISO 30042:2019)",
    "tbx2008": "TBX 2008 (martif)",
    "tsv": "tab-separated glossary (OmegaT and others)",
    "csv": "comma- or semicolon-separated glossary",
    "xlsx": "Excel workbook",
    "toml": "glossary TOML term base",
}

_ROOT = re.compile(r"<(?![?!])(?:[\w.-]+:)?([\w.-]+)")
_PROLOG_JUNK = re.compile(r"\s*(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>)", re.S)


def _text_of(head: bytes) -> str:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if head.startswith(bom):
            return head.decode(encoding, errors="ignore")
    if head[1:2] == b"\x00":
        return head.decode("utf-16-le", errors="ignore")
    if head[:1] == b"\x00":
        return head.decode("utf-16-be", errors="ignore")
    return head.decode("utf-8", errors="ignore")


def detect_format(head: bytes, filename: str | None = None) -> str:
    """One of FORMATS, from the first few KiB of a file.

    :raises FormatError: when the content is none of them.
    """
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    text = _text_of(head)
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<"):
        rest = stripped
        while m := _PROLOG_JUNK.match(rest):
            rest = rest[m.end() :]
        root = _ROOT.match(rest.lstrip())
        name = root.group(1).lower() if root else ""
        if name == "tmx":
            return "tmx"
        if name == "tbx":
            return "tbx"
        if name == "martif":
            return "tbx2008"
        raise FormatError(f"an XML document with root <{name or '?'}>, not TMX or TBX")
    if (filename or "").lower().endswith(".toml") or "[[concept]]" in text:
        return "toml"
    lines = [ln for ln in text.splitlines()[:20] if ln.strip() and not ln.startswith("#")]
    if not lines:
        raise FormatError("no entries: the file is empty or holds only comment lines")
    tabs = sum(ln.count("\t") for ln in lines)
    others = sum(ln.count(",") + ln.count(";") for ln in lines)
    if tabs and tabs >= len(lines):
        return "tsv"
    if others:
        return "csv"
    if (filename or "").lower().endswith((".tsv", ".tab", ".utf8", ".txt")):
        return "tsv"
    raise FormatError("not a TMX, TBX, TSV, CSV or XLSX file")
