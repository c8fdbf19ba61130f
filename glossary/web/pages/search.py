"""The home page: one search box for terms in either Chinese script or English.

Results come from the same search as GET /api/terms. As the reader types, the
page's script asks for ``?partial=1`` and swaps in just the results list, so
the HTML has one template whether or not JavaScript runs.
"""

from __future__ import annotations

from typing import Any

from flask import Response, render_template, request, url_for

from glossary.index import term_views
from glossary.store import concepts as concept_store
from glossary.store.terms import search_terms
from glossary.web.database import get_session
from glossary.web.indexes import term_index
from glossary.web.pages import bp
from glossary.web.pages.preferences import preferred_lang
from glossary.web.pages.render import render_page

MAX_QUERY = 500
LIMIT = 30


def find(query: str) -> tuple[str, list[dict[str, Any]]]:
    """Concepts for ``query``: containing it, or else similar to it (fuzzy).

    Each row has both Chinese scripts (the reader's first) and English, where
    the query lies in the term it matched, and its sources (for the origin mark).
    """
    reader = preferred_lang()
    languages = [reader, "zh-Hans" if reader == "zh-Hant" else "zh-Hant", "en"]
    index = term_index()
    for mode in ("contains", "fuzzy"):
        try:
            hits = search_terms(get_session(), query, mode, limit=LIMIT, index=index)
        except ValueError:  # nothing left once folded, e.g. only zero-width spaces
            return "contains", []
        if hits:
            rows = [term_views.search_hit_to_dict(h, languages, index, query) for h in hits]
            sources = concept_store.origins_of(get_session(), [r["concept_id"] for r in rows])
            for row in rows:
                row.update(sources.get(row["concept_id"], {"sources": [], "rendering_basis": None}))
            return mode, rows
    return "contains", []


@bp.get("/")
def index() -> Response:
    """Search terms; without a query, offer the subject fields to browse."""
    query = " ".join(request.args.get("q", "").split())[:MAX_QUERY]
    mode, results = find(query) if query else ("contains", [])
    languages = f"{preferred_lang()},en"
    alternate = (
        url_for("api.search", q=query, mode=mode, lang=languages)
        if query
        else url_for("api.list_concepts")
    )
    context: dict[str, Any] = {"q": query, "mode": mode, "results": results}
    if request.args.get("partial"):
        response = Response(render_template("pages/_results.html", **context), mimetype="text/html")
        response.headers["Link"] = f'<{alternate}>; rel="alternate"; type="application/json"'
        return response
    return render_page(
        "pages/search.html",
        alternate=alternate,
        subject_fields=[] if query else concept_store.subject_fields(get_session()),
        **context,
    )
