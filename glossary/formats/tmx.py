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
    for _event, element in iterparse(source, tag=("{*}header", "{*}tu"), limit=limit):
        if not seen_root:
            if local_name(element.getroottree().getroot()) != "tmx":
                raise FormatError("not a TMX document: the root element is not <tmx>")
            seen_root = True
        name = local_name(element)
        if name == "header":
            header_srclang = element.get("srclang")
            continue
        if name != "tu":
            continue
        hint = wanted_source or element.get("srclang") or header_srclang
        yield from _unit(element, hint, wanted_target)
        # Free what was parsed so far: memory stays flat however long the file.
        element.clear()
        parent = element.getparent()
        if parent is not None:
            while element.getprevious() is not None:
                del parent[0]
    if not seen_root:
        raise FormatError("no <header> and no <tu>: not a TMX document")


@dataclass
class _Variant:
    tag: str
    text: str
    markup: str | None
    element: Any


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


def _unit(
    tu: Any, srclang: str | None, wanted_target: str | None
) -> Iterator[UnitRecord | Skipped]:
    line = tu.sourceline
    variants: list[_Variant] = []
    notes: list[str] = []
    props: dict[str, str] = {}
    for child in tu:
        name = _name(child)
        if name == "tuv":
            raw = child.get(XML_LANG) or child.get("lang") or _any_lang(child)
            if not raw:
                yield Skipped(child.sourceline, "a <tuv> without a language was left out")
                continue
            try:
                tag = _canonical(raw)
            except lang.LanguageError as exc:
                yield Skipped(child.sourceline, f"a <tuv> was left out: {exc}")
                continue
            seg = None
            for part in child:
                if _name(part) == "seg":
                    seg = part
                    break
            if seg is None:
                variants.append(_Variant(tag, "", None, child))
            elif len(seg):
                markup = tmx_inline.markup(seg) if tmx_inline.has_codes(seg) else None
                variants.append(_Variant(tag, tmx_inline.plain_text(seg), markup, child))
            else:
                variants.append(_Variant(tag, seg.text or "", None, child))
        elif name == "note" and (child.text or "").strip():
            notes.append(child.text.strip())
        elif name == "prop" and child.get("type"):
            key = child.get("type")
            value = child.text or ""
            props[key] = f"{props[key]}\n{value}" if key in props else value
    if not variants:
        yield Skipped(line, "a <tu> without any usable <tuv>")
        return
    source = _pick_source(variants, srclang)
    if source is None:
        yield Skipped(line, f"no variant in the source language {srclang}")
        return
    if not source.text.strip():
        yield Skipped(line, "the source segment is empty")
        return
    targets = [v for v in variants if v is not source and v.tag != source.tag]
    if wanted_target is not None:
        targets = [v for v in targets if _serves(wanted_target, v.tag)]
    if not targets:
        wanted = f" in {wanted_target}" if wanted_target else ""
        yield Skipped(line, f"no translation{wanted} (only {', '.join(v.tag for v in variants)})")
        return
    context = next((props.pop(k) for k in list(props) if k.lower() == CONTEXT_PROP), None)
    if tu.get("tuid"):
        props[TUID_PROP] = tu.get("tuid")
    for target in targets:
        if not target.text.strip():
            yield Skipped(target.element.sourceline, f"the {target.tag} segment is empty")
            continue
        yield UnitRecord(
            source=source.text,
            target=target.text,
            source_lang=source.tag,
            target_lang=target.tag,
            source_markup=source.markup,
            target_markup=target.markup,
            creator=_first_attr("creationid", tu, target.element, source.element),
            created_at=_date(_first_attr("creationdate", tu, target.element, source.element)),
            changed_at=_date(_first_attr("changedate", tu, target.element, source.element)),
            usage_count=_count(tu.get("usagecount")),
            note="\n".join(notes) or None,
            context=context,
            properties=dict(props),
        )


def _any_lang(element: Any) -> str | None:
    # Namespaced "lang" attributes other than xml:lang, as some converters write.
    return next((v for k, v in element.attrib.items() if k.rsplit("}", 1)[-1] == "lang"), None)


def _pick_source(variants: list[_Variant], srclang: str | None) -> _Variant | None:
    if not srclang or srclang.strip() == "*all*":
        return variants[0]
    try:
        wanted = _canonical(srclang)
    except lang.LanguageError:
        return variants[0]
    ranked = [(_match_rank(wanted, v.tag), i) for i, v in enumerate(variants)]
    best, index = max(ranked, key=lambda r: (r[0], -r[1]))
    return variants[index] if best > 0 else None


def _serves(wanted: str, stored: str) -> bool:
    """A stored target serves a wanted language: same language, and same script when asked."""
    rank = _match_rank(wanted, stored)
    if rank >= 2:
        return True
    return rank == 1 and _script_of(wanted) is None


def _first_attr(name: str, *elements: Any) -> str | None:
    for element in elements:
        value = element.get(name)
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
