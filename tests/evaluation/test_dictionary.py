"""Dictionary files: entries whose source terms fold alike are one term."""

import json
from pathlib import Path

from glossary.evaluation.dictionary import read_dictionary
from glossary.evaluation.terms import find_occurrences, per_segment, score_terms


def test_traditional_and_simplified_entries_share_their_renderings(tmp_path: Path) -> None:
    path = tmp_path / "terms.json"
    path.write_text(
        json.dumps({"灣區通": ["Bay Area Connect"], "湾区通": ["GBA Connect"]}, ensure_ascii=False),
        encoding="utf-8",
    )
    terms = read_dictionary(path)
    (term,) = terms.terms
    assert set(term.approved) == {"Bay Area Connect", "GBA Connect"}
    compiled = per_segment([terms], [0])
    occurrences = find_occurrences(compiled, ["推动湾区通建设"])
    scored = score_terms(compiled, occurrences, ["Promote GBA Connect"])
    assert (scored.occurrences, scored.accuracy) == (1, 100.0)
