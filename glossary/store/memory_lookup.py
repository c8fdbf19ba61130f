"""Fuzzy lookup and concordance search over translation memories.

``score`` is the fuzzy match on folded text, 0–100: what a brute-force scan of
every unit with 1 − Levenshtein / longer length would say. Folding makes a
Traditional query find Simplified units (and full-width find half-width), so
each match also says what the fold hid, as ``flags``, and ``quality`` takes a
small ``penalty`` for each: 100 stays reserved for a source identical to the
query, character for character.

Exact matches (equal folded sources) come straight from the database by
``source_hash``, so they are found even before an index has caught up; the
fuzzy index supplies the rest. A match that differs from the query only in
term-base terms or numbers comes with a repaired target (glossary.index.repair).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from glossary import lang
from glossary.index.bigram import fuzzy_score
from glossary.index.concordance import SIDES
from glossary.index.concordance import find as find_in_concordance
from glossary.index.repair import Alignment, Query, align, prepare, repair
from glossary.index.terms import TermIndex
from glossary.models import Memory, TranslationUnit
from glossary.store.errors import Invalid, NotFound
from glossary.store.memory_index import MemoryIndexes
from glossary.text import Folded, fold, fold_with_offsets
from glossary.text.fold_tables import INVISIBLE

# Below this threshold the bigram bound is weak: verify at most BUDGET candidates.
EXACT_FROM = 70.0
BUDGET = 2000
MAX_LIMIT = 50
MAX_QUERY = 2000
PENALTY = {"script": 1.0, "width": 0.5, "case": 0.5, "punctuation": 0.5, "spacing": 0.5}
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")


@dataclass(frozen=True)
class LookupQuery:
    text: str
    source_lang: str
    target_lang: str
    memories: tuple[str, ...] = ()
    threshold: float = 70.0
    limit: int = 5


def _pair_filter(source_lang: str, target_lang: str) -> Callable[[tuple[str, str]], bool]:
    """Which stored pairs serve a query: the same source language (any script), a fitting target."""
    try:
        lang.parse(source_lang)
        lang.canonical(target_lang)
    except lang.LanguageError as exc:
        raise Invalid([str(exc)]) from exc
    return lambda pair: _serves(source_lang, target_lang, *pair)


@lru_cache(maxsize=4096)
def _serves(source_lang: str, target_lang: str, stored_source: str, stored_target: str) -> bool:
    """Whether a stored pair serves a query's (cached: every lookup asks of every pair
    and of every row it reads, and a service holds few pairs)."""
    wanted_source, wanted_target = lang.parse(source_lang), lang.canonical(target_lang)
    try:
        if lang.parse(stored_source).language != wanted_source.language:
            return False
        rank = lang.match_rank(wanted_target, stored_target)
    except lang.LanguageError:
        return False
    if rank >= 2:
        return True
    # "zh" serves any Chinese; a scripted wish takes a script-less target too.
    stored_script = lang.script_of(stored_target)
    return rank == 1 and (lang.script_of(wanted_target) is None or stored_script is None)


def _memory_ids(session: Session, names: tuple[str, ...]) -> list[int]:
    if not names:
        return list(session.scalars(sa.select(Memory.id)))
    found = dict(
        session.execute(sa.select(Memory.name, Memory.id).where(Memory.name.in_(names))).all()
    )
    missing = [n for n in names if n not in found]
    if missing:
        raise NotFound(f"no translation memory named {', '.join(repr(n) for n in missing)}")
    return [found[n] for n in names]


def lookup(
    session: Session | sa.Engine,
    indexes: MemoryIndexes,
    query: LookupQuery,
    terms: TermIndex | None = None,
) -> dict[str, Any]:
    """The best matches for one segment: ``{"matches": [...], "exact": bool}``.

    The indexes find the candidates (exact matches too: an equal folded source
    scores 1.0); one query reads the stored rows, which decide. With a term
    index, a fuzzy match that differs from the query only in terms or numbers
    also carries a ``repair``: its target with those substituted.

    :param session: reads inside this session's transaction; or an engine, whose
        pool lends a connection for the one read (no session's lifecycle to pay for,
        which cost a lookup more than reading its rows).
    """
    _check(query)
    limit = max(1, min(query.limit, MAX_LIMIT))
    accepts = _pair_filter(query.source_lang, query.target_lang)
    wanted = set(_indexed_memory_ids(session, indexes, query.memories))
    # Folded once, with its offsets: the search reads the text, the flags and repairs the map.
    folded_query = fold_with_offsets(query.text)
    folded = folded_query.text
    t = query.threshold / 100

    scores: dict[int, float] = {}
    groups = {number for pair, number in indexes.pairs.items() if accepts(pair)}
    exact = True
    budget = None if query.threshold >= EXACT_FROM else BUDGET
    for memory_id, index in indexes.by_memory.items():
        if memory_id not in wanted or not groups:
            continue
        hits, complete = index.search(folded, t, limit, groups=groups, budget=budget)
        exact &= complete
        for unit_id, score in hits:
            scores[unit_id] = max(score, scores.get(unit_id, 0.0))
    best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[: limit * 2]
    units = _stored(session, [u for u, _ in best])
    found = []
    for unit_id, _ in best:
        unit = units.get(unit_id)
        # Deleted, moved or changed since the index saw it: the stored row decides.
        if unit is None or unit.memory_id not in wanted:
            continue
        if not accepts((unit.source_lang, unit.target_lang)):
            continue
        # Scored again from the stored row: the index may be a poll interval behind.
        score = 1.0 if unit.source_folded == folded else fuzzy_score(folded, unit.source_folded)
        if score >= t - 1e-9:
            found.append((score, unit))
    # The top k by score (what a brute-force scan returns), then shown by quality.
    found.sort(key=lambda hit: (-hit[0], hit[1].id))
    shown = _Shown(query.text, folded_query, _numbers(query.text, folded_query), _dates(session))
    # The query's fold against each source shown, made once for its flags and its repair.
    alignments = {
        unit.id: align(query.text, unit.source, shown.folded)
        for _, unit in found[:limit]
        if unit.source != query.text
    }
    matches = [
        _match(shown, unit, score, indexes.names.get(unit.memory_id, ""), alignments.get(unit.id))
        for score, unit in found[:limit]
    ]
    _add_repairs(matches, shown, units, alignments, terms)
    matches.sort(key=lambda m: (m["score"] < 100, -m["quality"], -m["score"], m["id"]))
    return {"matches": matches, "exact": exact}


def _check(query: LookupQuery) -> None:
    """:raises Invalid: for an empty or overlong text, or a threshold out of range."""
    if not query.text.strip():
        raise Invalid(["text: empty"])
    if len(query.text) > MAX_QUERY:
        raise Invalid([f"text: longer than {MAX_QUERY} characters"])
    if not 0 < query.threshold <= 100:
        raise Invalid(["threshold: must be above 0 and at most 100"])


def _add_repairs(
    matches: list[dict[str, Any]],
    shown: _Shown,
    units: dict[int, StoredUnit],
    alignments: dict[int, Alignment],
    terms: TermIndex | None,
) -> None:
    """Give each match its ``repair``: None, or for a fuzzy match with a term index,
    its target with the query's terms and numbers put in (the query prepared once)."""
    to_repair: Query | None = None
    for match in matches:
        match["repair"] = None
        if terms is not None and match["score"] < 100:
            to_repair = to_repair or prepare(shown.text, terms, shown.folded)
            unit_id = match["id"]
            match["repair"] = _repair(to_repair, units[unit_id], terms, alignments.get(unit_id))


