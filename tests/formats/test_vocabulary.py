"""The vendor words real files use, mapped to ours."""

from __future__ import annotations

import pytest

from glossary import lang
from glossary.formats import vocabulary as vocab


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("preferredTerm-admn-sts", "preferred"),
        ("admittedTerm-admn-sts", "admitted"),
        ("deprecatedTerm-admn-sts", "deprecated"),
        ("supersededTerm-admn-sts", "deprecated"),
        ("standardizedTerm-admn-sts", "preferred"),  # TBX-Default (oracle_TBX.tbx)
        ("deprecatedTermAdmnSts", "deprecated"),  # Translate Toolkit's spellings
        ("deprecatedterm-admn-sts", "deprecated"),
        ("obsolete", "deprecated"),  # Weblate
        ("forbidden", "forbidden"),
        ("Do not use", "forbidden"),
        ("推薦", "preferred"),  # Traditional and Simplified alike
        ("推荐", "preferred"),
        ("禁用", "forbidden"),
        ("whatever-admn-sts", None),
    ],
)
def test_term_status(word: str, status: str | None) -> None:
    assert vocab.term_status(word) == status


@pytest.mark.parametrize(
    ("word", "pos"),
    [
        ("noun", "noun"),
        ("nom", "noun"),  # ibm_tbx.tbx
        ("Noun", "noun"),  # go-tm
        ("NOUN", "noun"),  # Phrase
        ("proper noun", "properNoun"),  # TICO-19
        ("名詞", "noun"),
        ("  gerund  ", "gerund"),  # unknown values are kept, trimmed
    ],
)
def test_part_of_speech(word: str, pos: str) -> None:
    assert vocab.part_of_speech(word) == pos


@pytest.mark.parametrize(
    ("raw", "tag"),
    [
        ("zh_cn", "zh-Hans"),
        ("zh-CN", "zh-Hans"),
        ("ZH-TW", "zh-Hant-TW"),
        ("zh-HK", "zh-Hant-HK"),
        ("zh-CHT", "zh-Hant"),
        ("zh", "zh"),  # bare zh: the script is unknown, so it is not guessed
        ("EN-us", "en-US"),
    ],
)
def test_file_languages(raw: str, tag: str) -> None:
    assert vocab.file_language(raw) == tag


@pytest.mark.parametrize("raw", ["SC", "TC", "", "zh__"])
def test_languages_that_are_not_guessed(raw: str) -> None:
    with pytest.raises(lang.LanguageError):
        vocab.file_language(raw)


@pytest.mark.parametrize(
    ("heading", "tag"),
    [
        ("en-GB", "en-GB"),
        ("zh_TW", "zh-Hant-TW"),
        ("繁體中文", "zh-Hant"),
        ("Chinese (Simplified)", "zh-Hans"),
        ("English", "en"),
        ("yue", "yue"),
        ("kde", None),  # a word in a heading row, not Makonde
        ("xx", None),  # not ISO 639-1
        ("Notes", None),
    ],
)
def test_heading_languages(heading: str, tag: str | None) -> None:
    assert vocab.heading_language(heading) == tag


@pytest.mark.parametrize(
    ("tag", "region"),
    [
        ("zh-Hans", "zh-CN"),
        ("zh-Hant", "zh-TW"),
        ("zh-Hant-HK", "zh-HK"),
        ("zh-Hans-SG", "zh-SG"),
        ("zh", "zh"),
        ("en-GB", "en-GB"),
    ],
)
def test_region_tags_for_export(tag: str, region: str) -> None:
    assert vocab.export_tag(tag, "bcp47") == tag
    assert vocab.export_tag(tag, "region") == region


def test_language_ranges() -> None:
    assert vocab.in_range("zh-Hant-HK", "zh-Hant")
    assert vocab.in_range("zh-Hans", "zh-CN")
    assert vocab.in_range("zh-Hant-TW", "zh")
    assert not vocab.in_range("zh-Hant", "zh-Hant-HK")
    assert not vocab.in_range("zh-Hans", "zh-Hant")
    assert not vocab.in_range("en", "SC")


def test_carried_lines_go_back_to_tbx_basic_categories() -> None:
    note = "termType: acronym\ntermType: synonym\ncustomerSubset: IBM\nplain text"
    categories, rest = vocab.split_carried(note)
    assert categories == [("termType", "acronym"), ("customerSubset", "IBM")]
    assert rest == ["termType: synonym", "plain text"]  # not a TBX-Basic picklist value
