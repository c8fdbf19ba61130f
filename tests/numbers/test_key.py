"""The finder's shortcuts give what the long way gives.

glossary.numbers.key skips text without a numeral; ATOM checks first what its
matches may begin with; SPECIAL is searched only where one of its anchors is,
and tried only where a match may begin. Each is checked against the long way:
every character's fold, the pattern without the check, SPECIAL.finditer, every
match.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.numbers.key import has_numeral
from glossary.numbers.patterns import ATOM, IDIOMS, NUMERAL_CHARS, SPECIAL, SPECIAL_ANCHORS
from glossary.numbers.specials import _matches as special_matches
from glossary.numbers.units import AFTER, BEFORE, CURRENCY_PREFIXES, UNITS
from glossary.text import fold, fold_char

# Pieces numbers are made of, for the patterns.
PIECES = (
    list('0123456789.,%‰-−—～至到 第番翻了位数的半过以上前首个季度是左右（(）)、“”"')
    + list("五十百千万亿兆点分之多余负年月日次会议届期成厘米化论一二三四六七八九两〇零")
    + list(BEFORE)
    + list(AFTER)
    + list(CURRENCY_PREFIXES)
    + list(UNITS)
    + IDIOMS
    + ["百分之", "千分之", "百分百", "十五五", "规划", "一半", "位数增长", "人民币"]
)
ATOM_UNCHECKED = re.compile(ATOM.pattern[ATOM.pattern.index("(?P<before>") :])

settings.register_profile("key", database=None, deadline=None, max_examples=1000)


def test_has_numeral_misses_no_character() -> None:
    for cp in range(0x40000):
        if 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        if NUMERAL_CHARS.search(fold_char(ch)):
            assert has_numeral(ch), hex(cp)
        elif cp <= 0xFFFF:
            assert not has_numeral(ch), hex(cp)  # beyond the BMP every character passes
    assert not has_numeral("灣區通，跨境理財通")
    assert all(has_numeral(c) for c in "萬兩貳５〇𝟓")


@settings(settings.get_profile("key"))
@given(st.lists(st.sampled_from(PIECES), max_size=10).map("".join), st.data())
def test_patterns_match_as_without_their_checks(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))

    def found(pattern: re.Pattern[str]) -> list[tuple[tuple[int, int], dict]]:
        return [(m.span(), m.groupdict()) for m in pattern.finditer(text, start, end)]

    assert found(ATOM) == found(ATOM_UNCHECKED)
    specials = [(m.span(), m.groupdict()) for m in special_matches(text, start, end)]
    assert specials == found(SPECIAL)
    for m in SPECIAL.finditer(text, start, end):
        assert SPECIAL_ANCHORS.search(m.group()), m.group()


def test_every_special_has_an_anchor_and_a_first_character() -> None:
    # One of each shape, with Arabic digits where the shape allows them.
    shapes = ["第5页", "第149至237页", "翻1番", "翻番", "两位数增长", "一半", "过半", "前3季度"]
    shapes += ["1季度", "前2季", "“十五五”", "十四五规划", "。一是", "（右二）", *IDIOMS]
    table = Path(__file__).with_name("expressions.tsv").read_text("utf-8").splitlines()
    shapes += [fold(line.split("\t")[0]) for line in table if line and not line.startswith("#")]
    seen = 0
    for text in shapes:
        assert [m.span() for m in special_matches(text, 0, len(text))] == [
            m.span() for m in SPECIAL.finditer(text)
        ]
        for m in SPECIAL.finditer(text):
            seen += 1
            assert SPECIAL_ANCHORS.search(m.group()), m.group()
    assert seen >= len(IDIOMS) + 14