def _indexed_memory_ids(
    session: Session | sa.Engine, indexes: MemoryIndexes, names: tuple[str, ...]
) -> list[int]:
    """The ids of the named memories (all when none is named), as the indexes know them;
    a name they do not know (yet) is asked of the database."""
    if not names:
        return list(indexes.names)
    known = {name: memory_id for memory_id, name in indexes.names.items()}
    if all(n in known for n in names):
        return [known[n] for n in names]
    if isinstance(session, sa.Engine):
        with Session(session) as own:
            return _memory_ids(own, names)
    return _memory_ids(session, names)


class StoredUnit(NamedTuple):
    """What a match shows of a stored unit."""

    id: int
    memory_id: int
    source: str
    target: str
    source_lang: str
    target_lang: str
    source_folded: str
    context: str | None
    note: str | None
    usage_count: int
    changed_at: Any  # as the driver gives it (a string on SQLite): ``_dates`` reads it


def _stored(session: Session | sa.Engine, ids: list[int]) -> dict[int, StoredUnit]:
    """The stored rows of these units, by id.

    Read with the driver's own cursor, on the session's connection (so inside its
    transaction) or on one the engine's pool lends: this runs in every lookup, and
    SQLAlchemy's statement execution and row processing cost several times the
    query itself (about 150 µs against 20 µs for a lookup's ten rows on SQLite).
    """
    if not ids:
        return {}
    if isinstance(session, sa.Engine):
        read, driver_error = _reader(session.dialect), session.dialect.loaded_dbapi.Error
        try:
            lent = session.raw_connection()  # back to the pool, rolled back, at close
            try:
                return _read(read, lent.cursor(), ids)
            finally:
                lent.close()
        except driver_error as exc:
            # As a session would raise it: callers tell an outage by SQLAlchemy's errors.
            raise sa.exc.DBAPIError.instance(
                read.sql(len(ids)), ids, exc, driver_error, dialect=session.dialect
            ) from exc
    connection = session.connection()
    return _read(_reader(connection.dialect), connection.connection.cursor(), ids)


