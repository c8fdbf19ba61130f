"""Glossary tables: rows → concepts, for each shape a table comes in.

Real glossary tables come in three shapes (notes/formats.md §7):

* **without headings**: source, target, optional comment — OmegaT's TSV and CSV.
  The languages come from the reader's options.
* **one row per pair or per term**: ``sourceLang, targetLang, sourceString,
  targetString`` (TICO-19), ``source, target`` with the languages given, or
  ``concept, lang, term, …`` (our own CSV and XLSX exports). Rows that share a
  ``concept`` value are one concept; without such a column every row is one.
* **one row per concept**: a column per language (``en-GB``, ``zh_TW``, ``简体中文``),
  each followed by columns about that language's term. MateCat's heading
  ``Forbidden, Domain, Subdomain, Definition, en-GB, Notes, Example of use, es-ES,
  Notes, Example of use, …`` repeats names whose meaning depends on position.

A first row counts as headings when ``columns.read_layout`` makes sense of it.
Columns with unknown headings are kept as ``heading: value`` lines in the
concept's note.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from glossary import lang
from glossary.formats import vocabulary as vocab
from glossary.formats.citations import split_sources
from glossary.formats.columns import Column, Layout, read_layout
from glossary.formats.errors import FormatError
from glossary.formats.termbase import Entry, Notice, ReadOptions, clean, parse_date
from glossary.records import ConceptRecord, TermRecord

Row = tuple[str, list[str]]  # (label, cells)


def table_entries(rows: Iterable[Row], options: ReadOptions) -> Iterator[Entry | Notice]:
    """Concepts from a table's rows (the first non-empty row may be headings)."""
    it = iter(rows)
    for label, cells in it:  # noqa: B007 - the row found is used after the loop
        if any(c.strip() for c in cells) and not is_comment(cells):
            break
    else:
        return
    layout = read_layout(cells)
    if layout is None:
        yield from _headerless([(label, cells)], it, options)
    elif layout.shape == "wide":
        yield from _wide(layout, it)
    else:
        yield from _long(layout, it, options)


# -- no headings: source, target, comment ------------------------------------------


def pair_languages(options: ReadOptions) -> tuple[str, str]:
    """The languages given for a table that does not name its own.

    :raises FormatError: when they are missing or not language tags.
    """
    if not (options.source_lang and options.target_lang):
        raise FormatError(
            "this table has no headings naming its languages: give the source and target "
            "languages (glossary import --source-lang zh-Hant --target-lang en, or the "
            "source_lang and target_lang parameters)",
            source=options.name,
        )
    try:
        return vocab.file_language(options.source_lang), vocab.file_language(options.target_lang)
    except lang.LanguageError as exc:
        raise FormatError(str(exc), source=options.name) from exc


def is_comment(cells: list[str]) -> bool:
    """OmegaT skips lines that start with ``#`` (its files begin with one)."""
    return bool(cells) and cells[0].lstrip().startswith("#")


def _headerless(first: list[Row], rest: Iterator[Row], options: ReadOptions) -> Iterator[Entry]:
    source_lang, target_lang = pair_languages(options)
    for label, cells in itertools.chain(first, rest):
        if not any(c.strip() for c in cells) or is_comment(cells):
            continue
        yield pair_entry(label, cells, source_lang, target_lang)


def pair_entry(label: str, cells: list[str], source_lang: str, target_lang: str) -> Entry:
    """One ``source, target[, comment, …]`` row, as OmegaT reads it (fields trimmed)."""
    if len(cells) < 2:
        return Entry(label, None, ("one column only: a glossary row needs a source and a target",))
    source, target = clean(cells[0]), clean(cells[1])
    if not source:
        return Entry(label, None, ("no source term",))
    comment = cells[2].strip() if len(cells) > 2 else ""
    lines = [
        vocab.carried(f"column {i}", c.strip()) for i, c in enumerate(cells[3:], 4) if c.strip()
    ]
    terms = [TermRecord(source, source_lang)]
    problems: tuple[str, ...] = ()
    if target:
        # The comment is about the translation (OmegaT shows it next to the target).
        terms.append(TermRecord(target, target_lang, note=comment or None))
    else:
        problems = ("no target term",)
        lines.insert(0, comment)
    notes = {source_lang: "\n".join(filter(None, lines))} if any(lines) else {}
    return Entry(label, ConceptRecord(terms=tuple(terms), notes=notes), problems)


# -- one row per pair or per term ---------------------------------------------------


@dataclass
class _Group:
    label: str
    ref: str | None
    terms: list[TermRecord] = field(default_factory=list)
    definitions: dict[str, str] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)
    subject: str | None = None
    status: str | None = None
    sources: list[str] = field(default_factory=list)
    created: str | None = None
    problems: list[str] = field(default_factory=list)

    def entry(self) -> Entry:
        if not self.terms:
            return Entry(self.label, None, (*self.problems, "no terms"))
        sources, citations = split_sources(self.sources)
        record = ConceptRecord(
            terms=tuple(self.terms),
            ref=self.ref,
            subject_field=self.subject,
            status=self.status or "draft",  # type: ignore[arg-type]
            definitions=self.definitions,
            notes={k: "\n".join(dict.fromkeys(v)) for k, v in self.notes.items() if v},
            sources=sources,
            citations=citations,
            created_at=parse_date(self.created),
        )
        return Entry(self.label, record, tuple(self.problems))


def _cell(cells: list[str], column: Column | None) -> str:
    if column is None or column.index >= len(cells):
        return ""
    return cells[column.index].strip()


