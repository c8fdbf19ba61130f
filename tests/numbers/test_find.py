"""Finding numbers: what is not a number."""

from glossary.numbers import find_numbers


def test_digit_strings_longer_than_any_quantity_are_not_numbers() -> None:
    # Account numbers and codes; past 28 digits no exact decimal arithmetic would hold them.
    for text in ("1" * 29 + "元", "編號" + "9" * 40, "１" * 35, "9" * 2000):
        assert find_numbers(text) == []
    assert [n.english for n in find_numbers("一千二百三十四萬五千六百七十八元")] == [
        "12,345,678 yuan"
    ]


def test_long_digit_strings_in_english_are_not_numbers_either() -> None:
    from glossary.evaluation.numbers import qa_numbers
    from glossary.numbers import read_english_numbers

    assert read_english_numbers("account " + "1" * 400 + " and 5.8%")[0].text == "5.8%"
    checks, summary = qa_numbers("達3.68萬億元", "1" * 40 + " yuan", "zh-Hant", "en")
    assert [c["verdict"] for c in checks] == ["missing"]


def test_months_and_days_no_calendar_has_are_counts_not_dates() -> None:
    # 13月 or 32日 cannot be a date; they once indexed past the month names.
    found = {n.text: (n.kind, n.english) for n in find_numbers("11月22月，13月，0月，1月32日")}
    assert found["11月"] == ("date", "November")
    for text in ("22月", "13月", "0月", "32日"):
        assert found[text][0] == "count", text
    assert [n.english for n in find_numbers("十二月三十一日")] == ["December 31"]
