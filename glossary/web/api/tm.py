"""Fuzzy lookup and concordance over the translation memories."""

from __future__ import annotations

from typing import Any

from flask import Response
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from glossary.index.terms import TermIndex
from glossary.store.memory_index import MemoryIndexes
from glossary.store.memory_lookup import LookupQuery, concordance, lookup
from glossary.web.api import bp, json_body, json_response, query_args
from glossary.web.database import get_session
from glossary.web.indexes import memory_indexes, term_index
from glossary.web.memory_schemas import ConcordanceOut, ConcordanceQuery, LookupIn, LookupOut
from glossary.web.openapi import operation

TAGS = ["translation memory"]


@bp.post("/tm/lookup")
@operation(
    "Fuzzy matches for one segment or a batch",
    tags=TAGS,
    body=LookupIn,
    response=LookupOut,
    description=(
        "Scores are 1 − Levenshtein / longer length on folded text (Traditional = "
        "Simplified, width and case folded), 0–100; exact matches come first. From a "
        "threshold of 70 up the matches are exactly the best a full scan would find. "
        "A match that differs from the query only in term-base terms or numbers also "
        "carries `repair`: its target with the approved renderings and numbers put in. "
        "Pass min_seq (or X-Glossary-Min-Seq) to see your own writes."
    ),
)
def tm_lookup() -> Response:
    body = json_body(LookupIn)
    return json_response(lookup_answer(body, get_session(), memory_indexes(), term_index()))


def lookup_answer(
    body: LookupIn, session: Session | Engine, indexes: MemoryIndexes, terms: TermIndex
) -> dict[str, Any]:
    """The answer to POST /api/tm/lookup (glossary.web.hot gives it too)."""
    texts = [body.text] if body.text is not None else list(body.segments or [])
    results = []
    for text in texts:
        found = lookup(
            session,
            indexes,
            LookupQuery(
                text=text,
                source_lang=body.source_lang,
                target_lang=body.target_lang,
                memories=tuple(body.memories),
                threshold=body.threshold,
                limit=body.limit,
            ),
            terms,
        )
        results.append({"text": text, **found})
    return {"results": results}


@bp.get("/tm/concordance")
@operation(
    "Units whose source or target contains a text, in either script",
    tags=TAGS,
    query=ConcordanceQuery,
    response=ConcordanceOut,
)
def tm_concordance() -> Response:
    query = query_args(ConcordanceQuery)
    items = concordance(
        get_session(),
        query.q,
        memories=(query.memory,) if query.memory else (),
        side=query.side,
        source_lang=query.source_lang,
        target_lang=query.target_lang,
        limit=query.limit,
        indexes=memory_indexes(),
    )
    return json_response({"items": items})
