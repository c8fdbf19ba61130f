"""Term and number QA for CAT tools: POST /api/qa.

For every term occurrence in the source (found by the live term index, as
/api/annotate finds it), the approved renderings in the target language and the
verdict on the translation: ``ok`` (it has its own approved rendering),
``missing``, or ``deprecated`` / ``forbidden`` (it uses such a rendering
instead). The rule is the evaluation's term accuracy (glossary.evaluation.terms):
each occurrence needs its own rendering, and Traditional, Simplified, case and
width do not matter.

Between Chinese and English, every number of the source is checked too
(glossary.evaluation.numbers): ``ok``, ``changed`` (3.68 billion for 3.68萬億)
or ``missing``.
"""

from __future__ import annotations

from typing import Any

from flask import Response

from glossary.evaluation.numbers import numbers_checkable
from glossary.evaluation.recognition import IndexedTerms
from glossary.web.api import bp, json_body, json_response
from glossary.web.openapi import operation
from glossary.web.qa_checks import check_pair
from glossary.web.qa_checks import terms_for as _terms
from glossary.web.qa_schemas import QaIn, QaOut

TAGS = ["qa"]


def _check(terms: IndexedTerms, source: str, target: str, body: QaIn) -> dict[str, Any]:
    numbers = body.numbers and numbers_checkable(body.source_lang, body.target_lang)
    directions = (body.source_lang, body.target_lang) if numbers else None
    return check_pair(terms, source, target, body.plurals, numbers=directions)


@bp.post("/qa")
@operation(
    "Check the terms and numbers of a translation",
    tags=TAGS,
    body=QaIn,
    response=QaOut,
    description="One finding per term occurrence in the source, in source order, with "
    "the approved renderings and where the translation has one (approved, missing, "
    "deprecated or forbidden). Each occurrence needs its own rendering. Between Chinese "
    "and English, `numbers` gives a verdict on each number of the source: `ok`, `changed` "
    "(another magnitude, value, unit or currency) or `missing`. Send `segments` (up to "
    "1000 pairs) for a batch.",
)
def qa() -> Response:
    body = json_body(QaIn)
    terms = _terms(body.source_lang, body.target_lang)
    result: dict[str, Any] = {"source_lang": body.source_lang, "target_lang": body.target_lang}
    if body.segments is None:
        assert body.source is not None and body.target is not None
        result.update(_check(terms, body.source, body.target, body))
    else:
        result["segments"] = [_check(terms, p.source, p.target, body) for p in body.segments]
    return json_response(result)
