"""Showing Chinese in the script a reader asks for, with OpenCC.

Matching never needs this (the fold makes both scripts one key); it is for
display, when a concept has no stored form in the wanted script. Phrase-level
configs are used, since here length may change and whole words convert better.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import opencc

__all__ = ["convert_script"]

# (target script, target or source region) → OpenCC config
_TO_HANT = {"HK": "s2hk", "TW": "s2tw", "MO": "s2hk"}
_TO_HANS = {"HK": "hk2s", "TW": "tw2s", "MO": "hk2s"}


@cache
def _converter(config: str) -> opencc.OpenCC:
    import opencc

    return opencc.OpenCC(config)


def convert_script(
    text: str, script: str, *, region: str | None = None, source_region: str | None = None
) -> str:
    """``text`` in ``script`` ("Hans" or "Hant").

    :param region: the wanted region (HK, TW) chooses the Traditional variant.
    :param source_region: the region of the stored form, for the way back to Simplified.
    """
    if script == "Hant":
        config = _TO_HANT.get(region or "", "s2t")
    elif script == "Hans":
        config = _TO_HANS.get(source_region or "", "t2s")
    else:
        raise ValueError(f"unknown script {script!r}")
    return str(_converter(config).convert(text))
