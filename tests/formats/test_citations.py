"""Citations: their rules, their JSON form, and their text form in TBX and table files."""

from io import BytesIO

import pytest

from glossary.formats.citations import (
    citation_from_dict,
    citation_problems,
    citation_text,
    citation_to_dict,
    parse_citation_text,
    split_sources,
)
from glossary.formats.termbase import Entry, ReadOptions, WriteOptions, termbase_format
from glossary.records import Citation, ConceptRecord, TermRecord, rendering_basis

OFFICIAL = Citation(
    title="Report on the Work of the Government 2025",
    publisher="State Council of the People's Republic of China",
    date="2025-03-05",
    url="https://english.www.gov.cn/example/report.html",
    quote="boost the debut economy",
)
NONE_FOUND = Citation(none_found=True, searched="english.gov.cn and Xinhua for 兩新 | 两新")


def test_the_rules_name_every_problem() -> None:
    assert citation_problems(OFFICIAL) == []
    assert citation_problems(NONE_FOUND) == []
    problems = citation_problems(Citation(title="A report", url="ftp://x", date="March 2025"))
    assert any("http(s)" in p for p in problems) and any("YYYY" in p for p in problems)
    assert citation_problems(Citation(title="A report")) == [
        "needs a url, or none_found with what was searched, or a note why not"
    ]
    assert citation_problems(Citation(title="A report", note="printed only")) == []
    assert "none_found needs searched" in citation_problems(Citation(none_found=True))[0]
    long = Citation(title="A report", url="https://a.example/", quote="x" * 401)
    assert "quote a fragment" in citation_problems(long)[0]


def test_json_form_keeps_only_what_is_set() -> None:
    assert citation_to_dict(NONE_FOUND) == {"none_found": True, "searched": NONE_FOUND.searched}
    assert citation_from_dict(citation_to_dict(OFFICIAL)) == OFFICIAL
    with pytest.raises(ValueError, match="unknown citation field 'page'"):
        citation_from_dict({"title": "x", "page": 3})
    with pytest.raises(ValueError, match="none_found"):
        citation_from_dict({"none_found": "yes"})


def test_text_form_reads_back_and_leaves_free_text_alone() -> None:
    for citation in (OFFICIAL, NONE_FOUND):
        assert parse_citation_text(citation_text(citation)) == citation
    assert "searched: english.gov.cn and Xinhua for 兩新 \\| 两新" in citation_text(NONE_FOUND)
    assert parse_citation_text("Government Work Report 2025, official English version") is None
    assert parse_citation_text("title: only a title") is None  # breaks the rules: free text
    plain, cited = split_sources(["A book", citation_text(OFFICIAL), citation_text(OFFICIAL)])
    assert plain == ("A book",) and cited == (OFFICIAL,)


def test_rendering_basis() -> None:
    assert rendering_basis((OFFICIAL, NONE_FOUND)) == "attested"
    assert rendering_basis((NONE_FOUND,)) == "own"
    unquoted = Citation(title="A page", url="https://a.example/", note="passage not checked")
    assert rendering_basis((unquoted,)) == "own"
    assert rendering_basis(()) == "uncited"


@pytest.mark.parametrize("name", ["tbx", "tbx2008", "csv"])
def test_exports_carry_citations_as_source_notes(name: str) -> None:
    record = ConceptRecord(
        terms=(TermRecord("首發經濟", "zh-Hant", "preferred"), TermRecord("debut economy", "en")),
        ref="debut-economy",
        sources=("A free-text source",),
        citations=(OFFICIAL, NONE_FOUND),
    )
    out = BytesIO()
    termbase_format(name).write([record], out, WriteOptions())
    text = out.getvalue().decode("utf-8-sig")
    assert "quote: boost the debut economy" in text
    if name != "csv":
        assert text.count('type="source"') == 3
    read = termbase_format(name).read(BytesIO(out.getvalue()), ReadOptions())
    (entry,) = [e for e in read if isinstance(e, Entry)]
    assert entry.record.sources == ("A free-text source",)
    assert entry.record.citations == (OFFICIAL, NONE_FOUND)