def _read(read: _Reader, cursor: Any, ids: list[int]) -> dict[int, StoredUnit]:
    """The rows as the driver gives them: ``changed_at`` is read later (``_dates``), and
    only for the matches shown (about 4 µs a row, and most rows read are not shown)."""
    try:
        cursor.execute(read.sql(len(ids)), ids)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    return {row[0]: StoredUnit._make(row) for row in rows}


@dataclass(frozen=True)
class _Reader:
    """The select of StoredUnit rows in a dialect's parameter style, and its dates' reader."""

    start: str
    placeholder: str
    date: Callable[[Any], Any] | None

    def sql(self, count: int) -> str:
        return f"{self.start}({', '.join([self.placeholder] * count)})"


def _dates(session: Session | sa.Engine) -> Callable[[Any], str]:
    """What turns a stored unit's ``changed_at``, as the driver gave it, into ISO 8601 text."""
    dialect = session.dialect if isinstance(session, sa.Engine) else session.get_bind().dialect
    return _iso_dates(dialect)


@lru_cache(maxsize=4)
def _iso_dates(dialect: sa.Dialect) -> Callable[[Any], str]:
    date = _reader(dialect).date

    def iso(value: Any) -> str:
        stamp: datetime = date(value) if date is not None else value
        return stamp.isoformat()

    # Text (SQLite's) is read through a cache: parsing it costs a few µs a row, and units
    # imported or edited together share their time. A driver's datetime is not: equal
    # instants in two time zones compare equal but are written differently.
    cached = lru_cache(maxsize=4096)(iso)
    return lambda value: cached(value) if isinstance(value, str) else iso(value)


class _Shown(NamedTuple):
    """The query as every match shown compares with it, prepared once."""

    text: str
    folded: Folded
    numbers: list[str]
    date: Callable[[Any], str]  # a stored ``changed_at`` as ISO 8601 text


@lru_cache(maxsize=4)
def _reader(dialect: sa.Dialect) -> _Reader:
    table = TranslationUnit.__table__
    columns = ", ".join(table.c[name].name for name in StoredUnit._fields)
    placeholder = {"qmark": "?", "format": "%s", "pyformat": "%s"}[dialect.paramstyle]
    date = table.c.changed_at.type.dialect_impl(dialect).result_processor(dialect, None)
    return _Reader(f"SELECT {columns} FROM {table.name} WHERE id IN ", placeholder, date)


def _match(
    shown: _Shown, unit: StoredUnit, score: float, memory: str, alignment: Alignment | None
) -> dict[str, Any]:
    flags = hidden_differences(shown.text, unit.source, shown.folded, shown.numbers, alignment)
    penalty = sum(PENALTY.get(f, 0.0) for f in flags)
    value = score * 100
    return {
        "id": unit.id,
        "memory": memory,
        "source": unit.source,
        "target": unit.target,
        "source_lang": unit.source_lang,
        "target_lang": unit.target_lang,
        "score": value,
        "quality": max(0.0, value - penalty),
        "penalty": penalty,
        "flags": flags,
        "context": unit.context,
        "note": unit.note,
        "usage_count": unit.usage_count,
        "changed_at": shown.date(unit.changed_at),
    }


