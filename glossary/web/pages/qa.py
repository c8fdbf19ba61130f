"""The QA page: paste a source and its translation, see every term checked.

The check is POST /api/qa's (glossary.web.qa_checks): for each term occurrence
in the source, whether the translation has an approved rendering of its own
(ok), none (missing), or a deprecated or forbidden one.
"""

from __future__ import annotations

from flask import Response, request, url_for

from glossary.evaluation.numbers import numbers_checkable
from glossary.text import has_han
from glossary.web.pages import bp
from glossary.web.pages.pieces import cut
from glossary.web.pages.preferences import preferred_lang
from glossary.web.pages.render import render_page
from glossary.web.qa_checks import check_pair, terms_for

MAX_TEXT = 20_000
# (value, source language, target language, label)
DIRECTIONS = (
    ("auto", None, None, "Chinese ⇄ English, from the text"),
    ("zh-en", "zh-Hant", "en", "Chinese → English"),
    ("en-zh", "en", "zh-Hant", "English → Chinese"),
)
VERDICT_LABELS = {
    "ok": "approved rendering used",
    "missing": "no approved rendering",
    "deprecated": "deprecated rendering used",
    "forbidden": "forbidden rendering used",
}


def _languages(direction: str, source: str) -> tuple[str, str]:
    for value, source_lang, target_lang, _ in DIRECTIONS:
        if value == direction and source_lang and target_lang:
            return source_lang, target_lang
    return ("zh-Hant", "en") if has_han(source) else ("en", preferred_lang())


@bp.route("/qa", methods=["GET", "POST"])
def qa() -> Response:
    """Check the terms of a translation."""
    form = request.form if request.method == "POST" else request.args
    source, target = form.get("source", ""), form.get("target", "")
    direction = form.get("direction", "auto")
    error = None
    if len(source) > MAX_TEXT or len(target) > MAX_TEXT:
        error = f"Each text may have up to {MAX_TEXT:,} characters on this page."
    result = None
    if source.strip() and not error:
        source_lang, target_lang = _languages(direction, source)
        numbers = (
            (source_lang, target_lang) if numbers_checkable(source_lang, target_lang) else None
        )
        result = check_pair(
            terms_for(source_lang, target_lang), source, target, plurals=True, numbers=numbers
        )
        findings = result["findings"]
        result["source_pieces"] = cut(
            source, [(f["source_start"], f["source_end"], f) for f in findings]
        )
        result["target_pieces"] = cut(
            target,
            [
                (f["target_start"], f["target_end"], f)
                for f in findings
                if f["target_start"] is not None
            ],
        )
        result["source_lang"], result["target_lang"] = source_lang, target_lang
    return render_page(
        "pages/qa.html",
        alternate=url_for("api.qa"),
        status=413 if error else 200,
        source=source,
        target=target,
        direction=direction,
        directions=DIRECTIONS,
        labels=VERDICT_LABELS,
        error=error,
        result=result,
    )
