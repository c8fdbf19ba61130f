"""Reading TBX, both dialects, into concept records.

TBX v3 (``tbx / conceptEntry / langSec / termSec``) and TBX 2008 (``martif /
termEntry / langSet / tig | ntig``) carry the same information under different
element names, so one streaming reader serves both. It matches on local names
only: real files come with the v3 namespace, without it, and even with martif
elements in the v3 namespace (weblate/fr-extended-metadata.tbx). TBX v3's DCT
style (``<min:subjectField>``) is read too: there the element's own name is the
data category.

Where each data category goes:

* subjectField → subject field; definition → definitions[language];
  context → the term's context; source → the term's source, or the concept's sources;
* administrativeStatus (and Weblate's, Phrase's and Translate Toolkit's spellings,
  see ``vocabulary``) → the term's status; partOfSpeech → part of speech;
* note → the term's note, or the concept's note in the section's language (the
  file's ``xml:lang`` above any section);
* transacGrp origination / modification dates → when the concept was made / changed;
* every other category or unknown element with text (termType, customerSubset,
  InterpretBank's ``<CommentAll>`` …) → a ``category: value`` line in the same
  note, so nothing is lost.

Who made a transaction (transacNote responsibility) is not kept: the data model
has nowhere to put people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from glossary import lang
from glossary.formats import vocabulary as vocab
from glossary.formats.citations import split_sources
from glossary.formats.errors import FormatError
from glossary.formats.termbase import Entry, Notice, ReadOptions, clean, clean_block, parse_date
from glossary.formats.xmlsafe import iterparse, local_name
from glossary.records import ConceptRecord, TermRecord

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
ROOTS = {"martif": "TBX 2008", "tbx": "TBX v3"}
ENTRIES = {"termEntry", "conceptEntry"}
SECTIONS = {"langSet", "langSec"}
TERM_SECTIONS = {"tig", "ntig", "termSec"}
# Elements whose ``type`` attribute names the data category.
TYPED = {"descrip", "admin", "termNote", "ref", "xref", "adminNote", "descripNote"}
# Inline codes: their content is native markup, not text.
CODES = {"bpt", "ept", "ph", "sc", "ec"}
# transactionType values that mean "made" (the rest mean "changed").
ORIGINATION = {"origination", "creation", "input", "import"}


def element_text(element: Any) -> str:
    """The text of an element and its inline children, without native codes."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and local_name(child) not in CODES:
            parts.append(element_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _namespace(element: Any) -> str:
    tag = element.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


@dataclass
class _Term:
    text: str
    lang: str
    status: str | None = None
    pos: str | None = None
    context: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def record(self) -> TermRecord:
        return TermRecord(
            text=self.text,
            lang=self.lang,
            status=self.status or "admitted",  # type: ignore[arg-type]
            part_of_speech=self.pos,
            context="\n".join(self.context) or None,
            source="; ".join(_unique(self.sources)) or None,
            note="\n".join(self.notes) or None,
        )


@dataclass
class _Concept:
    root_lang: str
    terms: list[_Term] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    definitions: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    notes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    sources: list[str] = field(default_factory=list)
    status: str | None = None
    created: list[datetime] = field(default_factory=list)
    changed: list[datetime] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Where:
    lang: str
    term: _Term | None = None


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


class _EntryReader:
    """Turns one termEntry / conceptEntry element into an Entry."""

    def __init__(self, root_lang: str) -> None:
        self.root_lang = root_lang

    def read(self, element: Any, label: str) -> Entry:
        c = _Concept(self.root_lang)
        where = _Where(self.root_lang)
        for child in element:
            if not isinstance(child.tag, str):
                continue
            if local_name(child) in SECTIONS:
                self._section(child, c)
            else:
                self._data(child, c, where)
        problems = tuple(c.problems)
        if not c.terms:
            return Entry(label, None, (*problems, "no terms"))
        ref = clean(element.get("id")) or None
        sources, citations = split_sources(_unique(c.sources))
        record = ConceptRecord(
            terms=tuple(t.record() for t in c.terms),
            ref=ref[:200] if ref else None,
            subject_field="; ".join(_unique(c.subjects)) or None,
            status=c.status or "draft",  # type: ignore[arg-type]
            definitions={k: "\n".join(v) for k, v in c.definitions.items() if v},
            notes={k: "\n".join(v) for k, v in c.notes.items() if v},
            sources=sources,
            citations=citations,
            created_at=min(c.created, default=None),
            changed_at=max(c.changed, default=None),
        )
        return Entry(label, record, problems)

    def _section(self, element: Any, c: _Concept) -> None:
        raw = element.get(XML_LANG) or element.get("lang") or ""
        try:
            tag = vocab.file_language(raw)
        except lang.LanguageError as exc:
            texts = [clean(element_text(t)) for t in element.iter("{*}term")]
            c.problems.append(
                f"left out {', '.join(repr(t) for t in texts if t) or 'a section'}: {exc}"
            )
            return
        where = _Where(tag)
        for child in element:
            if not isinstance(child.tag, str):
                continue
            if local_name(child) in TERM_SECTIONS:
                self._term(child, c, tag)
            else:
                self._data(child, c, where)

    def _term(self, element: Any, c: _Concept, tag: str) -> None:
        # ntig wraps term and termNotes in a termGrp; flatten it.
        flat: list[Any] = []
        for child in element:
            if not isinstance(child.tag, str):
                continue
            if local_name(child) == "termGrp":
                flat.extend(ch for ch in child if isinstance(ch.tag, str))
            else:
                flat.append(child)
        term_elements = [ch for ch in flat if local_name(ch) == "term"]
        text = clean(element_text(term_elements[0])) if term_elements else ""
        if not text:
            c.problems.append(f"left out an empty term ({tag})")
            return
        term = _Term(text, tag)
        where = _Where(tag, term)
        for child in flat:
            if local_name(child) not in ("term", "termCompList"):
                self._data(child, c, where)
        c.terms.append(term)

    # -- data categories -------------------------------------------------------

    def _data(self, element: Any, c: _Concept, where: _Where) -> None:
        name = local_name(element)
        own = element.get(XML_LANG)
        if own and where.term is None:
            # A definition or note in a language of its own (TBX allows xml:lang on both).
            try:
                where = _Where(vocab.file_language(own))
            except lang.LanguageError as exc:
                c.problems.append(f"a <{name}> in language {own!r}: {exc}; kept as {where.lang}")
        if name == "transacGrp":
            self._transaction(element, c)
            return
        if name.endswith("Grp"):
            # descripGrp, adminGrp, termNoteGrp: the first child is the category,
            # the rest are about it (a definition's source, …); all are kept.
            for child in element:
                if isinstance(child.tag, str):
                    self._data(child, c, where)
            return
        raw = element_text(element)
        value = clean(raw)
        if not value:
            return
        # Notes, definitions and contexts keep their line breaks: they are content.
        block = clean_block(raw)
        if _namespace(element) not in ("", TBX_NAMESPACE):
            self._category(name, value, element, c, where, block)  # DCT style
        elif name in TYPED:
            self._category(element.get("type") or name, value, element, c, where, block)
        elif name == "note":
            self._note(block, c, where)
        elif name not in CODES and name != "hi":
            # A tool's own element (InterpretBank's <CommentAll>): keep its text.
            self._keep(vocab.carried(name, value), c, where)

    def _category(
        self, category: str, value: str, element: Any, c: _Concept, where: _Where, block: str
    ) -> None:
        term = where.term
        key = category.replace(" ", "")
        if key == "subjectField":
            c.subjects.append(value)
        elif key == "definition":
            c.definitions[where.lang].append(block)
        elif key == "source":
            (term.sources if term is not None else c.sources).append(value)
        elif key == "elementWorkingStatus" and vocab.concept_status(value):
            c.status = vocab.concept_status(value)
        elif term is None or not _term_category(key, category, value, term, c, block):
            target = element.get("target")
            if target and target != value:
                value = f"{value} ({target})"
            self._keep(vocab.carried(category, value), c, where)

    def _note(self, value: str, c: _Concept, where: _Where) -> None:
        review = vocab.REVIEW_NOTE.match(value)
        if review and where.term is None:
            c.status = review[1]
        elif value == vocab.FORBIDDEN_NOTE and where.term is not None:
            where.term.status = "forbidden"
        else:
            self._keep(value, c, where)

    def _keep(self, line: str, c: _Concept, where: _Where) -> None:
        (where.term.notes if where.term is not None else c.notes[where.lang]).append(line)

    def _transaction(self, element: Any, c: _Concept) -> None:
        kind = date = None
        for child in element:
            if not isinstance(child.tag, str):
                continue
            name = local_name(child)
            if name == "transac" or name == "transactionType":
                kind = clean(element_text(child)).lower()
            elif name == "date":
                date = parse_date(element_text(child))
        if date is not None:
            (c.created if kind in ORIGINATION else c.changed).append(date)


def _term_category(
    key: str, category: str, value: str, term: _Term, c: _Concept, block: str
) -> bool:
    """Apply a category that describes a term; False when it is not one of those."""
    if key == "context":
        term.context.append(block)
    elif key in ("administrativeStatus", "normativeAuthorization", "status"):
        status = vocab.term_status(value)
        if status is None:
            c.problems.append(f"unknown status {value!r} of {term.text!r}: kept as a note")
            term.notes.append(vocab.carried(category, value))
        elif term.status != "forbidden":
            term.status = status
    elif key == "forbidden":  # Phrase: termNote type="forbidden"
        if vocab.truthy(value):
            term.status = "forbidden"
    elif key == "preferred":  # Phrase: termNote type="preferred"
        if vocab.truthy(value) and term.status != "forbidden":
            term.status = "preferred"
    elif key == "partOfSpeech":
        term.pos = vocab.part_of_speech(value)
    else:
        return False
    return True


def read_tbx(stream: IO[bytes], options: ReadOptions) -> Iterator[Entry | Notice]:
    """The entries of a TBX file of either dialect, streamed.

    :raises FormatError: when the document is not well-formed XML or not TBX.
    """
    depth = 0
    count = 0
    reader: _EntryReader | None = None
    body_depth = 0  # the depth of <body> while inside it
    for event, element in iterparse(stream, events=("start", "end"), limit=options.limit):
        name = local_name(element)
        if event == "start":
            depth += 1
            if depth == 1:
                reader = _EntryReader(_root_language(element, name))
            elif name == "body" and not body_depth:
                body_depth = depth
            continue
        depth -= 1
        if reader is None:
            continue
        if name in ENTRIES:
            count += 1
            ident = clean(element.get("id"))
            yield reader.read(element, f"{name} {ident}" if ident else f"{name} #{count}")
            _forget(element)
        elif body_depth and depth == body_depth:
            # A tool's own element between entries (InterpretBank's <glossary>).
            text = clean(element_text(element))
            if text:
                yield Notice(f"ignored <{name}>{text[:60]}</{name}> outside any entry")
            _forget(element)
        elif name == "body":
            body_depth = 0


def _root_language(element: Any, name: str) -> str:
    if name not in ROOTS:
        raise FormatError(
            f"the root element is <{name}>, not <martif> (TBX 2008) or <tbx> (TBX v3)"
        )
    raw = element.get(XML_LANG) or element.get("lang")
    try:
        return vocab.file_language(raw) if raw else "en"
    except lang.LanguageError:
        return "en"


def _forget(element: Any) -> None:
    """Free what has been read (the pattern lxml recommends for iterparse)."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