def _repair(
    query: Query, unit: StoredUnit, terms: TermIndex, alignment: Alignment | None
) -> dict[str, Any] | None:
    fixed = repair(query, unit.source, unit.target, unit.target_lang, terms, alignment)
    if fixed is None:
        return None
    return {
        "repaired": True,
        "target": fixed.target,
        "changes": [
            {
                "kind": c.kind,
                "source_from": c.source_from,
                "source_to": c.source_to,
                "target_from": c.target_from,
                "target_to": c.target_to,
            }
            for c in fixed.changes
        ],
    }


def hidden_differences(
    query: str,
    stored: str,
    folded_query: Folded | None = None,
    query_numbers: list[str] | None = None,
    alignment: Alignment | None = None,
) -> list[str]:
    """What differs between two texts where their folded forms agree, plus differing numbers.

    ``script`` (Traditional vs Simplified), ``width`` (full vs half width),
    ``case``, ``punctuation`` (「」 vs “”), ``spacing`` (line breaks and spaces
    the fold drops), and ``numbers`` when the numbers in the two differ.
    ``alignment``: the two compared (``repair.align``), when made already.
    """
    flags: set[str] = set()
    if query != stored:
        if alignment is None or not alignment.fits(query, stored):
            alignment = align(query, stored, folded_query)
        a, b = alignment.folded_query, alignment.folded_source
        a_starts, a_ends = a.starts.tolist(), a.ends.tolist()
        b_starts, b_ends = b.starts.tolist(), b.ends.tolist()
        for op in alignment.opcodes:
            if op.tag != "equal":
                continue
            i1, i2, j1, j2 = op.src_start, op.src_end, op.dest_start, op.dest_end
            # Most equal runs are equal in the original too: compare them whole first.
            if query[a_starts[i1] : a_ends[i2 - 1]] == stored[b_starts[j1] : b_ends[j2 - 1]]:
                continue
            for n in range(i2 - i1):
                x = query[a_starts[i1 + n] : a_ends[i1 + n]]
                y = stored[b_starts[j1 + n] : b_ends[j1 + n]]
                if x != y:
                    flags.add(_kind(x, y))
        if not flags and a.text == b.text:
            flags.add("spacing")
        numbers = query_numbers if query_numbers is not None else _numbers(query, a)
        if numbers != _numbers(stored, b):
            flags.add("numbers")
    return sorted(flags)


@lru_cache(maxsize=4096)
def _kind(x: str, y: str) -> str:
    """What tells two characters apart that fold alike (cached: a query in the other
    script differs so in nearly every character, and from the same few pairs)."""
    nx, ny = unicodedata.normalize("NFKC", x), unicodedata.normalize("NFKC", y)
    if nx == ny:
        return "width"
    if nx.casefold() == ny.casefold():
        return "case"
    if any(unicodedata.category(c).startswith("P") for c in x + y):
        return "punctuation"
    return "script"


def _numbers(text: str, folded: Folded) -> list[str]:
    """The numbers of a text as NFKC shows them, read off its fold (which every match has
    already: normalizing each whole text cost more than the rest of the flags).

    Full-width digits count as CJK for the fold's line joins, so the fold may join two
    numbers across a space or line break ("１２\n３４" folds to "1234"); such a number is
    split where the text has whitespace. A zero-width character inside a number, which
    the fold drops, does not split it.
    """
    numbers: list[str] = []
    for match in _NUMBER.finditer(folded.text):
        start, end = match.span()
        starts = folded.starts[start:end].tolist()
        clusters = folded.cluster_ends
        ends = None if clusters is None else clusters[start:end].tolist()
        piece = start
        for i in range(end - start - 1):
            gap = text[(ends[i] if ends else starts[i] + 1) : starts[i + 1]]
            if gap.strip(INVISIBLE):  # whitespace the fold joined across
                numbers.extend(_NUMBER.findall(folded.text, piece, start + i + 1))
                piece = start + i + 1
        numbers.extend(_NUMBER.findall(folded.text, piece, end))
    return numbers


