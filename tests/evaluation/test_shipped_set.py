"""The shipped evaluation set stays consistent with the shipped term base."""

from glossary.evaluation.dictionary import load_terms
from glossary.evaluation.terms import find_occurrences, per_segment, score_terms
from tests.conftest import ROOT

EVAL = ROOT / "tm_data" / "eval"
FILES = ["policy.zh-Hant.txt", "policy.en.txt", "careful.en.txt", "careless.en.txt"]


def _lines(name: str) -> list[str]:
    return (EVAL / name).read_text(encoding="utf-8").split("\n")[:-1]


def test_files_are_aligned_and_long_enough() -> None:
    lengths = {name: len(_lines(name)) for name in FILES}
    assert len(set(lengths.values())) == 1 and lengths[FILES[0]] >= 100, lengths
    assert all(line.strip() for line in _lines(FILES[0]))


def test_the_reference_uses_an_approved_rendering_for_every_term() -> None:
    terms = load_terms(ROOT / "tm_data" / "termbase", "zh-Hant", "en")
    sources = _lines(FILES[0])
    compiled = per_segment([terms], [0] * len(sources))
    occurrences = find_occurrences(compiled, sources)
    reference = score_terms(compiled, occurrences, _lines("policy.en.txt"))
    missed = {r.key: r.missed_in for r in reference.rows if r.hits < r.occurrences}
    assert not missed, f"reference lines lacking an approved rendering: {missed}"
    assert reference.occurrences >= 30
    careless = score_terms(compiled, occurrences, _lines("careless.en.txt"))
    assert careless.wrong_used > 0 and careless.accuracy < 50
