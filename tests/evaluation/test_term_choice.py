"""Each document or segment with its own dictionary, through the evaluate command."""

import json

import pytest
from click.testing import CliRunner

from glossary.evaluation.command import build_command, evaluate_command
from glossary.evaluation.dictionary import load_terms
from tests.conftest import ROOT

# Two "years", two documents each of two paragraphs; 債券通 is in the 2016 dictionary
# only, 大灣區 in the 2018 one only. The system renders every term in every document.
PARAGRAPHS = [
    (2016, 0, "債券通開通。", "Bond Connect opened."),
    (2016, 0, "大灣區發展。", "The Greater Bay Area grew."),
    (2016, 1, "債券通擴容。", "Bond Connect expanded."),
    (2018, 0, "大灣區規劃。", "The Greater Bay Area plan."),
    (2018, 1, "債券通與大灣區。", "Bond Connect and the Greater Bay Area."),
]
DICTIONARIES = {
    2016: {"債券通": ["Bond Connect"]},
    2018: {"大灣區": ["Greater Bay Area", "GBA"]},
}


def _files(tmp_path, records=None):
    rows = records or [{"year": y, "doc": d, "zh": zh, "en": en} for y, d, zh, en in PARAGRAPHS]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    for year, entries in DICTIONARIES.items():
        (tmp_path / f"{year}.json").write_text(json.dumps(entries, ensure_ascii=False), "utf-8")
    return corpus


def _run(tmp_path, corpus, *extra: str):
    out = tmp_path / "r.json"
    args = ["--src", f"{corpus}:zh", "--ref", f"{corpus}:en", "--hyp", f"mt={corpus}:en"]
    args += ["--bootstrap", "0", "--ar-trials", "0", "--metrics", "bleu", "--json", str(out)]
    result = CliRunner().invoke(evaluate_command, [*args, *extra], catch_exceptions=False)
    data = json.loads(out.read_text("utf-8")) if result.exit_code == 0 else None
    return result, data


def _term_counts(data):
    terms = data["systems"][0]["terms"]
    per_term = {r["term"]: r["occurrences"] for r in data["systems"][0]["per_term"]}
    return terms["occurrences"], terms["wmt25_pairs"], per_term


def test_a_field_maps_documents_to_dictionaries(tmp_path) -> None:
    corpus = _files(tmp_path)
    mapping = f"2016={tmp_path / '2016.json'},2018={tmp_path / '2018.json'}"
    result, data = _run(
        tmp_path, corpus, "--documents", "year,doc", "--terms-by", "year", "--terms", mapping
    )
    assert result.exit_code == 0, result.output
    assert data["setup"]["segments"] == 4
    assert [t["origin"] for t in data["setup"]["term_lists"]] == [
        str(tmp_path / "2016.json"),
        str(tmp_path / "2018.json"),
    ]
    # 2016: 債券通 in both documents (大灣區 is not in its dictionary);
    # 2018: 大灣區 in both documents (債券通 is not in its dictionary).
    assert _term_counts(data) == (4, 4, {"債券通": 2, "大灣區": 2})
    assert data["systems"][0]["terms"]["wmt25_success_rate"] == 1.0


def test_without_a_mapping_the_field_names_the_file(tmp_path) -> None:
    rows = [{"dict": f"{y}.json", "zh": zh, "en": en} for y, _, zh, en in PARAGRAPHS]
    corpus = _files(tmp_path, rows)
    result, data = _run(tmp_path, corpus, "--terms-by", "dict")
    assert result.exit_code == 0, result.output
    # Segments, not documents: each paragraph checked with its year's dictionary.
    assert _term_counts(data) == (4, 4, {"債券通": 2, "大灣區": 2})


def test_inline_dictionaries_per_segment_and_their_union_per_document(tmp_path) -> None:
    rows = [
        {
            "doc": 0,
            "zh": "債券通與大灣區。",
            "en": "Bond Connect and the GBA.",
            "terms": {"債券通": ["Bond Connect"]},
        },
        {
            "doc": 0,
            "zh": "大灣區。",
            "en": "Greater Bay Area.",
            "terms": {"大灣區": "Greater Bay Area"},
        },
        {"doc": 1, "zh": "債券通與大灣區。", "en": "Bond Connect, Greater Bay Area.", "terms": {}},
    ]
    corpus = _files(tmp_path, rows)
    result, data = _run(tmp_path, corpus, "--terms-by", "terms")
    assert result.exit_code == 0, result.output
    # Segment 1 checks 債券通 only, segment 2 大灣區, segment 3 nothing.
    assert _term_counts(data) == (2, 2, {"債券通": 1, "大灣區": 1})
    result, data = _run(tmp_path, corpus, "--terms-by", "terms", "--documents", "doc")
    assert result.exit_code == 0, result.output
    # Document 0 checks both terms: 大灣區 twice (GBA is not a listed rendering).
    assert _term_counts(data) == (3, 2, {"債券通": 1, "大灣區": 2})
    assert data["systems"][0]["terms"]["hits"] == 2


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--terms-by", "year", "--terms", "2016={d}/2016.json"], "no dictionary for year=2018"),
        (["--terms-by", "year", "--terms", "{d}/2016.json"], "give --terms as VALUE=FILE"),
        (["--terms-by", "month", "--terms", "1={d}/2016.json"], "no field 'month'"),
        (["--terms-by", "year"], "no such file or folder"),
        (["--terms-by", "doc", "--documents", "year"], "name different dictionaries"),
        (
            ["--terms-by", "year", "--terms", "2016={d}/2016.json,2016={d}/2018.json"],
            "two dictionaries for '2016'",
        ),
    ],
)
def test_wrong_choices_are_refused_with_a_clear_message(tmp_path, extra, message) -> None:
    corpus = _files(tmp_path)
    result, _ = _run(tmp_path, corpus, *[e.format(d=tmp_path) for e in extra])
    assert result.exit_code in (1, 2)
    assert message in result.output


def test_a_field_that_names_nothing(tmp_path) -> None:
    rows = [{"year": True, "zh": "債券通", "en": "Bond Connect"}]
    corpus = _files(tmp_path, rows)
    result, _ = _run(tmp_path, corpus, "--terms-by", "year")
    assert result.exit_code == 2
    assert "'year' must name a dictionary (a string or number) or hold one" in result.output


def test_the_database_term_base_does_not_mix_with_chosen_dictionaries(tmp_path) -> None:
    def termbase(source: str, target: str):
        return load_terms(ROOT / "tm_data" / "termbase", source, target)

    corpus = _files(tmp_path)
    args = ["--src", f"{corpus}:zh", "--ref", f"{corpus}:en", "--hyp", f"{corpus}:en"]
    args += ["--terms-by", "year", "--termbase", "--terms", f"2016={tmp_path / '2016.json'}"]
    result = CliRunner().invoke(build_command(termbase), args, catch_exceptions=False)
    assert result.exit_code == 2
    assert "--terms-by chooses dictionaries: leave --termbase out" in result.output