def concordance(
    session: Session,
    text: str,
    *,
    memories: tuple[str, ...] = (),
    side: str = "both",
    source_lang: str | None = None,
    target_lang: str | None = None,
    limit: int = 20,
    indexes: MemoryIndexes | None = None,
) -> list[dict[str, Any]]:
    """Units whose source or target contains ``text``, in either script and any width or case.

    With ``indexes`` the bigram postings find them (glossary.index.concordance);
    without, a scan of the folded columns with LIKE. Both give the units with
    the lowest ids, at most ``limit``; the stored rows decide what is shown.
    """
    needle = fold(text)
    if not needle:
        raise Invalid(["q: empty"])
    if side not in SIDES:
        raise Invalid([f"side: {side!r} is not source, target or both"])
    limit = max(1, min(limit, 200))
    try:
        languages = [
            (column, lang.parse(tag).language)
            for column, tag in (("source", source_lang), ("target", target_lang))
            if tag
        ]
    except lang.LanguageError as exc:
        raise Invalid([str(exc)]) from exc
    if indexes is None:
        units = _scanned(session, needle, memories, side, languages, limit)
    else:
        units = _indexed(session, indexes, needle, memories, side, languages, limit)
    return [
        {
            "id": unit.id,
            "memory": name,
            "source": unit.source,
            "target": unit.target,
            "source_lang": unit.source_lang,
            "target_lang": unit.target_lang,
            "context": unit.context,
        }
        for unit, name in units
    ]


def _language_of(tag: str, base: str) -> bool:
    return tag == base or tag.startswith(base + "-")


def _indexed(
    session: Session,
    indexes: MemoryIndexes,
    needle: str,
    memories: tuple[str, ...],
    side: str,
    languages: list[tuple[str, str]],
    limit: int,
) -> list[tuple[TranslationUnit, str]]:
    ids_by_name = {name: memory_id for memory_id, name in indexes.names.items()}
    missing = [n for n in memories if n not in ids_by_name]
    if missing:
        raise NotFound(f"no translation memory named {', '.join(repr(n) for n in missing)}")
    wanted = [ids_by_name[n] for n in memories] if memories else list(indexes.names)
    groups = None
    if languages:
        groups = {
            number
            for (source, target), number in indexes.pairs.items()
            if all(_language_of(source if c == "source" else target, b) for c, b in languages)
        }
    found: list[int] = []
    for memory_id in wanted:
        index = indexes.by_memory.get(memory_id)
        if index is not None:
            found.extend(find_in_concordance(index, needle, side=side, groups=groups, limit=limit))
    found = sorted(found)[:limit]
    if not found:
        return []
    rows = session.execute(
        sa.select(TranslationUnit, Memory.name)
        .join(Memory)
        .where(TranslationUnit.id.in_(found))
        .order_by(TranslationUnit.id)
    )
    # The stored row decides: a unit changed since the index saw it is left out.
    return [
        (unit, name)
        for unit, name in rows
        if any(needle in (getattr(unit, f"{s}_folded") or "") for s in SIDES[side])
    ]


def _scanned(
    session: Session,
    needle: str,
    memories: tuple[str, ...],
    side: str,
    languages: list[tuple[str, str]],
    limit: int,
) -> list[tuple[TranslationUnit, str]]:
    pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    columns = {"source": TranslationUnit.source_folded, "target": TranslationUnit.target_folded}
    condition = sa.or_(*(columns[s].like(pattern, escape="\\") for s in SIDES[side]))
    query = sa.select(TranslationUnit, Memory.name).join(Memory).where(condition)
    if memories:
        query = query.where(TranslationUnit.memory_id.in_(_memory_ids(session, memories)))
    for column, base in languages:
        stored = TranslationUnit.source_lang if column == "source" else TranslationUnit.target_lang
        query = query.where(sa.or_(stored == base, stored.like(base + "-%")))
    rows = session.execute(query.order_by(TranslationUnit.id).limit(limit))
    return [(unit, name) for unit, name in rows]
