"""Reading segments: plain text, TSV and JSONL with a field, lists of files, documents."""

import json

import pytest

from glossary.evaluation.inputs import parse_spec, read_segments
from glossary.formats.errors import FormatError


def _write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_plain_text_keeps_empty_lines_and_ignores_the_final_newline(tmp_path) -> None:
    _write(tmp_path / "a.en", "\ufeffone\r\n\ntwo  \n")
    assert read_segments(parse_spec(str(tmp_path / "a.en"))).texts == ["one", "", "two"]


def test_tsv_by_header_name_or_column_number(tmp_path) -> None:
    _write(tmp_path / "a.tsv", "zh\ten\n灣區通\tBay Area Connect\n硬聯通\thard connectivity\n")
    assert read_segments(parse_spec(f"{tmp_path / 'a.tsv'}:en")).texts == [
        "Bay Area Connect",
        "hard connectivity",
    ]
    assert read_segments(parse_spec(f"{tmp_path / 'a.tsv'}:1")).texts == ["zh", "灣區通", "硬聯通"]


def test_jsonl_field_several_files_and_a_system_name(tmp_path) -> None:
    for year in (2020, 2024):
        lines = [json.dumps({"en": f"{year} {i}"}) for i in range(2)]
        _write(tmp_path / f"out.{year}.jsonl", "\n".join(lines) + "\n")
    spec = parse_spec("mt=out.*.jsonl:en".replace("out", str(tmp_path / "out")), named=True)
    segments = read_segments(spec)
    assert spec.label == "mt"
    assert segments.texts == ["2020 0", "2020 1", "2024 0", "2024 1"]
    assert segments.parts == [0, 0, 1, 1]


def test_documents_join_consecutive_records(tmp_path) -> None:
    records = [
        {"doc": 0, "para": 0, "en": "a"},
        {"doc": 0, "para": 2, "en": "b"},
        {"doc": 1, "para": 0, "en": "c"},
    ]
    path = _write(tmp_path / "p.jsonl", "\n".join(json.dumps(r) for r in records))
    assert read_segments(parse_spec(f"{path}:en"), ("doc",)).texts == ["a\nb", "c"]


@pytest.mark.parametrize(
    ("name", "content", "spec_suffix", "message"),
    [
        ("a.jsonl", '{"zh": "x"}\n', ":en", "a.jsonl:1: no field 'en' (it has zh)"),
        ("a.jsonl", '{"en": 3}\n', ":en", "'en' is not a string"),
        ("a.jsonl", "{oops\n", ":en", "a.jsonl:1: not JSON"),
        ("a.jsonl", '{"en": "x"}\n', "", "name the field to read"),
        ("a.txt", "x\n", ":en", "a plain text file has no field 'en'"),
        ("a.tsv", "zh\ten\nx\n", ":en", "a.tsv:2: 1 columns; 'en' is column 2"),
        ("a.tsv", "zh\n", ":en", "no column 'en' in the header (zh)"),
        ("a.txt", "", "", "no segments"),
    ],
)
def test_bad_input_gets_a_clear_error(tmp_path, name, content, spec_suffix, message) -> None:
    path = _write(tmp_path / name, content)
    with pytest.raises(FormatError) as caught:
        read_segments(parse_spec(f"{path}{spec_suffix}"))
    assert message in str(caught.value)


def test_not_utf8_and_missing_files(tmp_path) -> None:
    path = _write(tmp_path / "big5.txt", "灣區通\n", encoding="big5")
    with pytest.raises(FormatError, match="not UTF-8"):
        read_segments(parse_spec(str(path)))
    with pytest.raises(FormatError, match="no such file"):
        parse_spec(str(tmp_path / "missing.txt"))
    with pytest.raises(FormatError, match="no file matches"):
        parse_spec(str(tmp_path / "*.jsonl") + ":en")


def test_a_field_value_per_record_of_each_segment(tmp_path) -> None:
    records = [
        {"doc": 0, "year": 2016, "en": "a"},
        {"doc": 0, "year": 2016, "en": "b"},
        {"doc": 1, "year": 2018, "en": "c"},
    ]
    path = _write(tmp_path / "p.jsonl", "\n".join(json.dumps(r) for r in records))
    segments = read_segments(parse_spec(f"{path}:en"), ("doc",), "year")
    assert [[(v.value, v.line) for v in values] for values in segments.values] == [
        [(2016, 1), (2016, 2)],
        [(2018, 3)],
    ]
    assert read_segments(parse_spec(f"{path}:en")).values is None
    with pytest.raises(FormatError, match="p.jsonl:1: no field 'month'"):
        read_segments(parse_spec(f"{path}:en"), (), "month")
    plain = _write(tmp_path / "a.txt", "x\n")
    with pytest.raises(FormatError, match="a plain text file has no field 'year'"):
        read_segments(parse_spec(str(plain)), (), "year")
