"""The shipped term base reads cleanly and is consistent."""

import re
from collections import defaultdict
from pathlib import Path

import opencc
import pytest

from glossary import lang
from glossary.formats.citations import citation_problems
from glossary.formats.errors import FormatError
from glossary.formats.termbase_toml import read_termbase
from glossary.store.concepts import normalize_concept
from glossary.text import fold, has_han
from tests.conftest import ROOT
from tests.helpers import assert_none_failed

TERMBASE = ROOT / "tm_data" / "termbase"
SHIPPED = list(read_termbase(TERMBASE))
BY_REF = {r.ref: r for r in SHIPPED}
T2S = opencc.OpenCC("t2s")
# The issue's targets: 800 concepts, and nine in ten citing a web address.
MIN_CONCEPTS = 800
MIN_URL_SHARE = 0.90

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
    # Issue 15: terms of the seed article that were missing.
    "兩新": "two-new-initiatives",
    "兩重": "two-major-initiatives",
    "中試熟化服務平台": "pilot-scale-maturation-platform",
    "港澳服務專區": "hk-macao-service-zone",
    "併購標的庫": "ma-target-database",
    "區際法律": "interregional-law",
    "科技賦能政務": "tech-empowered-government-services",
    "會議精神解讀": "interpretation-of-meeting-guidelines",
}


def test_the_corrections_of_issue_15() -> None:
    """Hong Kong forms, the debut economy and the private-sector law as corrected."""
    forms = {(r.ref, t.lang, t.status): t.text for r in SHIPPED for t in r.terms}
    assert forms[("northern-link-spur-line", "zh-Hant-HK", "preferred")] == "北環綫支線"
    assert ("lok-ma-chau-spur-line-control-point", "zh-Hant-HK", "preferred") not in forms
    assert forms[("first-launch-economy", "en", "preferred")] == "debut economy"
    assert (
        forms[("private-economy-promotion-law", "en", "preferred")]
        == "Private Sector Promotion Law"
    )
    assert BY_REF["collaborative-inspection-joint-clearance"].citations[0].attests


# A sentence ends with . ! or ? followed by a space and a capital, digit or quote.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def test_every_shipped_concept_passes_the_store_rules() -> None:
    assert SHIPPED
    for record in SHIPPED:
        normalize_concept(record)  # raises with every broken rule


def test_ids_are_unique() -> None:
    refs = [r.ref for r in SHIPPED]
    assert len(refs) == len(set(refs))


def test_traditional_and_simplified_forms_agree() -> None:
    """Each concept has both scripts and English, the Chinese the same text once folded,
    and a note and a citation."""
    failures = []
    for record in SHIPPED:
        preferred = {t.lang: t.text for t in record.terms if t.status == "preferred"}
        if not {"zh-Hant", "zh-Hans", "en"} <= set(preferred):
            failures.append(f"{record.ref}: lacks a preferred zh-Hant, zh-Hans or en term")
        elif fold(preferred["zh-Hant"]) != fold(preferred["zh-Hans"]):
            failures.append(f"{record.ref}: {preferred['zh-Hant']} ≠ {preferred['zh-Hans']}")
        if not record.notes.get("en") or not (record.citations or record.sources):
            failures.append(f"{record.ref}: no note or no citation")
    assert_none_failed(failures, "concepts break the script rules")


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
    assert len(SHIPPED) >= MIN_CONCEPTS
    for file in sorted(TERMBASE.glob("[!_]*.toml")):
        records = list(read_termbase(file))
        assert records, file.name
        assert all(r.subject_field for r in records), file.name


def test_every_term_the_issues_name_is_present() -> None:
    failures = []
    for text, ref in ISSUE_TERMS.items():
        record = BY_REF.get(ref)
        forms = {
            fold(t.text)
            for t in (record.terms if record else ())
            if t.lang.startswith("zh") and t.status != "deprecated"
        }
        if fold(text) not in forms:
            failures.append(f"{text}: not a Chinese form of {ref}")
    assert_none_failed(failures, "concepts are missing")


def test_no_chinese_form_belongs_to_two_concepts() -> None:
    """A folded Chinese form names one concept, so a hit in a text is never ambiguous."""
    owners: dict[str, set[str]] = defaultdict(set)
    for record in SHIPPED:
        for term in record.terms:
            if term.lang.startswith("zh") and term.status != "deprecated":
                owners[fold(term.text)].add(record.ref or "")
    shared = {form: sorted(refs) for form, refs in owners.items() if len(refs) > 1}
    assert not shared


