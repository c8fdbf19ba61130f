import random

import pytest

from glossary.text import fold, fold_with_offsets, has_han, is_cjk_char


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("灣區通", "湾区通"),
        ("硬聯通", "硬联通"),
        ("規上工業", "规上工业"),
        ("綫", "线"),  # Hong Kong variant
        ("ＡＩ＋", "AI+"),  # full width
        ("Greater Bay Area", "greater  bay\narea"),
        ("「雙第一」", "“双第一”"),  # corner brackets are Traditional quotes
        ("規上\n\n工業", "規上工業"),  # line breaks inside Chinese are not spaces
        ("連續 3 年", "連續3年"),
        ("人工智能\u200b+", "人工智能+"),  # zero-width space
        ("e\u0301cole", "école"),  # decomposed and composed
    ],
)
def test_equal_after_folding(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("bay area", "bayarea"), ("AI plus", "AIplus"), ("灣區通", "灣區")],
)
def test_still_different(a: str, b: str) -> None:
    assert fold(a) != fold(b)


def test_latin_words_keep_their_spaces_across_lines() -> None:
    assert fold("Greater\nBay Area") == "greater bay area"


@pytest.mark.parametrize(
    "text",
    [
        "ＢＡＹ ＡＲＥＡ ＣＯＮＮＥＣＴ",  # full-width letters, ASCII spaces
        "ＢＡＹ　ＡＲＥＡ　ＣＯＮＮＥＣＴ",  # and ideographic spaces
        "Ｂａｙ\nＡｒｅａ Connect",
        "x" * 70 + " ＢＡＹ ＡＲＥＡ ＣＯＮＮＥＣＴ",  # the vectorised path
    ],
)
def test_full_width_latin_words_keep_their_spaces(text: str) -> None:
    assert fold(text).endswith("bay area connect")
    assert fold_with_offsets(text).text == fold(text)
    assert fold(fold(text)) == fold(text)


def test_full_width_letters_are_not_cjk_but_full_width_punctuation_is() -> None:
    assert not is_cjk_char("Ａ") and not is_cjk_char("ｚ")
    assert is_cjk_char("，") and is_cjk_char("（") and is_cjk_char("３")
    # A line break after full-width punctuation or before a full-width digit still joins.
    assert fold("灣區通，\n硬聯通") == fold("灣區通，硬聯通")
    assert fold("連續\n３年") == "连续3年"


def test_astral_characters_are_han() -> None:
    # U+20000, the first character of Extension B, written with \U on purpose.
    assert has_han("\U00020000")
    assert is_cjk_char("\U00020000")
    assert not has_han("\u2000")
    assert fold("\U00020000\n\U00020001") == "\U00020000\U00020001"


def test_offsets_lead_back_to_the_original() -> None:
    text = "連續 3 年實現全國城市 「雙第\n一」"
    folded = fold_with_offsets(text)
    assert folded.text == "连续3年实现全国城市“双第一”"
    start = folded.text.index("双第一")
    s, e = folded.span(start, start + 3)
    assert text[s:e] == "雙第\n一"


def test_offsets_for_expanding_characters() -> None:
    text = "鵬城雲腦Ⅲ 和 ﬁle"
    folded = fold_with_offsets(text)
    assert folded.text == fold(text) == "鹏城云脑iii 和 file"
    i = folded.text.index("iii")
    assert folded.span(i, i + 3) == (4, 5)
    j = folded.text.index("file")
    assert text[slice(*folded.span(j, j + 4))] == "ﬁle"


def test_offsets_for_decomposed_text() -> None:
    text = "cafe\u0301 灣區通"
    folded = fold_with_offsets(text)
    assert folded.text == "café 湾区通"
    assert text[slice(*folded.span(0, 4))] == "cafe\u0301"


def test_fold_is_idempotent_and_offsets_agree_on_random_text() -> None:
    alphabet = list("灣區通湾区通規上工業雙第一 \n\t\u3000「」，。ＡａBc1２%Ⅲﬁß\u200be\u0301") + [
        "\U00020000"
    ]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        folded = fold_with_offsets(text)
        assert folded.text == fold(text), repr(text)
        assert fold(folded.text) == folded.text, repr(text)
        assert len(folded.starts) == len(folded.ends) == len(folded.text)
        assert all(0 <= s < e <= len(text) for s, e in zip(folded.starts, folded.ends, strict=True))
        assert list(folded.starts) == sorted(folded.starts)


def test_empty_and_blank() -> None:
    assert fold("") == ""
    assert fold(" \n ") == ""
    assert fold_with_offsets("").text == ""
    assert fold_with_offsets("  \n").text == ""


def test_vectorised_fold_agrees_with_the_reference_on_long_text() -> None:
    # Past fold.SHORT characters fold() and fold_with_offsets() take the numpy
    # path; the regex-and-translate path is the reference.
    from glossary.text.fold import SHORT, _fold_translate

    pieces = [
        "灣區通",
        "規上\n\n工業",
        " 3 年",
        "「雙第\n一」",
        "Bay\nArea",
        "……",
        "Ⅲ",
        "ß",
        "\u200b",
        "％ 增長",
        "\U00020000 \U00020001",
        "  ",
        "\n",
        "ｅ\u0301",
        "AI+",
    ]
    rng = random.Random(11)
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(10, 60)))
        assert len(text) > SHORT or fold(text) == _fold_translate(text)
        assert fold(text) == _fold_translate(text), repr(text)
        folded = fold_with_offsets(text)
        assert folded.text == fold(text)
        assert list(folded.starts) == sorted(folded.starts)


