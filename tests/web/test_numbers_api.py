"""Numbers through the real app and command line: /api/annotate, /api/qa, glossary annotate/qa."""

from __future__ import annotations

import json
from decimal import Decimal

from click.testing import CliRunner

from glossary.numbers import find_numbers
from glossary.web.cli import main
from glossary.web.number_schemas import NumberOccurrence
from glossary.web.term_schemas import AnnotateOut
from tests.helpers import assert_problem

TEXT = "2024年，深圳地區生產總值達3.68萬\n億元，增長5.8%；新增就業20萬人，新能源汽車30萬輛以上。"
RIGHT = (
    "In 2024 Shenzhen's gross regional product reached 3.68 trillion yuan, up 5.8 percent; "
    "200,000 new jobs were created and more than 300,000 new energy vehicles put on the road."
)
WRONG = RIGHT.replace("3.68 trillion", "3.68 billion")


def test_annotate_returns_numbers_beside_hits(client) -> None:
    body = client.post("/api/annotate", json={"text": TEXT}).get_json()
    AnnotateOut.model_validate(body)
    numbers = body["numbers"]
    assert [(n["value"], n["kind"], n["english"]) for n in numbers] == [
        ("2024", "year", "2024"),
        ("3680000000000", "amount", "3.68 trillion yuan"),
        ("5.8", "percent", "5.8 percent"),
        ("200000", "count", "200,000 people"),
        ("300000", "count", "more than 300,000 vehicles"),
    ]
    for n in numbers:
        assert TEXT[n["start"] : n["end"]] == n["text"]
    assert numbers[1]["text"] == "3.68萬\n億元"
    assert numbers[1]["alternatives"] == ["RMB 3.68 trillion", "3.68 trillion renminbi"]
    assert numbers[4]["qualifier"] == "more than"


def test_the_schema_names_every_field_of_a_number() -> None:
    (number,) = find_numbers("增長5.8%")
    assert set(NumberOccurrence.model_fields) == set(number.to_dict())


def test_annotate_a_batch_has_numbers_per_segment(client) -> None:
    segments = ["增長百分之五點八", "GDP grew 5.8%", "兩位數增長", "没有数字"]
    body = client.post("/api/annotate", json={"segments": segments}).get_json()
    AnnotateOut.model_validate(body)
    found = [[(n["value"], n["english"]) for n in s["numbers"]] for s in body["segments"]]
    assert found == [[("5.8", "5.8 percent")], [], [(None, "double-digit growth")], []]
    assert body["segments"][2]["numbers"][0]["low"] == "10"


def test_annotate_numbers_can_be_left_out(client) -> None:
    body = client.post("/api/annotate", json={"text": TEXT, "numbers": False}).get_json()
    assert "numbers" not in body and "hits" in body
    body = client.post("/api/annotate", json={"segments": [TEXT], "numbers": False}).get_json()
    assert "numbers" not in body["segments"][0]


def test_annotate_english_text_has_no_numbers(client) -> None:
    body = client.post("/api/annotate", json={"text": "GDP grew 5.8% in 2024."}).get_json()
    assert body["numbers"] == []
    body = client.post("/api/annotate", json={"text": "增長5.8%", "lang": "en"}).get_json()
    assert body["numbers"] == []


def _qa(client, source: str, target: str, **extra) -> dict:
    body = {"source": source, "target": target, "source_lang": "zh-Hant", "target_lang": "en"}
    response = client.post("/api/qa", json=body | extra)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_qa_passes_the_right_numbers_and_flags_a_magnitude_error(client) -> None:
    right = _qa(client, TEXT, RIGHT)
    assert right["number_summary"] == {"checked": 5, "ok": 5, "missing": 0, "changed": 0}
    wrong = _qa(client, TEXT, WRONG)
    assert wrong["number_summary"] == {"checked": 5, "ok": 4, "missing": 0, "changed": 1}
    (changed,) = [n for n in wrong["numbers"] if n["verdict"] != "ok"]
    assert changed["source"]["text"] == "3.68萬\n億元" and changed["reason"] == "magnitude"
    assert changed["target"]["text"] == "3.68 billion yuan"
    assert WRONG[changed["target"]["start"] : changed["target"]["end"]] == "3.68 billion yuan"
    assert Decimal(changed["target"]["value"]) == Decimal("3.68E9")


def test_qa_numbers_in_a_batch_and_turned_off(client) -> None:
    body = {
        "segments": [
            {"source": "增長5.8%", "target": "up 5.8 per cent"},
            {"source": "新增就業20萬人", "target": "20,000 new jobs"},
            {"source": "比重提高1.2個百分點", "target": "its share rose 1.2%"},
        ],
        "source_lang": "zh-Hans",
        "target_lang": "en-GB",
    }
    segments = client.post("/api/qa", json=body).get_json()["segments"]
    assert [s["numbers"][0]["verdict"] for s in segments] == ["ok", "changed", "changed"]
    assert [s["numbers"][0]["reason"] for s in segments] == [None, "magnitude", "unit"]
    off = client.post("/api/qa", json=body | {"numbers": False}).get_json()["segments"]
    assert all("numbers" not in s for s in off)


def test_qa_english_to_chinese_and_chinese_to_chinese(client) -> None:
    body = {
        "source": "GDP reached RMB 3.68 trillion",
        "target": "地區生產總值達3.68億元",
        "source_lang": "en",
        "target_lang": "zh-Hant",
    }
    result = client.post("/api/qa", json=body).get_json()
    assert [n["verdict"] for n in result["numbers"]] == ["changed"]
    # Numbers are compared between Chinese and English only.
    other = {"source": "增長5%", "target": "增长5%", "source_lang": "zh-Hant", "target_lang": "fr"}
    assert "numbers" not in client.post("/api/qa", json=other).get_json()


def test_qa_rejects_a_bad_numbers_flag(client) -> None:
    body = {"source": "增長5%", "target": "up 5%", "source_lang": "zh", "target_lang": "en"}
    assert_problem(client.post("/api/qa", json=body | {"numbers": "yes please"}), 422)


def test_the_qa_command_checks_numbers_without_a_term_list(tmp_path) -> None:
    source, target, out = tmp_path / "src.txt", tmp_path / "tgt.txt", tmp_path / "qa.json"
    source.write_text(TEXT.replace("\n", "") + "\n兩位數增長\n", encoding="utf-8")
    target.write_text(WRONG + "\ndouble-digit growth\n", encoding="utf-8")
    args = ["qa", "--src", str(source), "--tgt", str(target), "--json", str(out)]
    result = CliRunner().invoke(main, args, env={"GLOSSARY_SECRET_KEY": "test"})
    assert result.exit_code == 1, result.output
    assert "1: 3.68萬億元 (3.68 trillion yuan) → “3.68 billion yuan” (changed: magnitude)" in (
        result.output
    )
    assert "6 numbers: 5 ok, 1 changed, 0 missing" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["number_summary"] == {"checked": 6, "ok": 5, "missing": 0, "changed": 1}
    target.write_text(RIGHT + "\ndouble-digit growth\n", encoding="utf-8")
    result = CliRunner().invoke(main, args, env={"GLOSSARY_SECRET_KEY": "test"})
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, [*args, "--no-numbers"], env={"GLOSSARY_SECRET_KEY": "t"})
    assert result.exit_code == 2 and "name the terms to check" in result.output
