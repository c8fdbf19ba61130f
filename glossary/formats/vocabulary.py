"""The words real term base files use, mapped to ours, in one place.

Statuses, parts of speech, review states, language codes and names, and the
column headings of glossary tables. Each table says where its vendor words come
from (the files are in ``shared/external/formats/``, described in
``notes/formats.md`` §5.9 and §7). Lookups are forgiving about case, spaces,
hyphens and underscores, and Chinese words match in either script.
"""

from __future__ import annotations

import re

from glossary import lang
from glossary.records import ConceptStatus, TermStatus
from glossary.text import fold

# -- term status (TBX administrativeStatus and friends) ------------------------

# Keys are squeezed (see ``_squeeze``): "preferredTerm-admn-sts" → "preferred".
TERM_STATUS_WORDS: dict[str, TermStatus] = {
    # TBX-Basic / TBX-Min administrativeStatus picklist (ISO 30042:2019, Min module).
    "preferred": "preferred",
    "admitted": "admitted",
    "deprecated": "deprecated",
    # superseded: replaced by a newer term; for a translator that is "do not use any more".
    "superseded": "deprecated",
    # TBX-Default values outside Basic (okapi/oracle_TBX.tbx: standardizedTerm-admn-sts;
    # ISO 12620 normativeAuthorization also lists legal and regulated terms).
    "standardized": "preferred",
    "legal": "preferred",
    "regulated": "preferred",
    # Weblate's vocabulary (weblate/fr-extended-metadata.tbx: "obsolete"; Weblate also
    # writes "forbidden"), Phrase's forbidden flag, and plain words from spreadsheets.
    "obsolete": "deprecated",
    "forbidden": "forbidden",
    "donotuse": "forbidden",
    "notrecommended": "deprecated",
    "approved": "preferred",
    "recommended": "preferred",
    # Chinese spreadsheets (推荐 / 推薦 fold to the same key).
    "推荐": "preferred",
    "首选": "preferred",
    "许可": "admitted",
    "可用": "admitted",
    "不推荐": "deprecated",
    "已废弃": "deprecated",
    "废弃": "deprecated",
    "禁用": "forbidden",
}

# -- part of speech ------------------------------------------------------------

PART_OF_SPEECH_WORDS: dict[str, str] = {
    # TBX-Basic 2008 picklist: noun verb adjective adverb properNoun other.
    "noun": "noun",
    "verb": "verb",
    "adjective": "adjective",
    "adverb": "adverb",
    "propernoun": "properNoun",
    "other": "other",
    # okapi/ibm_tbx.tbx writes the French "nom"; go-tm "Noun", Phrase "NOUN" (case folds).
    "nom": "noun",
    "verbe": "verb",
    "adjectif": "adjective",
    "adverbe": "adverb",
    "nompropre": "properNoun",
    # Abbreviations from spreadsheets; TICO-19's Google glossary writes "proper noun".
    "n": "noun",
    "v": "verb",
    "adj": "adjective",
    "adv": "adverb",
    # Chinese grammar terms.
    "名词": "noun",
    "动词": "verb",
    "形容词": "adjective",
    "副词": "adverb",
    "专有名词": "properNoun",
}

# TBX v3's Min module dropped properNoun (notes/formats.md §1.2).
V3_PARTS_OF_SPEECH = ("adjective", "noun", "other", "verb", "adverb")

# -- concept review state ---------------------------------------------------------

CONCEPT_STATUS_WORDS: dict[str, ConceptStatus] = {
    "draft": "draft",
    "review": "review",
    "approved": "approved",
    "retired": "retired",
    # TBX-Default elementWorkingStatus (ISO 12620): starter and working elements are
    # still being written, consolidated ones are done, archived ones are retired.
    # importedElement / exportedElement say where an entry went, not its state.
    "starterelement": "draft",
    "workingelement": "review",
    "consolidatedelement": "approved",
    "archiveelement": "retired",
}

# What TBX-Basic cannot say, written as notes that our reader understands again:
# a concept's review state and a forbidden term (TBX-Basic's status picklist
# stops at deprecated, notes/formats.md §9).
REVIEW_NOTE = re.compile(r"^Review status: (draft|review|approved|retired)$")
FORBIDDEN_NOTE = "Forbidden: do not use this term."


def review_note(status: str) -> str:
    return f"Review status: {status}"


# -- data categories kept as note lines ------------------------------------------------

# Our data model has no column for these; readers keep them as "type: value" lines
# in the term's or concept's note so nothing is lost, and TBX writers turn the lines
# whose value the TBX-Basic picklist allows back into their own elements.
BASIC_TERM_NOTES: dict[str, tuple[str, ...] | None] = {
    "termType": ("fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"),
    "grammaticalGender": ("masculine", "feminine", "neuter", "other"),
    "geographicalUsage": None,  # free text
    "termLocation": None,
}
BASIC_ADMINS = ("customerSubset", "projectSubset")
_CARRIED = re.compile(r"^([A-Za-z][\w :.-]{0,60}?): (.+)$")


def carried(category: str, value: str) -> str:
    """A data category as a note line: ``termType: acronym``."""
    return f"{category}: {value}"


def split_carried(note: str | None) -> tuple[list[tuple[str, str]], list[str]]:
    """A note's TBX-Basic category lines, and its other lines, blank ones kept (for TBX writers)."""
    categories: list[tuple[str, str]] = []
    rest: list[str] = []
    for line in (note or "").splitlines():
        m = _CARRIED.match(line)
        if m and m[1] in BASIC_TERM_NOTES:
            allowed = BASIC_TERM_NOTES[m[1]]
            if allowed is None or m[2] in allowed:
                categories.append((m[1], m[2]))
                continue
        if m and m[1] in BASIC_ADMINS:
            categories.append((m[1], m[2]))
            continue
        rest.append(line)
    return categories, rest


