"""Writing TBX: one writer, two dialects (TBX v3 TBX-Basic DCA and TBX 2008 TBX-Basic).

Exports are strict: only TBX-Basic data categories with picklist values, ids
that are valid ``xs:ID`` values, ISO 8601 dates, one entry per concept and one
language section per language. What TBX-Basic has no category for is written as
a ``<note>`` our reader understands again (a concept's review state, a forbidden
term), so an export read back gives the same concepts.

Entries are written one at a time, so an export of any size needs little memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any
from xml.sax.saxutils import escape

from lxml import etree

import glossary
from glossary.formats import vocabulary as vocab
from glossary.formats.citations import citation_text
from glossary.formats.termbase import WriteOptions, by_language, xml_safe
from glossary.records import ConceptRecord, TermRecord

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATUS_VALUES = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    # TBX-Basic stops at deprecated; FORBIDDEN_NOTE says the rest.
    "forbidden": "deprecatedTerm-admn-sts",
}
_NCNAME = re.compile(r"^[^\W\d][\w.\-]*$")


@dataclass(frozen=True)
class Dialect:
    root: str
    root_attributes: str
    header: str
    entry: str
    section: str
    term_section: str
    doctype: str | None
    parts_of_speech: tuple[str, ...]
    # TBX 2008's DTD requires a body with at least one entry; v3 lets it go.
    body_when_empty: bool
    # The constraint specification a TBX 2008 header names (LISA's TBX-Basic XCS).
    xcs: str | None = None


V3 = Dialect(
    root="tbx",
    root_attributes='type="TBX-Basic" style="dca" xmlns="urn:iso:std:iso:30042:ed-2"',
    header="tbxHeader",
    entry="conceptEntry",
    section="langSec",
    term_section="termSec",
    doctype=None,
    parts_of_speech=vocab.V3_PARTS_OF_SPEECH,
    body_when_empty=False,
)

V2 = Dialect(
    root="martif",
    root_attributes='type="TBX-Basic"',
    header="martifHeader",
    entry="termEntry",
    section="langSet",
    term_section="tig",
    doctype='<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">',
    parts_of_speech=("noun", "verb", "adjective", "adverb", "properNoun", "other"),
    body_when_empty=True,
    xcs="TBXBasicXCSV02.xcs",
)


def write_tbx(
    records: Iterable[ConceptRecord], stream: IO[bytes], options: WriteOptions, dialect: Dialect
) -> None:
    """Write a whole TBX document of ``dialect``."""
    d = dialect
    made = options.made_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    source = f"Exported by {options.generator} {glossary.__version__} on {made}."
    head = ['<?xml version="1.0" encoding="UTF-8"?>']
    if d.doctype:
        head.append(d.doctype)
    head.append(f'<{d.root} {d.root_attributes} xml:lang="en">')
    head.append(f"  <{d.header}>")
    head.append("    <fileDesc>")
    head.append(f"      <titleStmt><title>{escape(xml_safe(options.title))}</title></titleStmt>")
    head.append(f"      <sourceDesc><p>{escape(source)}</p></sourceDesc>")
    head.append("    </fileDesc>")
    if d.xcs:
        head.append(f'    <encodingDesc><p type="XCSURI">{d.xcs}</p></encodingDesc>')
    head.append(f"  </{d.header}>")
    head.append("  <text>")
    stream.write(("\n".join(head) + "\n").encode("utf-8"))
    used: set[str] = set()
    body_open = False
    for record in records:
        if not body_open:
            stream.write(b"    <body>\n")
            body_open = True
        element = _entry(record, options, d, used)
        etree.indent(element, space="  ", level=3)
        stream.write(b"      " + etree.tostring(element, encoding="utf-8") + b"\n")
    if body_open:
        stream.write(b"    </body>\n")
    elif d.body_when_empty:
        stream.write(b"    <body/>\n")
    stream.write(f"  </text>\n</{d.root}>\n".encode())


def _date(value: datetime) -> str:
    """ISO 8601 in UTC, as xs:dateTime allows: ``2024-05-01T10:00:00Z`` (with microseconds if any)."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def entry_id(ref: str | None, used: set[str]) -> str:
    """A document-unique id that is a valid xs:ID (an NCName) for ``ref``."""
    base = ref or "c"
    if not _NCNAME.match(base):
        base = "_" + re.sub(r"[^\w.\-]", "_", base)
    candidate, n = base, 1
    while candidate in used or (ref is None and candidate == "c"):
        n += 1
        candidate = f"{base}-{n}" if ref else f"c{n}"
    used.add(candidate)
    return candidate


