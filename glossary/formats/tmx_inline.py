"""TMX segment content: the plain text for matching, and the inline codes kept as TMX 1.4 XML.

A ``<seg>`` mixes translatable text with *inline codes*: ``bpt``/``ept`` (paired
formatting), ``it`` (an isolated code), ``ph`` (a placeholder) and ``ut``
(deprecated), whose content is the escaped native code (``&lt;b&gt;``, ``{\\f4 ``),
plus ``hi`` (highlighted text) and ``sub`` (a sub-flow, such as alt text, inside
a code). The plain text a translator reads is the segment without the codes'
content; the markup keeps every code so an export loses nothing.

Real files bend the rules (notes/formats.md §5.6): namespaced elements, foreign
attributes, ``<ph id=…>``, empty ``<bpt/>`` without ``i``. The markup is rebuilt
here, not copied, so what we store is always TMX 1.4 that passes the DTD:
local names only, only the attributes the DTD declares, required ones filled in,
unknown elements unwrapped to their text.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape, quoteattr

from glossary.formats.xmlsafe import local_name

# Element → the attributes TMX 1.4 declares for it, in output order.
ATTRIBUTES = {
    "bpt": ("i", "x", "type"),
    "ept": ("i",),
    "it": ("pos", "x", "type"),
    "ph": ("x", "assoc", "type"),
    "hi": ("x", "type"),
    "ut": ("x",),
    "sub": ("type", "datatype"),
}
# Codes: their content is native code, not text.
CODES = frozenset({"bpt", "ept", "it", "ph", "ut"})
# What each context may contain (the DTD's content models).
_IN_TEXT = frozenset({"bpt", "ept", "it", "ph", "hi", "ut"})
_ALLOWED = {
    "seg": _IN_TEXT,
    "hi": _IN_TEXT,
    "sub": _IN_TEXT,
    **{c: frozenset({"sub"}) for c in CODES},
}
_ASSOC = frozenset({"p", "f", "b"})


def plain_text(seg: Any) -> str:
    """The translatable text of a segment: everything except the codes' native content."""
    parts: list[str] = []
    _plain(seg, parts)
    return "".join(parts)


def _plain(element: Any, parts: list[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        if isinstance(child.tag, str) and local_name(child) not in CODES:
            _plain(child, parts)
        if child.tail:
            parts.append(child.tail)


def has_codes(seg: Any) -> bool:
    return any(isinstance(child.tag, str) for child in seg)


def markup(seg: Any) -> str:
    """The segment's content as clean TMX 1.4 inline XML (without the ``<seg>`` tags)."""
    out: list[str] = []
    counter = [0]
    _content(seg, "seg", out, counter)
    return "".join(out)


def _content(element: Any, context: str, out: list[str], counter: list[int]) -> None:
    if element.text:
        out.append(_escape(element.text))
    for child in element:
        if isinstance(child.tag, str):
            name = local_name(child)
            if name in _ALLOWED[context]:
                out.append(_open(name, child, counter))
                inner: list[str] = []
                _content(child, name, inner, counter)
                out.extend(inner)
                out.append(f"</{name}>")
            else:
                # Not allowed here (or unknown): keep its text, drop the tag.
                _content(child, context, out, counter)
        if child.tail:
            out.append(_escape(child.tail))


def _escape(text: str) -> str:
    # A carriage return as a character reference: written literally, XML would
    # read it back as a line feed.
    return escape(text).replace("\r", "&#13;")


def _open(name: str, element: Any, counter: list[int]) -> str:
    values = {k: v for k, v in element.attrib.items() if "}" not in k}
    if name in ("bpt", "ept") and not values.get("i"):
        # #REQUIRED by the DTD; Trados writes empty codes without it.
        counter[0] += 1
        values["i"] = f"auto{counter[0]}"
    if name == "it" and values.get("pos") not in ("begin", "end"):
        values["pos"] = "begin"
    if name == "ph" and values.get("assoc") not in _ASSOC:
        values.pop("assoc", None)
    attrs = "".join(
        f" {key}={quoteattr(values[key])}"
        for key in ATTRIBUTES[name]
        if values.get(key) is not None
    )
    return f"<{name}{attrs}>"
