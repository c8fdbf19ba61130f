"""Term QA of one translation: a verdict and offsets for every source occurrence."""

from glossary.evaluation.dictionary import Term, TermList
from glossary.evaluation.qa import check_translation, source_hits
from glossary.evaluation.terms import CompiledTerms

ZH_EN = [
    Term(
        "bay-area-connect",
        ("灣區通", "湾区通"),
        ("Bay Area Connect",),
        (("Bay Area Pass", "deprecated"),),
    ),
    Term(
        "new-quality-productive-forces",
        ("新質生產力",),
        ("new quality productive forces",),
        (("new productivity", "deprecated"), ("new-type productivity", "forbidden")),
    ),
]
EN_ZH = [
    Term(
        "bay-area-connect", ("Bay Area Connect",), ("湾区通", "灣區通"), (("湾区卡", "forbidden"),)
    )
]


def _check(terms, source, target):
    hits = source_hits(CompiledTerms(TermList(tuple(terms), "t")), source)
    return check_translation(terms, hits, target)


def test_zh_to_en_verdicts_with_offsets() -> None:
    source = "灣區通、灣區通和新質生產力"
    target = "Bay Area Connect, then the Bay Area Pass, and new productivity"
    findings = _check(ZH_EN, source, target)
    assert [(source[f.hit.start : f.hit.end], f.verdict) for f in findings] == [
        ("灣區通", "ok"),
        ("灣區通", "deprecated"),
        ("新質生產力", "deprecated"),
    ]
    ok, pass_, productivity = findings
    assert target[ok.target_start : ok.target_end] == "Bay Area Connect"
    assert target[pass_.target_start : pass_.target_end] == "Bay Area Pass"
    assert productivity.rendering == "new productivity"


def test_missing_and_forbidden() -> None:
    findings = _check(ZH_EN, "新質生產力推動灣區通", "new-type productivity drives the scheme")
    assert [f.verdict for f in findings] == ["forbidden", "missing"]
    assert findings[1].rendering is None and findings[1].target_start is None


def test_en_to_zh_offsets_point_into_the_traditional_original() -> None:
    source = "Bay Area Connect and the bay area connect scheme"
    target = "「灣區\n通」與湾区卡"
    findings = _check(EN_ZH, source, target)
    assert [f.verdict for f in findings] == ["ok", "forbidden"]
    assert target[findings[0].target_start : findings[0].target_end] == "灣區\n通"
    assert target[findings[1].target_start : findings[1].target_end] == "湾区卡"
