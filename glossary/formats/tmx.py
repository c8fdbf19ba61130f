"""TMX: a streaming, lenient reader (TMX 1.1–1.4) and a strict TMX 1.4b writer.

The reader walks ``<tu>`` elements one at a time (a million-unit file never
sits in memory whole) and yields a :class:`UnitRecord` for every source/target
pair it finds, or a :class:`Skipped` saying which unit was left out and why.
It takes what real tools write (notes/formats.md §5): UTF-16 with a BOM,
``lang`` instead of ``xml:lang``, the TMX namespace, any case or separator in
language codes, ``srclang="*all*"``, units with three or more languages.

Which variant is the source: the language the caller names, else the unit's
``srclang``, else the header's, else the first ``<tuv>``. Every other variant is
a target, so a unit in three languages gives two records.

The writer emits TMX 1.4 that validates against the official DTD: all seven
required header attributes, the source variant first, ``xml:lang`` only, dates
as ``YYYYMMDDThhmmssZ``, inline codes as they were read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from glossary import lang
from glossary.formats import tmx_inline
from glossary.formats import vocabulary as vocab
from glossary.formats.errors import FormatError
from glossary.formats.xmlsafe import DEFAULT_LIMIT, iterparse, local_name
from glossary.records import UnitRecord

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# A file repeats a handful of language codes millions of times.
_canonical = lru_cache(maxsize=256)(lang.canonical)
_match_rank = lru_cache(maxsize=1024)(lang.match_rank)
_script_of = lru_cache(maxsize=256)(lang.script_of)
# A prop of this type carries the unit's context (what the string is used for).
CONTEXT_PROP = "x-context"
TUID_PROP = "tuid"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A unit (or one of its variants) left out of an import, and why."""

    line: int | None
    reason: str