def _sub(parent: Any, name: str, text: str | None = None, **attributes: str) -> Any:
    element = etree.SubElement(parent, name)
    for key, value in attributes.items():
        element.set(XML_LANG if key == "lang" else key, value)
    if text is not None:
        element.text = xml_safe(text)
    return element


def _block(text: str | None) -> str | None:
    """A note, definition or context as one element's text, its line breaks kept
    (surrounding blank lines dropped); None when nothing is left."""
    lines = (text or "").splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(line.rstrip() for line in lines) or None


def _entry(record: ConceptRecord, options: WriteOptions, d: Dialect, used: set[str]) -> Any:
    entry = etree.Element(d.entry, id=entry_id(record.ref, used))
    sections = by_language(record, options.languages)
    if record.subject_field:
        _sub(entry, "descrip", record.subject_field, type="subjectField")
    for tag, text in record.definitions.items():
        if tag not in sections:
            _sub(
                entry, "descrip", text, type="definition", lang=vocab.export_tag(tag, options.tags)
            )
    for source in record.sources:
        _sub(entry, "admin", source, type="source")
    for citation in record.citations:
        _sub(entry, "admin", citation_text(citation), type="source")
    for kind, when in (("origination", record.created_at), ("modification", record.changed_at)):
        if when is not None:
            group = _sub(entry, "transacGrp")
            _sub(group, "transac", kind, type="transactionType")
            _sub(group, "date", _date(when))
    _sub(entry, "note", vocab.review_note(record.status))
    for tag, text in record.notes.items():
        if tag not in sections and (note := _block(text)):
            _sub(entry, "note", note, lang=vocab.export_tag(tag, options.tags))
    _language_sections(entry, record, sections, options, d)
    return entry


def _language_sections(
    entry: Any,
    record: ConceptRecord,
    sections: dict[str, list[TermRecord]],
    options: WriteOptions,
    d: Dialect,
) -> None:
    """One section per written language tag: its definitions, notes and terms."""
    for out_tag, (tags, terms) in _grouped(sections, options).items():
        section = _sub(entry, d.section, lang=out_tag)
        for tag in tags:
            if tag in record.definitions:
                _sub(section, "descrip", record.definitions[tag], type="definition")
        for tag in tags:
            if note := _block(record.notes.get(tag)):
                _sub(section, "note", note)
        for term in terms:
            _term(section, term, d)


def _grouped(
    sections: dict[str, list[TermRecord]], options: WriteOptions
) -> dict[str, tuple[list[str], list[TermRecord]]]:
    """Sections by the tag written: with region tags, zh-Hant and zh-Hant-TW share zh-TW."""
    out: dict[str, tuple[list[str], list[TermRecord]]] = {}
    for tag, terms in sections.items():
        tags, group = out.setdefault(vocab.export_tag(tag, options.tags), ([], []))
        tags.append(tag)
        group.extend(terms)
    return out


def _term(section: Any, term: TermRecord, d: Dialect) -> None:
    tig = _sub(section, d.term_section)
    _sub(tig, "term", term.text)
    _sub(tig, "termNote", STATUS_VALUES[term.status], type="administrativeStatus")
    notes = [term.note] if term.note else []
    if term.part_of_speech:
        if term.part_of_speech in d.parts_of_speech:
            _sub(tig, "termNote", term.part_of_speech, type="partOfSpeech")
        elif term.part_of_speech == "properNoun":  # TBX v3 has no properNoun
            _sub(tig, "termNote", "noun", type="partOfSpeech")
        else:
            notes.insert(0, vocab.carried("partOfSpeech", term.part_of_speech))
    categories, rest = vocab.split_carried("\n".join(notes))
    for category, value in categories:
        if category in vocab.BASIC_TERM_NOTES:
            _sub(tig, "termNote", value, type=category)
    if context := _block(term.context):
        _sub(tig, "descrip", context, type="context")
    if term.source:
        _sub(tig, "admin", term.source, type="source")
    for category, value in categories:
        if category in vocab.BASIC_ADMINS:
            _sub(tig, "admin", value, type=category)
    if note := _block("\n".join(rest)):
        _sub(tig, "note", note)
    if term.status == "forbidden":
        _sub(tig, "note", vocab.FORBIDDEN_NOTE)
