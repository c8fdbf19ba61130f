"""The quick folds (glossary.text.fold_quick) give what numpy's general path gives."""

from __future__ import annotations

import importlib
import unicodedata

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.text import Folded, fold_with_offsets

fold_module = importlib.import_module("glossary.text.fold")

# Characters every shortcut must get right: spaces (single, in runs, at the ends,
# between Chinese and digits), line breaks, full-width space, a zero-width space, a
# ligature, combining marks, a half-width sound mark that composes once folded, an
# astral digit, Traditional numerals, full-width digits.
TRICKY = list("中文字萬億兩五 %5.0１a-「」，。\n\t\u3000\u200b") + [
    "ﬁ",
    "é",
    "e\u0301",
    "\u0301",
    "ﾞ",
    "か",
    "𝟓",
    "㍻",
]
settings.register_profile("quick", database=None, deadline=None, max_examples=1000)


def _general(text: str) -> Folded:
    """fold_with_offsets without its quick paths."""
    if not text or not unicodedata.is_normalized("NFC", text):
        return fold_with_offsets(text)
    return fold_module._fold_general(text)


def _same_fold(text: str) -> None:
    quick, slow = fold_with_offsets(text), _general(text)
    assert quick.text == slow.text
    assert quick.starts.dtype == slow.starts.dtype
    assert np.array_equal(quick.starts, slow.starts)
    assert np.array_equal(quick.ends, slow.ends)


def test_quick_folds_are_the_general_fold_on_the_usual_shapes() -> None:
    for text in (
        "",
        " ",
        "新增就業20萬人",
        "# 2016年摘要",
        "連續 3 年增長 5%",
        " 3萬 ",
        "a  b 5",
        "3.68萬\n億元",
        "ﬁ 5",
        "e\u0301 5",
        "か\uff9e5",
        "𝟓萬",
        "\u200b5",
        "５０％ 與 第 1 季",
    ):
        _same_fold(text)


@settings(settings.get_profile("quick"))
@given(st.lists(st.sampled_from(TRICKY), max_size=12).map("".join))
def test_quick_folds_are_the_general_fold(text: str) -> None:
    _same_fold(text)
