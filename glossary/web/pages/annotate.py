"""The annotate page: paste a paragraph as printed, see every policy term in it.

The hits come from the same recognition as POST /api/annotate. The text is cut
into pieces at the hits' offsets and shown with its line breaks; each term is a
focusable mark whose labelled renderings and note appear on hover, focus or a
tap (templates/pages/_marks.html), and the list beside the text repeats them
with the notes, ready to copy or to download as a job glossary. Numbers of
Chinese text (glossary.numbers) are marked the same way, with their English; a
number inside a term (32連冠) is listed but not marked twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import Response, request, url_for

from glossary.index import term_views
from glossary.numbers import annotate_numbers
from glossary.store import concepts as concept_store
from glossary.text import has_han, join_lines
from glossary.web.database import get_session
from glossary.web.indexes import term_index
from glossary.web.pages import bp
from glossary.web.pages.pieces import cut
from glossary.web.pages.preferences import preferred_lang
from glossary.web.pages.render import render_page

# A page, not a document pipeline: longer texts belong to POST /api/annotate.
MAX_TEXT = 20_000


def pieces(
    text: str, hits: list[dict[str, Any]], numbers: Sequence[dict[str, Any]] = ()
) -> list[tuple[str, dict[str, Any] | None]]:
    """``text`` cut at the hits: (plain text, None), (term text, hit) and
    (number text, {"number": number}) in order; a term wins over a number inside it."""
    spans = [(hit["start"], hit["end"], hit) for hit in hits]
    spans += [
        (n["start"], n["end"], {**n, "number": n})
        for n in numbers
        if not any(h["start"] < n["end"] and n["start"] < h["end"] for h in hits)
    ]
    return cut(text, spans)


def found_terms(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per concept, in order of first occurrence, with how often it occurs."""
    rows: dict[int, dict[str, Any]] = {}
    for hit in hits:
        row = rows.setdefault(hit["concept_id"], {"hit": hit, "count": 0, "forms": []})
        row["count"] += 1
        form = join_lines(hit["text"])
        if form not in row["forms"]:
            row["forms"].append(form)
    return list(rows.values())


@bp.route("/annotate", methods=["GET", "POST"])
def annotate() -> Response:
    """Recognise the terms of a pasted text."""
    text = request.form.get("text", "") if request.method == "POST" else ""
    error = None
    if len(text) > MAX_TEXT:
        error = f"The text is {len(text):,} characters; this page takes up to {MAX_TEXT:,}."
        text = ""
    target = "en" if has_han(text) else preferred_lang()
    hits = term_views.annotate(term_index(), text, target) if text.strip() else []
    found = found_terms(hits)
    sources = concept_store.origins_of(get_session(), [row["hit"]["concept_id"] for row in found])
    for row in found:
        row.update(sources.get(row["hit"]["concept_id"], {"sources": [], "rendering_basis": None}))
    numbers = [
        {**n.to_dict(), "display": join_lines(n.text)}
        for n in (annotate_numbers(text) if text.strip() else [])
    ]
    return render_page(
        "pages/annotate.html",
        alternate=url_for("api.annotate"),
        status=413 if error else 200,
        text=text,
        error=error,
        target=target,
        hits=hits,
        numbers=numbers,
        pieces=pieces(text, hits, numbers),
        found=found,
    )
