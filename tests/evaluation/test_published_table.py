"""The WMT25 reproduction on a small folder whose published figures are computed here."""

import json
import re
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser

import numpy as np
import pytest
from sacrebleu.metrics import BLEU

from glossary.evaluation import significance
from glossary.evaluation.published import folder as folder_module
from glossary.evaluation.published import numbers as numbers_module
from glossary.evaluation.published.folder import FolderError
from glossary.evaluation.published.html import to_html
from glossary.evaluation.published.report import rows, to_dict
from glossary.evaluation.published.reproduce import failures, reproduce
from glossary.evaluation.published.table import Scorer
from glossary.evaluation.published.text import to_text
from tests.conftest import ROOT
from tests.evaluation import published_folder as data


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return data.write_folder(tmp_path_factory.mktemp("hkma"))


@pytest.fixture(scope="module")
def reproduction(folder):
    return reproduce(folder, ROOT / "tm_data" / "termbase", resamples=200, jobs=1)


def _result(reproduction, name):
    return next(r for r in reproduction.table.results if r.run.name == name)


def test_every_published_figure_reproduced(reproduction) -> None:
    assert failures(reproduction) == []
    expected = data.published()
    assert [r.run.name for r in reproduction.table.results] == [
        "alpha (noterm)",
        "alpha (proper)",
        "beta (noterm)",
    ]
    for result in reproduction.table.results:
        figures = expected[(result.run.system, result.run.mode)]
        assert result.overall.bleu == pytest.approx(figures["bleu4"], abs=1e-9)
        assert result.overall.chrf == pytest.approx(figures["chrf2++"], abs=1e-9)
        assert result.overall.term_success["substring"] == pytest.approx(
            figures["proper_term_success_rate"], abs=1e-12
        )


def test_each_year_is_scored_on_its_own_documents(reproduction) -> None:
    result = _result(reproduction, "alpha (proper)")
    for year in data.YEARS:
        outputs = [t.strip() for t in data.OUTPUTS[("alpha", "proper")][year]]
        bleu = BLEU().corpus_score(outputs, [data.documents(year, 1)]).score
        assert result.years[year].bleu == pytest.approx(bleu, abs=1e-9)
    # 2016: 債券通 1, 大灣區 1, 發展 0 (developed), 中國人民銀行 0 (People's), 金管局 2/1 → 1.
    assert result.years[2016].term_success["substring"] == pytest.approx(3 / 5)
    assert result.years[2016].pairs["substring"] == 5


def test_the_reference_ceiling_per_document_and_per_paragraph(reproduction) -> None:
    ceilings = reproduction.table.ceilings
    # 金管局 occurs twice in a 2016 document whose reference says HKMA once: 0.5 there;
    # per paragraph the second occurrence does not count (its paragraph lacks HKMA).
    assert (ceilings[2016].document["substring"], ceilings[2016].document_pairs) == (0.9, 5)
    assert (ceilings[2016].paragraph, ceilings[2016].paragraph_pairs) == (1.0, 5)
    assert (ceilings[2018].document["substring"], ceilings[2018].paragraph) == (1.0, 1.0)
    assert ceilings["all"].document["substring"] == pytest.approx(6.5 / 7)


def test_worker_processes_give_the_same_statistics(folder, reproduction) -> None:
    again = reproduce(folder, None, resamples=0, jobs=2)
    for one, two in zip(reproduction.table.results, again.table.results, strict=True):
        for name in ("bleu", "chrf"):
            assert np.array_equal(one.stats[name], two.stats[name])
    assert again.comparisons == [] and again.terms.termbase_origin is None


def test_paired_tests_are_sacrebleus_paired_bootstrap(reproduction) -> None:
    tests = {c.measure: c for c in reproduction.comparisons}
    assert (
        len(reproduction.comparisons) == 3
    )  # alpha and beta without terms; alpha alone given terms
    alpha, beta = (_result(reproduction, n) for n in ("alpha (noterm)", "beta (noterm)"))
    score = Scorer("chrf", "en", [["."]]).score_of
    p, _ = significance.paired_bootstrap(alpha.stats["chrf"], beta.stats["chrf"], score, 200)
    assert (tests["chrf"].first, tests["chrf"].second, tests["chrf"].p_value) == (
        "alpha",
        "beta",
        p,
    )
    assert tests["bleu"].difference == pytest.approx(beta.overall.bleu - alpha.overall.bleu)


def test_folding_against_substrings_with_the_spellings_seen(reproduction) -> None:
    folding = reproduction.folding
    # alpha given terms: 金融 資產 (a space inside) only counts when folded: 1 → 0.5;
    # People's for People’s only with punctuation as ASCII: 0 → 1.
    assert folding.changed["alpha (proper)"] == {"folded": 1, "folded_punctuation": 2}
    examples = {(e.term, e.system, e.mode): e for e in folding.examples}
    spaced = examples[("金融資產", "alpha", "proper")]
    assert spaced.reason == "the source also spells the term another way"
    assert spaced.variants == ("金融 資產",)
    assert spaced.rates == {"substring": 1.0, "folded": 0.5, "folded_punctuation": 0.5}
    apostrophe = examples[("中國人民銀行", "alpha", "proper")]
    assert apostrophe.reason == "the output writes a rendering another way"
    assert apostrophe.variants == ("People's Bank of China",)
    result = _result(reproduction, "alpha (proper)")
    assert (
        result.overall.term_success["folded_punctuation"] > result.overall.term_success["substring"]
    )