def read_tmx(
    source: str | Path | IO[bytes],
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> Iterator[UnitRecord | Skipped]:
    """Stream the units of a TMX file.

    :param source_lang: the source language; overrides what the file says.
    :param target_lang: take only targets in this language (same script for Chinese).
    :raises FormatError: for a file that is not well-formed TMX.
    """
    wanted_source = lang.canonical(source_lang) if source_lang else None
    wanted_target = lang.canonical(target_lang) if target_lang else None
    header_srclang: str | None = None
    seen_root = False
    done = 0
    for _event, element in iterparse(source, tag=("{*}header", "{*}tu"), limit=limit):
        if not seen_root:
            if local_name(element.getroottree().getroot()) != "tmx":
                raise FormatError("not a TMX document: the root element is not <tmx>")
            seen_root = True
        name = _name(element)
        if name == "header":
            header_srclang = element.get("srclang")
            continue
        if name != "tu":
            continue
        attrs = dict(element.items())
        hint = wanted_source or attrs.get("srclang") or header_srclang
        yield from _unit(element, attrs, hint, wanted_target)
        # Free what was parsed so far: memory stays flat however long the file.
        element.clear()
        done += 1
        if done % 512 == 0:
            _drop_earlier_siblings(element)
    if not seen_root:
        raise FormatError("no <header> and no <tu>: not a TMX document")


def _drop_earlier_siblings(element: Any) -> None:
    """Delete the (cleared) elements before ``element``: the one being parsed is the last."""
    parent = element.getparent()
    if parent is not None and len(parent) > 1:
        del parent[:-1]


# A variant of a unit: (language tag, plain text, inline markup or None, the <tuv>,
# the <tuv>'s attributes).
_Variant = tuple[str, str, str | None, Any, dict[str, str]]

_LOCAL_NAMES: dict[str, str] = {}


def _name(element: Any) -> str:
    """The local name of an element, remembered per tag (a file repeats a few tags)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rsplit("}", 1)[-1]
        if len(_LOCAL_NAMES) < 1000:  # a hostile file may invent namespaces without end
            _LOCAL_NAMES[tag] = name
    return name


def _variant(tuv: Any) -> _Variant | Skipped:
    attrs = dict(tuv.items())
    raw = attrs.get(XML_LANG) or attrs.get("lang") or _any_lang(attrs)
    if not raw:
        return Skipped(tuv.sourceline, "a <tuv> without a language was left out")
    try:
        tag = _canonical(raw)
    except lang.LanguageError as exc:
        return Skipped(tuv.sourceline, f"a <tuv> was left out: {exc}")
    for part in tuv:
        if (_LOCAL_NAMES.get(part.tag) or _name(part)) == "seg":
            if len(part):
                markup = tmx_inline.markup(part) if tmx_inline.has_codes(part) else None
                return tag, tmx_inline.plain_text(part), markup, tuv, attrs
            return tag, part.text or "", None, tuv, attrs
    return tag, "", None, tuv, attrs


def _unit(
    tu: Any, attrs: dict[str, str], srclang: str | None, wanted_target: str | None
) -> Iterator[UnitRecord | Skipped]:
    # The hot loop of an import: a million units a minute go through here.
    variants: list[_Variant] = []
    notes: list[str] = []
    props: dict[str, str] = {}
    for child in tu:
        name = _LOCAL_NAMES.get(child.tag) or _name(child)
        if name == "tuv":
            variant = _variant(child)
            if isinstance(variant, Skipped):
                yield variant
            else:
                variants.append(variant)
        elif name == "note" and (child.text or "").strip():
            notes.append(child.text.strip())
        elif name == "prop" and child.get("type"):
            key = child.get("type")
            value = child.text or ""
            props[key] = f"{props[key]}\n{value}" if key in props else value
    if not variants:
        yield Skipped(tu.sourceline, "a <tu> without any usable <tuv>")
        return
    source_at, target_at = _roles(srclang, tuple(v[0] for v in variants), wanted_target)
    if source_at is None or not variants[source_at][1].strip() or not target_at:
        yield _why_skipped(tu, variants, source_at, srclang, wanted_target)
        return
    source = variants[source_at]
    context = None
    if props:
        context = next((props.pop(k) for k in list(props) if k.lower() == CONTEXT_PROP), None)
    tuid = attrs.get("tuid")
    if tuid:
        props[TUID_PROP] = tuid
    note = "\n".join(notes) or None
    usage_count = _count(attrs.get("usagecount"))
    for i in target_at:
        target = variants[i]
        if not target[1].strip():
            yield Skipped(target[3].sourceline, f"the {target[0]} segment is empty")
            continue
        elements = (attrs, target[4], source[4])
        yield UnitRecord(
            source[1],
            target[1],
            source[0],
            target[0],
            source[2],
            target[2],
            _first_attr("creationid", elements),
            _date(_first_attr("creationdate", elements)),
            _date(_first_attr("changedate", elements)),
            usage_count,
            note,
            context,
            dict(props),
        )


def _why_skipped(
    tu: Any,
    variants: list[_Variant],
    source_at: int | None,
    srclang: str | None,
    wanted_target: str | None,
) -> Skipped:
    """Why a unit gives no record at all: no source, an empty source, or no target."""
    if source_at is None:
        return Skipped(tu.sourceline, f"no variant in the source language {srclang}")
    if not variants[source_at][1].strip():
        return Skipped(tu.sourceline, "the source segment is empty")
    wanted = f" in {wanted_target}" if wanted_target else ""
    tags = ", ".join(v[0] for v in variants)
    return Skipped(tu.sourceline, f"no translation{wanted} (only {tags})")


@lru_cache(maxsize=1024)
def _roles(
    srclang: str | None, tags: tuple[str, ...], wanted_target: str | None
) -> tuple[int | None, tuple[int, ...]]:
    """Which variant is the source and which are targets, by their tags alone.

    A file repeats a few combinations of languages, so the answer is remembered.
    """
    source_at = _pick_source(tags, srclang)
    if source_at is None:
        return None, ()
    source_tag = tags[source_at]
    targets = tuple(
        i
        for i, tag in enumerate(tags)
        if i != source_at
        and tag != source_tag
        and (wanted_target is None or _serves(wanted_target, tag))
    )
    return source_at, targets


def _any_lang(attrs: dict[str, str]) -> str | None:
    # Namespaced "lang" attributes other than xml:lang, as some converters write.
    return next((v for k, v in attrs.items() if k.rsplit("}", 1)[-1] == "lang"), None)


def _pick_source(tags: tuple[str, ...], srclang: str | None) -> int | None:
    if not srclang or srclang.strip() == "*all*":
        return 0
    try:
        wanted = _canonical(srclang)
    except lang.LanguageError:
        return 0
    ranked = [(_match_rank(wanted, tag), i) for i, tag in enumerate(tags)]
    best, index = max(ranked, key=lambda r: (r[0], -r[1]))
    return index if best > 0 else None


def _serves(wanted: str, stored: str) -> bool:
    """A stored target serves a wanted language: same language, and same script when asked."""
    rank = _match_rank(wanted, stored)
    if rank >= 2:
        return True
    return rank == 1 and _script_of(wanted) is None


def _first_attr(name: str, attributes: tuple[dict[str, str], ...]) -> str | None:
    for attrs in attributes:
        value = attrs.get(name)
        if value:
            return value
    return None


_BASIC_DATE = re.compile(r"^(\d{8})T(\d{6})Z?$")


def _date(raw: str | None) -> datetime | None:
    """TMX dates are ``YYYYMMDDThhmmssZ``; ISO 8601 extended forms are tolerated."""
    if not raw:
        return None
    raw = raw.strip()
    m = _BASIC_DATE.match(raw)
    try:
        if m:
            value = datetime.strptime(m[1] + m[2], "%Y%m%d%H%M%S")
        else:
            value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _count(raw: str | None) -> int:
    try:
        return max(0, int(raw or 0))
    except ValueError:
        return 0


# -- writing ------------------------------------------------------------------

# Characters XML 1.0 cannot carry; they are dropped on export.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def export_tag(tag: str) -> str:
    """The ``xml:lang`` to write: the region forms CAT tools expect for Chinese.

    ``zh-Hans`` → ``zh-CN``, ``zh-Hant`` → ``zh-TW``, ``zh-Hant-TW`` → ``zh-TW``,
    ``zh-Hant-HK`` → ``zh-HK`` (as the term base's ``tags=region``); the others
    are written as stored. Plain ``zh-Hant`` reads back as ``zh-Hant-TW``: export
    with BCP 47 tags for a copy that reads back exactly.
    """
    return vocab.export_tag(tag, "region")


def tmx_date(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    # A literal carriage return would come back as a line feed (XML 1.0 §2.11
    # normalises line ends), so it is written as a character reference.
    return escape(_NOT_XML.sub("", value)).replace("\r", "&#13;")


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("", value)).replace("\r", "&#13;")


def write_tmx(
    units: Iterable[UnitRecord],
    stream: IO[bytes],
    *,
    srclang: str,
    tool: str = "glossary",
    tool_version: str = "0",
    created: datetime | None = None,
    region_tags: bool = True,
) -> int:
    """Write ``units`` as TMX 1.4 to a binary stream; returns how many were written.

    :param srclang: the header's source language, or ``*all*`` for mixed sources.
    :param region_tags: Chinese tags as CAT tools expect them (``zh-CN``, ``zh-TW``,
        see export_tag); False writes the stored BCP 47 tags (``zh-Hans``).
    """
    tag_of = export_tag if region_tags else str
    header_lang = srclang if srclang == "*all*" else tag_of(srclang)
    stamp = tmx_date(created or datetime.now(UTC))
    stream.write(
        (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
            '<tmx version="1.4">\n'
            f"<header creationtool={_attr(tool)} creationtoolversion={_attr(tool_version)}"
            f' segtype="sentence" o-tmf={_attr(tool)} adminlang="en"'
            f' srclang={_attr(header_lang)} datatype="plaintext" creationdate="{stamp}"/>\n'
            "<body>\n"
        ).encode()
    )
    count = 0
    batch: list[str] = []
    for unit in units:
        batch.append(_tu(unit, tag_of))
        count += 1
        if len(batch) >= 1000:
            stream.write("".join(batch).encode("utf-8"))
            batch.clear()
    batch.append("</body>\n</tmx>\n")
    stream.write("".join(batch).encode("utf-8"))
    return count


def _tu(unit: UnitRecord, tag_of: Callable[[str], str]) -> str:
    attrs = []
    props = dict(unit.properties)
    tuid = props.pop(TUID_PROP, None)
    if tuid:
        attrs.append(f"tuid={_attr(tuid)}")
    attrs.append(f"srclang={_attr(tag_of(unit.source_lang))}")
    if unit.creator:
        attrs.append(f"creationid={_attr(unit.creator)}")
    if unit.created_at:
        attrs.append(f'creationdate="{tmx_date(unit.created_at)}"')
    if unit.changed_at:
        attrs.append(f'changedate="{tmx_date(unit.changed_at)}"')
    if unit.usage_count:
        attrs.append(f'usagecount="{int(unit.usage_count)}"')
    parts = [f"<tu {' '.join(attrs)}>"]
    if unit.note:
        parts.append(f"<note>{_text(unit.note)}</note>")
    if unit.context:
        parts.append(f'<prop type="{CONTEXT_PROP}">{_text(unit.context)}</prop>')
    for key, value in props.items():
        parts.append(f"<prop type={_attr(str(key))}>{_text(str(value))}</prop>")
    for tag, text, markup in (
        (unit.source_lang, unit.source, unit.source_markup),
        (unit.target_lang, unit.target, unit.target_markup),
    ):
        content = markup.replace("\r", "&#13;") if markup is not None else _text(text)
        parts.append(f'<tuv xml:lang="{tag_of(tag)}"><seg>{content}</seg></tuv>')
    parts.append("</tu>\n")
    return "".join(parts)
