"""Term search and recognition: GET /api/terms, POST /api/annotate.

Both read the worker's live term index (glossary.web.indexes), which follows
the change log; pass ``min_seq`` (or X-Glossary-Min-Seq) to be sure it holds
your own last write.
"""

from __future__ import annotations

from typing import Any

from flask import Response

from glossary.index import term_views
from glossary.index.terms import SearchHit, TermIndex
from glossary.numbers import annotate_numbers
from glossary.store.terms import search_terms
from glossary.text import fold
from glossary.web.api import bp, json_body, json_response, query_args
from glossary.web.errors import invalid
from glossary.web.indexes import term_index
from glossary.web.openapi import operation
from glossary.web.term_schemas import AnnotateIn, AnnotateOut, TermQuery, TermResults

TAGS = ["terms"]


@bp.get("/terms")
@operation(
    "Look a term up, in either Chinese script or in English",
    tags=TAGS,
    query=TermQuery,
    response=TermResults,
    description="Traditional and Simplified find the same concept; English finds Chinese. "
    "Each result shows the concept's terms in every language of `lang`, converted with "
    "OpenCC (and marked so) when no stored form has the script asked for.",
)
def search() -> Response:
    query = query_args(TermQuery)
    index = term_index()
    try:
        hits = search_terms(None, query.q, query.mode, limit=query.limit, index=index)
    except ValueError as exc:
        raise invalid([f"q: {exc}"]) from exc
    return json_response(search_answer(query, index, hits))


def search_answer(query: TermQuery, index: TermIndex, hits: list[SearchHit]) -> dict[str, Any]:
    """The answer to GET /api/terms (glossary.web.hot gives it too)."""
    return {
        "query": query.q,
        "folded": fold(query.q),
        "mode": query.mode,
        "items": [term_views.search_hit_to_dict(h, query.languages, index, query.q) for h in hits],
    }


@bp.post("/annotate")
@operation(
    "Find every term in a text, or in each of a batch of segments",
    tags=TAGS,
    body=AnnotateIn,
    response=AnnotateOut,
    description="Hits are leftmost-longest and never overlap; `start` and `end` count code "
    "points of the text as sent, line breaks included. `numbers` lists the numeric "
    "expressions of Chinese text (3.68萬億元, 百分之五點八, 兩位數增長 …) with their exact "
    "value, kind and rendering in official English.",
)
def annotate() -> Response:
    return json_response(annotate_answer(json_body(AnnotateIn), term_index()))


def annotate_answer(body: AnnotateIn, index: TermIndex) -> dict[str, Any]:
    """The answer to POST /api/annotate (glossary.web.hot gives it too)."""
    sample = body.text if body.text is not None else "".join(body.segments or [])
    target = (
        term_views.display_tag(body.target)
        if body.target
        else term_views.default_target(body.lang, sample)
    )
    result: dict[str, Any] = {"lang": body.lang, "target": target}
    if body.text is not None:
        result["hits"] = term_views.annotate(index, body.text, target, body.lang)
        if body.numbers:
            result["numbers"] = _numbers(body.text, body.lang)
    else:
        result["segments"] = [
            {
                "hits": term_views.annotate(index, segment, target, body.lang),
                **({"numbers": _numbers(segment, body.lang)} if body.numbers else {}),
            }
            for segment in body.segments or []
        ]
    return result


def _numbers(text: str, text_lang: str | None) -> list[dict[str, Any]]:
    return [n.to_dict() for n in annotate_numbers(text, text_lang)]