def test_terms_every_run_misses_with_the_term_base(reproduction) -> None:
    terms = reproduction.terms
    assert [r.term for r in terms.missed_by_all] == ["發展"]
    assert [r.term for r in terms.missed_given_terms] == ["中國人民銀行", "發展"]
    held = {r.term: r.termbase for r in terms.in_termbase}
    assert {"大灣區", "債券通", "中國人民銀行", "金管局"} <= set(held)
    assert "People's Bank of China" in held["中國人民銀行"]
    bay = next(r for r in terms.rows if r.term == "大灣區")
    assert (bay.years, bay.pairs) == ([2016, 2018], 2)


def test_number_accuracy_with_the_reference_as_ceiling(reproduction) -> None:
    numbers = reproduction.numbers
    # 5.8% and 3.68萬億元: 3.7 trillion is not 3.68 trillion; RMB 3,680 billion is.
    assert (numbers.numbers, numbers.kinds) == (2, {"percent": 1, "amount": 1})
    assert numbers.rates == {"alpha (noterm)": 0.0, "alpha (proper)": 0.5, "beta (noterm)": 1.0}
    assert numbers.by_kind["alpha (proper)"] == {"percent": 1.0, "amount": 0.0}
    assert numbers.reference == 1.0 and numbers.left_out == []


def test_a_document_the_number_reader_fails_on_is_left_out_for_every_run() -> None:
    value = ("value", Decimal("5.8"))
    sources = [[(value, "percent")], [(value, "percent")]]
    runs = {
        "a": [Counter([value]), numbers_module.Unread("InvalidOperation")],
        "b": [Counter(), Counter([value])],
    }
    result = numbers_module.number_accuracy(sources, runs, [Counter([value])] * 2)
    assert result.numbers == 1 and result.rates == {"a": 1.0, "b": 0.0}
    assert result.left_out == [(1, "a", "InvalidOperation")]


def test_rows_report_and_page(reproduction) -> None:
    found = rows(reproduction)
    assert [(r["system"], r["mode"]) for r in found] == [
        ("alpha", "noterm"),
        ("alpha", "proper"),
        ("beta", "noterm"),
    ]
    row = found[1]
    assert {"bleu", "chrf", "term_success", "published", "difference", "years"} <= set(row)
    assert row["within_tolerance"] is True and set(row["years"]) == {"2016", "2018"}
    assert row["number_accuracy"] == 0.5
    whole = to_dict(reproduction)
    json.dumps(whole)  # every part is JSON
    assert whole["rows"] == found and whole["failures"] == []
    assert whole["reference_ceiling"]["2016"]["paragraph_pairs"] == 5
    text = to_text(reproduction)
    assert "All 3 published rows reproduced within 0.01 / 0.01 / 0.001." in text
    assert "Number accuracy over the 2 numbers of the source documents" in text

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[str] = []

        def handle_starttag(self, tag, attrs) -> None:
            self.tags.append(tag)

    page = to_html(reproduction)
    parser = Tags()
    parser.feed(page)
    assert parser.tags.count("svg") == 2 and "script" not in parser.tags
    assert "金融 資產" in page and "Every published row reproduced" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("nothing", "no hkma.zh-en.YEAR.paragraphs.jsonl files"),
        ("short", "2 documents, the reference has 1"),
        ("order", "its source is not document 0"),
        ("year", "beta (noterm) has no output for 2018"),
        ("scores", "no published zh→en scores"),
    ],
)
def test_a_folder_that_is_not_as_expected(tmp_path, change, message) -> None:
    folder = tmp_path / "hkma"
    if change == "nothing":
        folder.mkdir()
    else:
        data.write_folder(folder, skip=(("beta", "noterm", 2018),) if change == "year" else ())
    submissions = folder / "submissions"
    if change == "short":
        (folder / "hkma.zh-en.2018.paragraphs.jsonl").write_text(
            json.dumps({"year": 2018, "doc": 0, "para": 0, "zh": "大灣區", "en": "GBA"}), "utf-8"
        )
    if change == "order":
        path = submissions / "alpha.2016.zhen.proper.jsonl"
        lines = path.read_text("utf-8").splitlines()
        path.write_text("\n".join(reversed(lines)), "utf-8")
    if change == "scores":
        (submissions / "track2_score_dict.json").write_text("{}", "utf-8")
    with pytest.raises(FolderError, match=re.escape(message)):
        folder_module.load(folder)
