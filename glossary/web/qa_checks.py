"""Term QA of one translation, shared by POST /api/qa and the QA page.

For every term occurrence in the source (found by the live term index, as
/api/annotate finds it): the approved renderings in the target language and
the verdict (glossary.evaluation.qa).
"""

from __future__ import annotations

import weakref
from collections import Counter
from typing import Any

from glossary import lang
from glossary.evaluation.numbers import qa_numbers
from glossary.evaluation.qa import Verdict, check_translation, finding_to_dict
from glossary.evaluation.recognition import IndexedTerms
from glossary.index.terms import TermIndex
from glossary.web.indexes import term_index

VERDICTS: tuple[Verdict, ...] = ("ok", "missing", "deprecated", "forbidden")

# The term list of one index and direction, made once: indexes never change.
_directions: weakref.WeakKeyDictionary[TermIndex, dict[tuple[str, str], IndexedTerms]] = (
    weakref.WeakKeyDictionary()
)


def terms_for(source_lang: str, target_lang: str) -> IndexedTerms:
    """The term list of the live index for one direction, made once per index."""
    index = term_index()
    key = (lang.base_language(source_lang), lang.base_language(target_lang))
    by_direction = _directions.setdefault(index, {})
    if key not in by_direction:
        by_direction[key] = IndexedTerms(index, source_lang, target_lang, "term base")
    return by_direction[key]


def check_pair(
    terms: IndexedTerms,
    source: str,
    target: str,
    plurals: bool,
    *,
    numbers: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """Findings for one source and its translation, with counts per verdict; with
    ``numbers`` (the source and target languages), the numbers checked too."""
    findings = check_translation(terms.term_list.terms, terms.hits(source), target, plurals=plurals)
    counts = Counter(f.verdict for f in findings)
    by_verdict: dict[str, int] = {v: counts[v] for v in VERDICTS}
    result = {
        "findings": [
            {**finding_to_dict(f, source, target), "concept_id": terms.concept_ids[f.hit.term]}
            for f in findings
        ],
        "summary": {"occurrences": len(findings), **by_verdict},
    }
    if numbers is not None:
        result["numbers"], result["number_summary"] = qa_numbers(source, target, *numbers)
    return result
