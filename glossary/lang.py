"""Language tags: parse what real files and clients send, store canonical BCP 47.

Real files carry ``zh``, ``ZH-CN``, ``zh_tw``, ``zh-Hans``, ``zh-CHS`` and worse
(see notes/formats.md §6). We store one canonical form per meaning:

* language lower case, Script title case, REGION upper case, always hyphenated;
* Chinese always carries its script, derived from the region where the tag has
  none: CN/SG/MY → Hans, TW/HK/MO → Hant. ``zh-CN`` becomes ``zh-Hans`` (the
  mainland standard is what Hans means here); other regions stay, so ``zh-TW`` is
  ``zh-Hant-TW`` and ``zh-HK`` is ``zh-Hant-HK``. Bare ``zh`` stays ``zh``: the
  script is unknown and callers decide.

Imports: stdlib only.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = [
    "LanguageError",
    "Tag",
    "canonical",
    "parse",
    "script_of",
    "base_language",
    "is_chinese",
    "tmserver_code",
    "match_rank",
    "broader",
]


class LanguageError(ValueError):
    """A language tag that cannot be understood."""


# Legacy and three-letter codes seen in real files.
_ALIASES = {
    "zh-chs": "zh-Hans",
    "zh-cht": "zh-Hant",
    "zho": "zh",
    "chi": "zh",
    "cmn": "zh",
    "eng": "en",
}

# Two-letter codes that are not ISO 639-1 languages but turn up in Chinese
# glossaries ("SC" for Simplified Chinese, "TC" for Traditional). Guessing would
# silently mislabel data, so they are refused with a hint.
_AMBIGUOUS = {"sc": "zh-Hans", "tc": "zh-Hant"}

_HANS_REGIONS = {"CN", "SG", "MY"}
_HANT_REGIONS = {"TW", "HK", "MO"}
# The region that a script implies; dropped from the canonical form.
_DEFAULT_REGION = {"Hans": "CN"}

_SUBTAG = re.compile(r"^[A-Za-z0-9]{1,8}$")


@dataclass(frozen=True)
class Tag:
    """A parsed language tag."""

    language: str
    script: str | None = None
    region: str | None = None

    def __str__(self) -> str:
        return "-".join(p for p in (self.language, self.script, self.region) if p)


# Tags repeat endlessly (every rendering of every hit asks); a parsed Tag is
# immutable, so one parse per distinct tag serves them all.
@functools.lru_cache(maxsize=1024)
def parse(raw: str) -> Tag:
    """Parse a tag leniently into its canonical parts.

    :raises LanguageError: for empty, malformed or ambiguous tags.
    """
    text = (raw or "").strip().replace("_", "-").replace("@", "-")
    if not text:
        raise LanguageError("empty language tag")
    lowered = text.lower()
    if lowered in _AMBIGUOUS:
        raise LanguageError(
            f"ambiguous language tag {raw!r}: write {_AMBIGUOUS[lowered]!r} if that is meant"
        )
    text = _ALIASES.get(lowered, text)
    parts = text.split("-")
    if not all(_SUBTAG.match(p) for p in parts):
        raise LanguageError(f"malformed language tag {raw!r}")
    language = _ALIASES.get(parts[0].lower(), parts[0].lower())
    if not (2 <= len(language) <= 3 and language.isalpha()):
        raise LanguageError(f"malformed language tag {raw!r}")
    script, region = _script_and_region(parts[1:])
    if language == "zh":
        script, region = _chinese_script_and_region(script, region)
    return Tag(language, script, region)


def _script_and_region(subtags: list[str]) -> tuple[str | None, str | None]:
    """The first script and region among the subtags after the language, in canonical case."""
    script = region = None
    for part in subtags:
        if len(part) == 4 and part.isalpha() and script is None and region is None:
            script = part.title()
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            if region is None:
                region = part.upper()
        # Variants and extensions (e.g. "-u-nu-hanidec") do not change matching; dropped.
    return script, region


def _chinese_script_and_region(
    script: str | None, region: str | None
) -> tuple[str | None, str | None]:
    """A Chinese tag's script implied by its region, and no region where the script implies it."""
    if script is None and region in _HANS_REGIONS:
        script = "Hans"
    elif script is None and region in _HANT_REGIONS:
        script = "Hant"
    if script and _DEFAULT_REGION.get(script) == region:
        region = None
    return script, region


def canonical(raw: str) -> str:
    """The canonical form of ``raw``: ``zh_cn`` → ``zh-Hans``, ``ZH-TW`` → ``zh-Hant-TW``."""
    return str(parse(raw))


def script_of(raw: str) -> str | None:
    """``Hans``, ``Hant`` or None for a Chinese tag; None for other languages."""
    tag = parse(raw)
    return tag.script if tag.language == "zh" else None


def base_language(raw: str) -> str:
    """The language subtag alone: ``zh-Hant-HK`` → ``zh``."""
    return parse(raw).language


def is_chinese(raw: str) -> bool:
    return parse(raw).language == "zh"


def tmserver_code(raw: str) -> str:
    """The lowercase underscore form Weblate sends: ``zh-Hant`` → ``zh_hant``."""
    return canonical(raw).lower().replace("-", "_")


def match_rank(wanted: str, stored: str) -> int:
    """How well a stored tag serves a wanted one: 3 exact, 2 same script, 1 same language, 0 none.

    ``zh-Hant-HK`` and ``zh-Hant-TW`` share a script but are never an exact match:
    Hong Kong and Taiwan forms differ (notes/formats.md §6).
    """
    a, b = parse(wanted), parse(stored)
    if a.language != b.language:
        return 0
    if a == b:
        return 3
    return 2 if a.script == b.script else 1


def broader(raw: str) -> list[str]:
    """The more general tags that may stand in for ``raw``, nearest first.

    ``zh-Hant-TW`` → ``["zh-Hant"]``, ``en-GB`` → ``["en"]``. Chinese stops at
    its script: bare ``zh`` says nothing of it, so it never stands in.
    """
    tag = parse(raw)
    if tag.language == "zh":
        return [f"zh-{tag.script}"] if tag.script and tag.region else []
    out = []
    if tag.script and tag.region:
        out.append(f"{tag.language}-{tag.script}")
    if tag.script or tag.region:
        out.append(tag.language)
    return out