# -- lookups ---------------------------------------------------------------------------

_SUFFIXES = ("admnsts", "term")


def _squeeze(word: str) -> str:
    key = re.sub(r"[\s_\-./]+", "", fold(word))
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
    return key


def term_status(word: str) -> TermStatus | None:
    """``preferredTerm-admn-sts``, ``obsolete``, ``禁用`` … → our status; None if unknown."""
    return TERM_STATUS_WORDS.get(_squeeze(word))


def part_of_speech(word: str) -> str:
    """The TBX picklist value for ``word``, or the word itself (trimmed) if unknown."""
    key = re.sub(r"[\s_\-.]+", "", fold(word))
    return PART_OF_SPEECH_WORDS.get(key, " ".join(word.split())[:40])


def concept_status(word: str) -> ConceptStatus | None:
    return CONCEPT_STATUS_WORDS.get(re.sub(r"[\s_\-]+", "", fold(word)))


def truthy(word: str) -> bool:
    """Spreadsheet booleans: TRUE, yes, x, 1, 是 …"""
    return fold(word).strip() in {"true", "yes", "y", "x", "1", "是", "对", "✓"}


# -- languages --------------------------------------------------------------------------

# ISO 639-1: a two-letter heading is a language only if it is one of these, so
# headings such as "id" (a row id, also Indonesian!) are decided by the column
# names below first.
# fmt: off
ISO_639_1 = frozenset(
    {
        "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be",
        "bg", "bh", "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs",
        "cu", "cv", "cy", "da", "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu",
        "fa", "ff", "fi", "fj", "fo", "fr", "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha",
        "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia", "id", "ie", "ig", "ii", "ik",
        "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk", "kl", "km", "kn",
        "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo", "lt",
        "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb",
        "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os",
        "pa", "pi", "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd",
        "se", "sg", "si", "sk", "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv",
        "sw", "ta", "te", "tg", "th", "ti", "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw",
        "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa", "wo", "xh", "yi", "yo", "za",
        "zh", "zu",
    }
)
# fmt: on

# Three-letter codes taken as headings on their own: Chinese languages that have
# no two-letter code (Cantonese, Min Nan, Hakka, Wu).
THREE_LETTER = frozenset({"yue", "nan", "hak", "wuu"})

# Language names seen as spreadsheet headings, in English and Chinese (folded keys).
LANGUAGE_NAMES: dict[str, str] = {
    "english": "en",
    "chinese": "zh",
    "simplifiedchinese": "zh-Hans",
    "chinesesimplified": "zh-Hans",
    "traditionalchinese": "zh-Hant",
    "chinesetraditional": "zh-Hant",
    "french": "fr",
    "german": "de",
    "spanish": "es",
    "italian": "it",
    "portuguese": "pt",
    "japanese": "ja",
    "korean": "ko",
    "russian": "ru",
    "英文": "en",
    "英语": "en",
    "中文": "zh",
    "简体中文": "zh-Hans",
    "简体": "zh-Hans",
    "繁体中文": "zh-Hant",
    "繁体": "zh-Hant",
}


def file_language(raw: str) -> str:
    """A language tag from a file, canonical (``zh_cn`` → ``zh-Hans``, ``ZH-TW`` → ``zh-Hant-TW``).

    :raises lang.LanguageError: for tags that cannot be read, and for ``SC``/``TC``,
        which are not Chinese (``sc`` is Sardinian) and are not guessed.
    """
    return lang.canonical(raw)


def heading_language(heading: str) -> str | None:
    """The language a table heading names (``en``, ``zh_TW``, ``简体中文``), or None."""
    text = heading.strip()
    named = LANGUAGE_NAMES.get(re.sub(r"[\s_\-()（）]+", "", fold(text)))
    if named:
        return named
    try:
        tag = lang.parse(text)
    except lang.LanguageError:
        return None
    if len(tag.language) == 2 and tag.language not in ISO_639_1:
        return None
    if (
        len(tag.language) == 3
        and not (tag.script or tag.region)
        and text.lower() not in THREE_LETTER
    ):
        return None  # "kde" is a Makonde code, but in a heading row it is a word
    return str(tag)


def in_range(tag: str, wanted: str) -> bool:
    """Whether ``tag`` falls under the language range ``wanted`` (RFC 4647 basic filtering).

    ``zh-Hant`` covers ``zh-Hant-HK``, ``zh`` covers every Chinese tag, ``zh-Hant-HK``
    covers only itself; ``zh-CN`` means ``zh-Hans``.
    """
    try:
        want = lang.canonical(wanted).lower()
    except lang.LanguageError:
        return False
    have = tag.lower()
    return have == want or have.startswith(want + "-")


# Export: CAT tools and MT engines expect region forms for Chinese (notes/formats.md §6).
REGION_TAGS = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}


def export_tag(tag: str, style: str) -> str:
    """A stored tag as a file should say it: ``bcp47`` as stored, ``region`` as zh-CN / zh-TW / zh-HK."""
    if style != "region":
        return tag
    parsed = lang.parse(tag)
    if parsed.language != "zh":
        return tag
    if parsed.region:
        return f"zh-{parsed.region}"
    return REGION_TAGS.get(tag, tag)
