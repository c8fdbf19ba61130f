"""Number QA: a translation that loses or changes a number of the source is flagged."""

from __future__ import annotations

from decimal import Decimal

import pytest

from glossary.numbers.check import check_numbers, same_value

SOURCE = "2024年，深圳地區生產總值達3.68萬億元，增長5.8%，新增就業20萬人。"


def _verdicts(source: str, target: str, **kw) -> list[tuple[str, str, str | None]]:
    return [(c.source.text, c.verdict, c.reason) for c in check_numbers(source, target, **kw)]


def test_a_faithful_translation_passes() -> None:
    target = (
        "In 2024, Shenzhen's GDP reached 3.68 trillion yuan, up 5.8 percent, "
        "and 200,000 new jobs were created."
    )
    assert {v for _, v, _ in _verdicts(SOURCE, target)} == {"ok"}


@pytest.mark.parametrize(
    "target",
    [
        "In 2024 GDP reached RMB 3.68 trillion, up 5.8%, with 200 thousand new jobs.",
        "In 2024 GDP reached 3,680 billion yuan, up 5.8 per cent, with 200,000 new jobs.",
        "In 2024 GDP reached RMB3.7 trillion, up 5.8%, with 0.2 million new jobs.",
        "In 2024 GDP reached 3.684 trillion yuan, up 5.8%, with two hundred thousand jobs.",
    ],
)
def test_other_ways_of_writing_the_same_numbers_pass(target: str) -> None:
    assert {v for _, v, _ in _verdicts(SOURCE, target)} == {"ok"}


def test_a_magnitude_error_is_flagged_as_changed() -> None:
    target = "In 2024 GDP reached 3.68 billion yuan, up 5.8%, with 200,000 new jobs."
    assert _verdicts(SOURCE, target) == [
        ("2024年", "ok", None),
        ("3.68萬億元", "changed", "magnitude"),
        ("5.8%", "ok", None),
        ("20萬人", "ok", None),
    ]
    checks = check_numbers(SOURCE, target)
    assert checks[1].target is not None and checks[1].target.text == "3.68 billion yuan"


def test_a_lost_number_is_missing_and_a_changed_one_is_changed() -> None:
    target = "In 2024 GDP reached 3.68 trillion yuan, up 6.8%."
    assert _verdicts(SOURCE, target)[2:] == [
        ("5.8%", "changed", "value"),
        ("20萬人", "missing", None),
    ]


def test_percentage_points_written_as_percent_are_flagged() -> None:
    assert _verdicts("比重提高1.2個百分點", "its share rose by 1.2%") == [
        ("1.2個百分點", "changed", "unit")
    ]
    assert _verdicts("比重提高1.2個百分點", "its share rose 1.2 percentage points")[0][1] == "ok"


def test_rounding_is_allowed_only_as_far_as_the_figures_say() -> None:
    assert _verdicts("研發投入2236.6億元", "R&D spending of 223.7 billion yuan")[0][1] == "ok"
    assert _verdicts("研發投入2236.6億元", "R&D spending of 224 billion yuan")[0][1] == "ok"
    assert _verdicts("研發投入2236.6億元", "R&D spending of 200 billion yuan")[0][1] != "ok"
    assert _verdicts("3.68萬億元", "4 trillion yuan")[0][1] != "ok"


def test_qualified_and_small_numbers() -> None:
    assert _verdicts("新推廣新能源汽車30萬輛以上", "more than 300,000 new energy vehicles") == [
        ("30萬輛以上", "ok", None)
    ]
    assert _verdicts("連續三年位居第一", "for the third year running")[0][1] == "ok"
    assert _verdicts("兩項指標", "both indicators")[0][1] == "ok"
    assert _verdicts("保持兩位數增長", "keep up double-digit growth")[0][1] == "ok"
    assert _verdicts("保持兩位數增長", "keep growing fast")[0][1] == "missing"
    assert _verdicts("翻一番", "doubled")[0][1] == "ok"
    assert _verdicts("三分之一", "a third")[0][1] == "ok"
    assert _verdicts("三分之一", "33.3%")[0][1] == "ok"


def test_currencies_must_agree() -> None:
    assert _verdicts("500億港元", "HK$50 billion")[0][1] == "ok"
    assert _verdicts("500億港元", "US$50 billion") == [("500億港元", "changed", "currency")]


def test_dates_ranges_and_years() -> None:
    assert _verdicts("2025年2月25日", "on February 25, 2025")[0][1] == "ok"
    assert _verdicts("2月25日", "on 25 February")[0][1] == "ok"
    assert _verdicts("2月25日", "on February 26")[0][1] != "ok"
    assert _verdicts("增長5%—6%", "growth of 5 to 6 percent")[0][1] == "ok"
    assert _verdicts("三至五年", "three to five years")[0][1] == "ok"
    assert _verdicts("三至五年", "three to six years")[0][1] != "ok"


def test_english_source_and_chinese_target() -> None:
    checks = check_numbers(
        "GDP reached 3.68 trillion yuan, up 5.8%",
        "地區生產總值3.68萬億元，增長5.8%",
        source_lang="en",
        target_lang="zh-Hans",
    )
    assert [c.verdict for c in checks] == ["ok", "ok"]


def test_ordinals_are_not_checked() -> None:
    assert check_numbers("居全國城市第一", "the largest of any Chinese city") == []


def test_same_value() -> None:
    d = Decimal
    assert same_value(d("3.68E12"), d("1E10"), d("3.68E12"), d("1E10"))
    assert same_value(d("3.68E12"), d("1E10"), d("3.7E12"), d("1E11"))
    assert not same_value(d("3.68E12"), d("1E10"), d("4E12"), d("1E12"))
    assert not same_value(d("3.68E12"), d("1E10"), d("3.68E9"), d("1E7"))
    assert same_value(d("3.68E12"), d("1E10"), d("3.684E12"), d("1E9"))
    assert not same_value(d("3.68E12"), d("1E10"), d("3.69E12"), d("1E10"))