def _long(layout: Layout, rows: Iterator[Row], options: ReadOptions) -> Iterator[Entry]:
    col = layout.find
    key_column = col("concept")
    given: tuple[str, str] | None = None
    if layout.shape == "pairs" and not (col("source_lang") and col("target_lang")):
        given = pair_languages(options)
    # Rows with the same concept key are one concept; rows without one stand alone.
    keyed: dict[str, _Group] = {}
    for label, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        key = _cell(cells, key_column)
        group = keyed.setdefault(key, _Group(label, key)) if key else _Group(label, None)
        try:
            if layout.shape == "pairs":
                _pair_row(layout, cells, group, given)
            else:
                _term_row(layout, cells, group)
        except lang.LanguageError as exc:
            group.problems.append(f"{label}: {exc}")
        if not key:
            yield group.entry()
    for group in keyed.values():
        yield group.entry()


def _concept_cells(layout: Layout, cells: list[str], group: _Group, row_lang: str) -> None:
    col = layout.find
    if subject := _cell(cells, col("subject")):
        sub = _cell(cells, col("subdomain"))
        group.subject = f"{subject} / {sub}" if sub else subject
    if status := _cell(cells, col("concept_status")):
        group.status = vocab.concept_status(status) or group.status
    if definition := _cell(cells, col("definition")):
        group.definitions.setdefault(row_lang, definition)
    for source in _cell(cells, col("sources")).splitlines():
        if source.strip():
            group.sources.append(source.strip())
    group.created = group.created or _cell(cells, col("created")) or None
    for column in layout.columns:
        if column.role == "unknown" and column.heading and (value := _cell(cells, column)):
            group.notes.setdefault(row_lang, []).append(vocab.carried(column.heading, value))


def _term(text: str, tag: str, status_word: str, group: _Group, **fields: str | None) -> TermRecord:
    status = vocab.term_status(status_word) if status_word else "admitted"
    note = fields.pop("note", None)
    if status is None:
        group.problems.append(f"unknown status {status_word!r} of {text!r}: kept as a note")
        note = "\n".join(filter(None, [note, vocab.carried("status", status_word)]))
        status = "admitted"
    pos = fields.pop("part_of_speech", None)
    return TermRecord(
        text=clean(text),
        lang=tag,
        status=status,
        part_of_speech=vocab.part_of_speech(pos) if pos else None,
        note=note or None,
        **fields,
    )


def _pair_row(
    layout: Layout, cells: list[str], group: _Group, given: tuple[str, str] | None
) -> None:
    col = layout.find
    if given:
        source_lang, target_lang = given
    else:
        source_lang = vocab.file_language(_cell(cells, col("source_lang")))
        target_lang = vocab.file_language(_cell(cells, col("target_lang")))
    source, target = _cell(cells, col("source")), _cell(cells, col("target"))
    if source:
        pos = _cell(cells, col("pos")) or None
        group.terms.append(_term(source, source_lang, "", group, part_of_speech=pos))
    if target:
        status = _cell(cells, col("status"))
        if vocab.truthy(_cell(cells, col("forbidden"))):
            status = "forbidden"
        group.terms.append(
            _term(
                target,
                target_lang,
                status,
                group,
                context=_cell(cells, col("context")) or None,
                note=_cell(cells, col("note")) or None,
            )
        )
    _concept_cells(layout, cells, group, source_lang)


def _term_row(layout: Layout, cells: list[str], group: _Group) -> None:
    col = layout.find
    tag = vocab.file_language(_cell(cells, col("lang")))
    if text := _cell(cells, col("term")):
        group.terms.append(
            _term(
                text,
                tag,
                _cell(cells, col("status")),
                group,
                part_of_speech=_cell(cells, col("pos")) or None,
                context=_cell(cells, col("context")) or None,
                source=_cell(cells, col("term_source")) or None,
                note=_cell(cells, col("term_note")) or None,
            )
        )
    if note := _cell(cells, col("note")):
        group.notes.setdefault(tag, []).append(note)
    _concept_cells(layout, cells, group, tag)


# -- one row per concept -------------------------------------------------------------


def _wide(layout: Layout, rows: Iterator[Row]) -> Iterator[Entry]:
    languages = [c for c in layout.columns if c.role == "language"]
    first = languages[0].lang or "en"
    for label, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        group = _Group(label, _cell(cells, layout.find("concept")) or None)
        forbidden = vocab.truthy(_cell(cells, layout.find("forbidden")))
        for column in languages:
            text = _cell(cells, column)
            attached = {c.role: _cell(cells, c) for c in layout.columns if c.owner == column.index}
            tag = column.lang or first
            if definition := attached.get("definition"):
                group.definitions.setdefault(tag, definition)
            if not text:
                continue
            status = attached.get("status", "")
            # MateCat's Forbidden flag forbids the translations, not the source term.
            if forbidden and column is not languages[0]:
                status = "forbidden"
            note = "\n".join(filter(None, [attached.get("note"), attached.get("term_note")]))
            group.terms.append(
                _term(
                    text,
                    tag,
                    status,
                    group,
                    part_of_speech=attached.get("pos") or None,
                    context=attached.get("context") or None,
                    source=attached.get("term_source") or None,
                    note=note or None,
                )
            )
        if forbidden and len(group.terms) == 1:
            group.terms[0] = replace(group.terms[0], status="forbidden")
        if note := _cell(cells, layout.find("note")):
            group.notes.setdefault(first, []).append(note)
        _concept_cells(layout, cells, group, first)
        yield group.entry()
