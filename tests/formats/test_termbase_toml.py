"""The shipped term base reads cleanly and is consistent."""

import re
from collections import defaultdict
from pathlib import Path

import opencc
import pytest

from glossary import lang
from glossary.formats.errors import FormatError
from glossary.formats.termbase_toml import read_termbase
from glossary.store.concepts import normalize_concept
from glossary.text import fold, has_han
from tests.conftest import ROOT

TERMBASE = ROOT / "tm_data" / "termbase"
SHIPPED = list(read_termbase(TERMBASE))
BY_REF = {r.ref: r for r in SHIPPED}
T2S = opencc.OpenCC("t2s")

# The terms that issue 3 names, as the seed article prints them, and their concepts.
ISSUE_TERMS = {
    "灣區通": "bay-area-connect",
    "硬聯通": "hard-connectivity",
    "軟聯通": "soft-connectivity",
    "雙第一": "double-first",
    "規上工業": "industry-above-designated-size",
    "32連冠": "top-exporter-32-years",
    "新質生產力": "new-quality-productive-forces",
    "人工智能+": "ai-plus",
    "四個先鋒城市": "four-pioneer-cities",
    "前海深港現代服務業合作區": "qianhai-cooperation-zone",
    "河套深港科技創新合作區": "hetao-cooperation-zone",
    "跨境理財通": "cross-boundary-wealth-management-connect",
    "一點兩地": "one-point-two-places",
    "首台首套": "first-unit-first-set",
}

# A sentence ends with . ! or ? followed by a space and a capital, digit or quote.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def test_every_shipped_concept_passes_the_store_rules() -> None:
    assert SHIPPED
    for record in SHIPPED:
        normalize_concept(record)  # raises with every broken rule


def test_ids_are_unique() -> None:
    refs = [r.ref for r in SHIPPED]
    assert len(refs) == len(set(refs))


@pytest.mark.parametrize("record", SHIPPED, ids=lambda r: r.ref)
def test_traditional_and_simplified_forms_agree(record) -> None:
    """Each concept has both scripts, and they are the same text once folded."""
    preferred = {t.lang: t.text for t in record.terms if t.status == "preferred"}
    assert "zh-Hant" in preferred and "zh-Hans" in preferred and "en" in preferred
    assert fold(preferred["zh-Hant"]) == fold(preferred["zh-Hans"])
    assert record.notes.get("en") and record.sources


def test_reader_reports_file_and_concept(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[concept]]\nid = "x"\nen = ["two", "preferred"]\n', encoding="utf-8")
    with pytest.raises(FormatError, match="bad.toml: concept 'x'"):
        list(read_termbase(bad))
    broken = tmp_path / "broken.toml"
    broken.write_text("[[concept]\n", encoding="utf-8")
    with pytest.raises(FormatError, match="broken.toml"):
        list(read_termbase(broken))


def test_status_suffixes_and_region_tags(tmp_path: Path) -> None:
    file = tmp_path / "t.toml"
    file.write_text(
        '[[concept]]\nid = "a"\nzh-Hant-HK = "綫"\nen = "line"\nen-deprecated = ["wire"]\n',
        encoding="utf-8",
    )
    (record,) = read_termbase(file)
    assert [(t.lang, t.text, t.status) for t in record.terms] == [
        ("zh-Hant-HK", "綫", "preferred"),
        ("en", "line", "preferred"),
        ("en", "wire", "deprecated"),
    ]
    assert lang.script_of(record.terms[0].lang) == "Hant"


def test_the_term_base_is_large_enough_and_every_file_names_its_field() -> None:
    assert len(SHIPPED) >= 250
    for file in sorted(TERMBASE.glob("*.toml")):
        records = list(read_termbase(file))
        assert records, file.name
        assert all(r.subject_field for r in records), file.name


@pytest.mark.parametrize(("text", "ref"), ISSUE_TERMS.items())
def test_every_term_the_issue_names_is_present(text: str, ref: str) -> None:
    terms = BY_REF[ref].terms
    forms = {fold(t.text) for t in terms if t.lang.startswith("zh") and t.status != "deprecated"}
    assert fold(text) in forms


def test_no_chinese_form_belongs_to_two_concepts() -> None:
    """A folded Chinese form names one concept, so a hit in a text is never ambiguous."""
    owners: dict[str, set[str]] = defaultdict(set)
    for record in SHIPPED:
        for term in record.terms:
            if term.lang.startswith("zh") and term.status != "deprecated":
                owners[fold(term.text)].add(record.ref or "")
    shared = {form: sorted(refs) for form, refs in owners.items() if len(refs) > 1}
    assert not shared


@pytest.mark.parametrize("record", SHIPPED, ids=lambda r: r.ref)
def test_notes_sources_and_scripts(record) -> None:
    """One to three English sentences of background, a named source, the right scripts."""
    note = record.notes["en"]
    assert note[0].isupper() and note.endswith("."), note
    assert 1 <= len(SENTENCE_END.split(note)) <= 3, note
    assert all(s.strip() for s in record.sources)
    for term in record.terms:
        assert has_han(term.text) == term.lang.startswith("zh"), term
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", record.ref or "")


@pytest.mark.parametrize("record", SHIPPED, ids=lambda r: r.ref)
def test_chinese_variants_come_in_both_scripts(record) -> None:
    """Every admitted or deprecated Traditional form has its Simplified twin, and Simplified
    forms hold no Traditional characters."""
    for status in ("admitted", "deprecated"):
        variants = [t for t in record.terms if t.status == status]
        hant = sorted(fold(t.text) for t in variants if t.lang == "zh-Hant")
        hans = sorted(fold(t.text) for t in variants if t.lang == "zh-Hans")
        assert hant == hans, status
    for term in record.terms:
        if term.lang == "zh-Hans":
            assert T2S.convert(term.text) == term.text, term.text


def test_the_data_readme_tells_the_truth() -> None:
    """tm_data/README.md names every file with its subject field and concept count."""
    readme = (ROOT / "tm_data" / "README.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `([\w-]+\.toml)` \| ([^|]+?) \| (\d+) \|$", readme, re.MULTILINE))
    actual = set()
    for file in TERMBASE.glob("*.toml"):
        records = list(read_termbase(file))
        actual.add((file.name, records[0].subject_field, str(len(records))))
    assert rows == actual
    assert f"{len(SHIPPED)} concepts" in readme