def test_lone_surrogates_pass_through() -> None:
    # JSON can carry "\ud800"; folding must not fail on it.
    text = "灣區\ud800通" * 30
    assert fold_with_offsets(text).text == fold(text) == "湾区\ud800通" * 30


def test_characters_beyond_the_table_pass_through() -> None:
    # Plane 15 private use lies above fold.TABLE_SIZE: kept as is, offsets intact.
    text = ("灣區 通\U000f0001Ａ" * 20) + "\n工業"
    folded = fold_with_offsets(text)
    # Ａ is a Latin letter: a line break after it is a space, as after "A".
    assert folded.text == fold(text) == ("湾区通\U000f0001a" * 20) + " 工业"
    i = folded.text.index("\U000f0001")
    assert text[slice(*folded.span(i, i + 1))] == "\U000f0001"


def test_join_lines_for_display() -> None:
    from glossary.text import join_lines

    assert join_lines("規上\n\n工業") == "規上工業"
    assert join_lines("Greater\nBay  Area") == "Greater Bay Area"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("增长\u20096.2%", "增长6.2%"),  # a thin space, as typesetters put before numbers
        ("粤港澳大\u2028湾区", "粤港澳大湾区"),  # LINE SEPARATOR
        ("粤港澳⼤\n湾区", "粤港澳大湾区"),  # a Kangxi radical, as PDFs extract 大, then a break
        ("第①\n章", "第1章"),
        ("全國城市 「雙第\n一」", "全国城市“双第一”"),
    ],
)
def test_every_space_and_every_form_of_a_character_joins_alike(a: str, b: str) -> None:
    assert fold(a) == fold(b)
    assert fold(fold(a)) == fold(a)


def test_latin_text_keeps_its_spaces() -> None:
    assert fold("items 1, 2 and 3 (see below)") == "items 1, 2 and 3 (see below)"


@pytest.mark.slow  # every character of the fold tables
def test_fold_is_idempotent_for_every_character_around_a_join() -> None:
    """Each code point below U+30000 next to a space, a Han character and a digit."""
    patterns = ("中 {c}", "{c} 中", "1 {c}", "中\n{c}\n文")
    for cp in range(0x30000):
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        for pattern in patterns:
            once = fold(pattern.format(c=c))
            assert fold(once) == once, (hex(cp), pattern)


def test_fold_many_folds_each_text_as_fold_does() -> None:
    from glossary.text import fold_many

    pieces = [
        "灣區通", "規上\n\n工業", " 3 年", "「雙第\n一」", "Bay\nArea", "Ⅲ", "ß", "\u200b",
        "％ 增長", "\U00020000", " ", "\n", "ｅ\u0301", "\u0301", "AI+", "\x01", "Ａ", "",
    ]  # fmt: skip
    rng = random.Random(5)
    for _ in range(300):
        texts = [
            "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
            for _ in range(rng.randint(0, 12))
        ]
        assert fold_many(texts) == [fold(t) for t in texts], texts
    # ASCII batches take a path of their own (without the separator, U+0001, in them).
    ascii_ = [chr(c) for c in range(128) if c != 1] + [" ", "\t", "\n", "A", "z"] * 8
    for _ in range(100):
        texts = ["".join(rng.choice(ascii_) for _ in range(rng.randint(0, 80))) for _ in range(20)]
        assert fold_many(texts) == [fold(t) for t in texts], texts
    # A batch of plain NFC text takes the joined path; pieces end where texts end.
    assert fold_many(["灣區 ", " 通", "", "A  B "]) == ["湾区", "通", "", "a b"]
    assert fold_many([" Bay\x1c\tArea ", "x\x01y", "AI+"]) == ["bay area", "x\x01y", "ai+"]


def test_short_one_to_one_texts_fold_as_the_vectorised_path_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Short texts whose characters each fold to one take str.translate; whatever the
    text, the result and its offsets are the numpy path's."""
    import importlib

    from glossary.text.fold_quick import one_to_one as quick_one_to_one

    fold_module = importlib.import_module("glossary.text.fold")
    one_to_one = list("灣區通湾区通規上工業雙第一「」，。ＡａBc1２%個綫")
    alphabet = one_to_one + list(" \n\u3000Ⅲﬁß\u200be\u0301")
    rng = random.Random(13)
    texts = [
        "".join(rng.choice(alphabet if n % 2 else one_to_one) for _ in range(rng.randint(1, 95)))
        for n in range(3000)
    ]
    short = [fold_with_offsets(t) for t in texts]
    taken = sum(quick_one_to_one(t) is not None for t in texts)
    assert taken > 1000  # the one-to-one path was really tried
    monkeypatch.setattr(fold_module, "SHORT_OFFSETS", 0)
    monkeypatch.setattr(fold_module, "MIDDLE_OFFSETS", 0)
    for text, folded in zip(texts, short, strict=True):
        by_numpy = fold_with_offsets(text)
        assert folded.text == by_numpy.text, repr(text)
        assert folded.starts.tolist() == by_numpy.starts.tolist(), repr(text)
        assert folded.starts.dtype == by_numpy.starts.dtype
        assert folded.ends.tolist() == by_numpy.ends.tolist(), repr(text)