def _note_problems(record) -> list[str]:
    note = record.notes.get("en", "")
    problems = []
    if not (note[:1].isupper() and note.endswith(".")):
        problems.append(f"note is not a sentence: {note!r}")
    elif not 1 <= len(SENTENCE_END.split(note)) <= 3:
        problems.append(f"note is not one to three sentences: {note!r}")
    if not all(s.strip() for s in record.sources):
        problems.append("an empty source")
    problems += [
        f"{t.text!r} is not {t.lang}"
        for t in record.terms
        if has_han(t.text) != t.lang.startswith("zh")
    ]
    # A letter first: a TBX export writes the id as the entry's xml:id, an XML name,
    # so the id comes back unchanged when the export is imported.
    if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", record.ref or ""):
        problems.append("the id is not kebab-case starting with a letter")
    return problems


def test_notes_sources_and_scripts() -> None:
    """One to three English sentences of background, sources named, the right scripts."""
    failures = [f"{r.ref}: {p}" for r in SHIPPED for p in _note_problems(r)]
    assert_none_failed(failures, "concepts have notes, sources or ids out of shape")


def _variant_problems(record) -> list[str]:
    problems = []
    for status in ("admitted", "deprecated"):
        variants = [t for t in record.terms if t.status == status]
        hant = sorted(fold(t.text) for t in variants if t.lang == "zh-Hant")
        hans = sorted(fold(t.text) for t in variants if t.lang == "zh-Hans")
        if hant != hans:
            problems.append(f"{status} forms differ between scripts: {hant} / {hans}")
    for term in record.terms:
        if term.lang == "zh-Hans" and T2S.convert(term.text) != term.text:
            problems.append(f"{term.text!r} holds Traditional characters")
    return problems


def test_chinese_variants_come_in_both_scripts() -> None:
    """Every admitted or deprecated Traditional form has its Simplified twin, and Simplified
    forms hold no Traditional characters."""
    failures = [f"{r.ref}: {p}" for r in SHIPPED for p in _variant_problems(r)]
    assert_none_failed(failures, "concepts lack a form in one script")


def test_hong_kong_forms_differ_from_the_traditional_form() -> None:
    """A zh-Hant-HK term says how Hong Kong writes it differently; the same text is redundant."""
    failures = []
    for record in SHIPPED:
        hant = {fold(t.text): t.text for t in record.terms if t.lang == "zh-Hant"}
        exact = {t.text for t in record.terms if t.lang == "zh-Hant"}
        for term in record.terms:
            if term.lang == "zh-Hant-HK" and term.text in exact:
                failures.append(f"{record.ref}: {term.text} is also its zh-Hant form")
        if any(t.lang == "zh-Hant-HK" for t in record.terms) and not hant:
            failures.append(f"{record.ref}: a Hong Kong form without a zh-Hant one")
    assert_none_failed(failures, "concepts have redundant Hong Kong forms")


def _citation_problems(record) -> list[str]:
    problems = [
        f"citation {c.title or c.searched!r}: {p}"
        for c in record.citations
        for p in citation_problems(c)
    ]
    if not record.citations:
        problems.append("no citation")
    english = [t.text for t in record.terms if t.lang == "en" and t.status != "deprecated"]
    for c in record.citations:
        if c.quote and not any(_stems(e) <= _stems(c.quote) for e in english):
            problems.append(f"the quotation {c.quote!r} uses none of {english}")
    return problems


STOPWORDS = {"the", "of", "and", "a", "an", "in", "for", "to", "on", "with", "by", "its"}


def _stems(text: str) -> set[str]:
    """The words of an English text cut to four letters, so that a quotation matches a
    term however it inflects it (purifying, purify; houses, housing)."""
    words = re.findall(r"[a-z0-9.+&]+", text.lower().replace("-", " "))
    return {w[:4] for w in words if w not in STOPWORDS}


def test_every_citation_has_an_address_or_says_why_not() -> None:
    """Each concept is cited; a citation has a URL, or says what was searched or why not;
    a quotation uses one of the concept's English terms."""
    failures = [f"{r.ref}: {p}" for r in SHIPPED for p in _citation_problems(r)]
    assert_none_failed(failures, "concepts have citations out of shape")


def test_most_concepts_cite_an_address() -> None:
    with_url = [r for r in SHIPPED if any(c.url for c in r.citations)]
    share = len(with_url) / len(SHIPPED)
    without = sorted(r.ref or "" for r in SHIPPED if r not in with_url)
    assert share >= MIN_URL_SHARE, f"{share:.1%} cite an address; without: {without}"


def test_the_data_readme_tells_the_truth() -> None:
    """tm_data/README.md names every file with its subject field and concept count."""
    readme = (ROOT / "tm_data" / "README.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `([\w-]+\.toml)` \| ([^|]+?) \| (\d+) \|$", readme, re.MULTILINE))
    actual = set()
    for file in TERMBASE.glob("[!_]*.toml"):
        records = list(read_termbase(file))
        actual.add((file.name, records[0].subject_field, str(len(records))))
    assert rows == actual
    assert f"{len(SHIPPED)} concepts" in readme
