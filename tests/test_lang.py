import pytest

from glossary import lang


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("zh", "zh"),
        ("ZH-CN", "zh-Hans"),
        ("zh_cn", "zh-Hans"),
        ("zh-Hans-CN", "zh-Hans"),
        ("zh-SG", "zh-Hans-SG"),
        ("zh-TW", "zh-Hant-TW"),
        ("zh_tw", "zh-Hant-TW"),
        ("zh-hk", "zh-Hant-HK"),
        ("zh_hant_hk", "zh-Hant-HK"),
        ("zh-Hant", "zh-Hant"),
        ("zh-CHS", "zh-Hans"),
        ("zh-CHT", "zh-Hant"),
        ("zho", "zh"),
        ("cmn-Hant-TW", "zh-Hant-TW"),
        ("en", "en"),
        ("EN-gb", "en-GB"),
        ("en_US", "en-US"),
        (" en ", "en"),
    ],
)
def test_canonical(raw: str, expected: str) -> None:
    assert lang.canonical(raw) == expected


@pytest.mark.parametrize("raw", ["", "  ", "SC", "tc", "x", "zh--CN", "中文", "e1"])
def test_refused(raw: str) -> None:
    with pytest.raises(lang.LanguageError):
        lang.canonical(raw)


def test_ambiguous_code_says_what_to_write() -> None:
    with pytest.raises(lang.LanguageError, match="zh-Hans"):
        lang.canonical("SC")


@pytest.mark.parametrize(
    ("raw", "script"),
    [("zh-CN", "Hans"), ("zh-TW", "Hant"), ("zh-Hant-HK", "Hant"), ("zh", None), ("en", None)],
)
def test_script_of(raw: str, script: str | None) -> None:
    assert lang.script_of(raw) == script


@pytest.mark.parametrize(
    ("raw", "code"),
    [("zh-Hant", "zh_hant"), ("zh-CN", "zh_hans"), ("zh-TW", "zh_hant_tw"), ("en-GB", "en_gb")],
)
def test_tmserver_code(raw: str, code: str) -> None:
    assert lang.tmserver_code(raw) == code


def test_match_rank_never_confuses_hong_kong_and_taiwan() -> None:
    assert lang.match_rank("zh-Hant-HK", "zh-Hant-HK") == 3
    assert lang.match_rank("zh-Hant-HK", "zh-Hant-TW") == 2
    assert lang.match_rank("zh-Hant", "zh-Hans") == 1
    assert lang.match_rank("zh-Hant", "en") == 0


def test_broader_tags_stand_in_within_a_script() -> None:
    assert lang.broader("zh-TW") == ["zh-Hant"]
    assert lang.broader("zh-Hant-HK") == ["zh-Hant"]
    assert lang.broader("zh-Hant") == [] and lang.broader("zh-CN") == []
    assert lang.broader("en-GB") == ["en"] and lang.broader("en") == []
