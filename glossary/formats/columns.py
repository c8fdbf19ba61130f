"""Glossary table headings: which column holds what, and the headings we write.

A heading is a known column name (``term``, ``sourceLang``, ``Example of use``,
``备注`` …, matched after folding, without spaces or punctuation) or a language
(``en-GB``, ``zh_TW``, ``简体中文``). ``read_layout`` turns a heading row into a
``Layout``; ``tablerows`` reads the rows under it. Our own tables (CSV and XLSX
exports) have one row per term under ``HEADINGS``, which ``read_layout`` reads
back, so an export imports again unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from glossary.formats import vocabulary as vocab
from glossary.formats.citations import citation_text
from glossary.formats.termbase import WriteOptions, by_language
from glossary.records import ConceptRecord, TermRecord
from glossary.text import fold

# Heading (squeezed: folded, without spaces and punctuation) → role.
ROLES: dict[str, str] = {
    **dict.fromkeys(
        ["concept", "conceptid", "entry", "entryid", "id", "stringid", "ref"], "concept"
    ),
    **dict.fromkeys(["lang", "language", "locale", "语言"], "lang"),
    **dict.fromkeys(["term", "text", "术语", "词条"], "term"),
    **dict.fromkeys(["sourcelang", "sourcelanguage", "srclang", "源语言"], "source_lang"),
    **dict.fromkeys(["targetlang", "targetlanguage", "tgtlang", "目标语言"], "target_lang"),
    **dict.fromkeys(
        ["source", "sourcestring", "sourceterm", "sourcetext", "src", "原文"], "source"
    ),
    **dict.fromkeys(
        ["target", "targetstring", "targetterm", "targettext", "translation", "tgt", "译文"],
        "target",
    ),
    **dict.fromkeys(["status", "termstatus", "administrativestatus", "usage", "状态"], "status"),
    **dict.fromkeys(["conceptstatus", "reviewstatus"], "concept_status"),
    **dict.fromkeys(["pos", "partofspeech", "wordclass", "词性"], "pos"),
    **dict.fromkeys(["context", "example", "exampleofuse", "usageexample", "例句"], "context"),
    "termsource": "term_source",
    "termnote": "term_note",
    **dict.fromkeys(
        ["note", "notes", "comment", "comments", "remark", "remarks", "备注", "注释", "说明"],
        "note",
    ),
    **dict.fromkeys(["definition", "description", "定义", "释义"], "definition"),
    **dict.fromkeys(["subject", "subjectfield", "domain", "field", "领域", "主题"], "subject"),
    **dict.fromkeys(["subdomain", "subjectsubfield"], "subdomain"),
    **dict.fromkeys(["sources", "conceptsource"], "sources"),
    "forbidden": "forbidden",
    **dict.fromkeys(["created", "createdat", "creationdate"], "created"),
}
# Roles that, in a row-per-concept table, describe the term of the language column before them.
TERM_ROLES = {"status", "pos", "context", "term_source", "term_note", "note", "definition"}


def _squeeze(heading: str) -> str:
    return re.sub(r"[\W_]+", "", fold(heading))


@dataclass(frozen=True)
class Column:
    index: int
    heading: str
    role: str  # a role of ROLES, "language", or "unknown"
    lang: str | None = None  # for "language" columns
    owner: int | None = None  # the language column a term column belongs to


@dataclass(frozen=True)
class Layout:
    shape: str  # "pairs", "terms" or "wide"
    columns: tuple[Column, ...]

    def find(self, role: str) -> Column | None:
        return next((c for c in self.columns if c.role == role and c.owner is None), None)


def read_layout(cells: list[str]) -> Layout | None:
    """The layout a heading row describes, or None if the row is not headings."""
    columns: list[Column] = []
    owner: int | None = None
    known = 0
    for i, cell in enumerate(cells):
        heading = cell.strip()
        if not heading:
            columns.append(Column(i, heading, "unknown"))
            continue
        role = ROLES.get(_squeeze(heading))
        tag = None if role else vocab.heading_language(heading)
        if tag:
            columns.append(Column(i, heading, "language", tag))
            owner = i
        elif role:
            term_level = owner is not None and role in TERM_ROLES
            columns.append(Column(i, heading, role, owner=owner if term_level else None))
        else:
            columns.append(Column(i, heading, "unknown"))
            continue
        known += 1
    roles = {c.role for c in columns if c.owner is None}
    if {"lang", "term"} <= roles:
        shape = "terms"
    elif {"source", "target"} <= roles:
        shape = "pairs"
    elif "language" in roles:
        shape = "wide"
    else:
        return None
    if known * 2 < sum(1 for c in cells if c.strip()):
        return None
    return Layout(shape, tuple(columns))


# -- writing: one row per term ---------------------------------------------------------

HEADINGS = (
    "concept",
    "lang",
    "term",
    "status",
    "part of speech",
    "context",
    "term source",
    "term note",
    "definition",
    "note",
    "subject field",
    "concept status",
    "sources",
    "created",
)


def export_rows(records: Iterable[ConceptRecord], options: WriteOptions) -> Iterator[list[str]]:
    """Our own table: the headings, then one row per term (read back by ``table_entries``).

    Definitions and notes go on every row of their language; a language that has a
    definition or note but no term gets a row with an empty term, so nothing is lost.
    """
    yield list(HEADINGS)
    for record in records:
        concept = [
            record.subject_field or "",
            record.status,
            "\n".join([*record.sources, *map(citation_text, record.citations)]),
            record.created_at.isoformat() if record.created_at else "",
        ]
        groups = by_language(record, options.languages)
        extra = [t for t in (*record.definitions, *record.notes) if t not in groups]
        for tag in [*groups, *dict.fromkeys(extra)]:
            about = [record.definitions.get(tag, ""), record.notes.get(tag, "")]
            out = vocab.export_tag(tag, options.tags)
            # A language with a definition or note but no term gets one row without a term.
            row_terms: Sequence[TermRecord | None] = groups.get(tag) or [None]
            for term in row_terms:
                if term is None:
                    cells = [""] * 6
                else:
                    cells = [
                        term.text,
                        term.status,
                        term.part_of_speech or "",
                        term.context or "",
                        term.source or "",
                        term.note or "",
                    ]
                yield [record.ref or "", out, *cells, *about, *concept]
