"""The memory page: fuzzy lookup and concordance over the translation memories.

Lookup uses the same search as POST /api/tm/lookup, concordance the same as
GET /api/tm/concordance. The page adds what a translator needs to judge a
match at a glance: where the stored source differs from the segment (compared
folded, so a script or width difference alone is not marked as a change) and
where a concordance hit occurs.
"""

from __future__ import annotations

from typing import Any

from flask import Response, request, url_for
from rapidfuzz.distance import Levenshtein

from glossary.store.errors import Invalid, NotFound
from glossary.store.memories import list_memories
from glossary.store.memory_lookup import LookupQuery, concordance, lookup
from glossary.text import fold, fold_with_offsets, has_han
from glossary.web.database import get_session
from glossary.web.indexes import memory_indexes, term_index
from glossary.web.pages import bp
from glossary.web.pages.pieces import cut
from glossary.web.pages.preferences import preferred_lang
from glossary.web.pages.render import render_page

Piece = tuple[str, bool]  # (text, marked)
MAX_TEXT = 2000
THRESHOLDS = (50, 60, 70, 80, 90, 100)


def _marks(text: str, spans: list[tuple[int, int]]) -> list[Piece]:
    """``text`` cut into (text, marked) pieces; ``spans`` are sorted, non-overlapping."""
    return [
        (piece, item is not None) for piece, item in cut(text, ((s, e, True) for s, e in spans))
    ]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def differences(query: str, stored: str) -> list[Piece]:
    """``stored`` with the characters marked that an edit of ``query`` would change."""
    a, b = fold_with_offsets(query), fold_with_offsets(stored)
    spans = [
        (int(b.starts[op.dest_start]), int(b.ends[op.dest_end - 1]))
        for op in Levenshtein.opcodes(a.text, b.text)
        if op.tag in ("replace", "insert") and op.dest_end > op.dest_start
    ]
    return _marks(stored, _merge(spans))


def occurrences(needle: str, text: str) -> list[Piece]:
    """``text`` with every occurrence of ``needle`` marked, compared folded."""
    key = fold(needle)
    folded = fold_with_offsets(text)
    spans = []
    start = folded.text.find(key) if key else -1
    while start >= 0:
        spans.append(folded.span(start, start + len(key)))
        start = folded.text.find(key, start + len(key))
    return _marks(text, spans)


def _lookup(text: str, memory: str | None, threshold: int) -> dict[str, Any]:
    chinese = has_han(text)
    query = LookupQuery(
        text=text,
        source_lang="zh" if chinese else "en",
        target_lang="en" if chinese else preferred_lang(),
        memories=(memory,) if memory else (),
        threshold=float(threshold),
        limit=10,
    )
    found = lookup(get_session(), memory_indexes(), query, term_index())
    for match in found["matches"]:
        match["source_pieces"] = differences(text, match["source"])
    return found


def _concordance(text: str, memory: str | None) -> list[dict[str, Any]]:
    items = concordance(
        get_session(),
        text,
        memories=(memory,) if memory else (),
        limit=50,
        indexes=memory_indexes(),
    )
    for item in items:
        item["source_pieces"] = occurrences(text, item["source"])
        item["target_pieces"] = occurrences(text, item["target"])
    return items


@bp.get("/memory")
def memory() -> Response:
    """Fuzzy lookup (``mode=lookup``) or concordance (``mode=concordance``)."""
    mode = request.args.get("mode", "lookup")
    if mode not in ("lookup", "concordance"):
        mode = "lookup"
    text = request.args.get("q", "").strip()[:MAX_TEXT]
    memory_name = request.args.get("memory") or None
    threshold = request.args.get("threshold", 70, type=int)
    threshold = threshold if threshold in THRESHOLDS else 70
    context: dict[str, Any] = {"matches": None, "exact": True, "items": None, "error": None}
    status = 200
    if text:
        try:
            if mode == "lookup":
                found = _lookup(text, memory_name, threshold)
                context["matches"], context["exact"] = found["matches"], found["exact"]
            else:
                context["items"] = _concordance(text, memory_name)
        except (Invalid, NotFound) as exc:
            context["error"], status = str(exc), 422 if isinstance(exc, Invalid) else 404
    alternate = (
        url_for("api.tm_concordance", q=text, memory=memory_name)
        if mode == "concordance" and text
        else url_for("api.list_memories")
    )
    return render_page(
        "pages/memory.html",
        alternate=alternate,
        status=status,
        mode=mode,
        q=text,
        memory=memory_name,
        threshold=threshold,
        thresholds=THRESHOLDS,
        memories=[(m.name, count) for m, count in list_memories(get_session())],
        **context,
    )
