"""Patterns that make /api/openapi.json refuse exactly what the server refuses.

The document is generated from the pydantic models (``glossary.web.openapi``);
where the server checks more than a type and a length — a language tag that
``glossary.lang`` reads, text that is not only white space, a memory name, one
of two forms of a body — these add the same rule to the document, so that a
client (or schemathesis, tests/web/test_schemathesis.py) that follows the
document is never refused. Patterns avoid constructs that not every regex
engine has, except where noted. ``Strict`` is the base of every request model:
an unknown field is refused, and the document says so.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from glossary import lang

# The language tags glossary.lang reads: a language of 2–3 letters, then subtags
# of 1–8 letters or digits after "-", "_" or "@" (zh-Hant-HK, zh_TW, en); never the bare
# "sc" or "tc", which lang refuses as ambiguous. (The character classes spell the letters
# other than c, s and t without a lookahead, which not every regex engine has.)
_SUBTAG = r"[-_@][A-Za-z0-9]{1,8}"
LANGUAGE_TAG = (
    rf"(?:[A-Za-z]{{2,3}}(?:{_SUBTAG})+|[A-Za-z]{{3}}|[A-RU-Za-ru-z][A-Za-z]|[SsTt][ABD-Zabd-z])"
)
_LANGUAGE_TAG = re.compile(LANGUAGE_TAG)


def check_language_tag(value: str) -> str:
    """``value`` unchanged if glossary.lang reads it and it has no space around it.

    :raises ValueError: saying what is wrong, for pydantic's 422.
    """
    lang.parse(value)
    if not _LANGUAGE_TAG.fullmatch(value):
        raise ValueError(f"malformed language tag {value!r}")
    return value


# For a field the server checks itself (with others, to list every problem at once).
LANGUAGE_TAG_SCHEMA: dict[str, Any] = {"pattern": f"^{LANGUAGE_TAG}$"}
LanguageTag = Annotated[
    str,
    Field(
        min_length=2,
        max_length=35,
        examples=["zh-Hant", "en"],
        json_schema_extra=LANGUAGE_TAG_SCHEMA,
    ),
    AfterValidator(check_language_tag),
]
# For a map keyed by language tags: pydantic writes the tag pattern as patternProperties,
# so other keys must be refused outright.
ONLY_TAGS: dict[str, Any] = {"additionalProperties": False}


# White space as str.strip() removes it (str.isspace), spelled out so that every regex
# engine reads it alike; and a pattern for text that is not only white space.
SPACE = r"\t-\r\x1c- \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NOT_ONLY_SPACE = f"[^{SPACE}]"
# Not only what folding drops (glossary.text.fold: white space and invisible characters).
NOT_EMPTY_FOLDED = f"[^{SPACE}\\xad\\u200b-\\u200d\\u2060\\ufeff]"


def one_of_forms(*forms: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """JSON Schema for a body sent in one of several forms, never two: each form's
    fields are required, and the other forms' fields absent or null."""
    names = {name for form in forms for name in form}
    return {
        "oneOf": [
            {
                "required": list(form),
                "properties": {**{n: {"type": "null"} for n in names - form.keys()}, **form},
            }
            for form in forms
        ]
    }


# A memory name as glossary.store.memories.check_name takes it: no slash, backslash or
# control character, no space at either end, not "." or ".." (the one lookahead here:
# Python's re, ECMAScript and the Rust validators' fancy-regex all have it).
_NAME_CHAR = r"[^/\\\x00-\x1f\x7f]"
_NAME_END = rf"[^/\\\x00-\x1f\x7f{SPACE}]"
MEMORY_NAME = rf"^(?!\.\.?$){_NAME_END}(?:{_NAME_CHAR}{{0,198}}{_NAME_END})?$"


# A citation as glossary.formats.citations.citation_problems accepts it: an http(s)
# address without white space, <, > or ", a date of ASCII digits, and (its strings
# being non-empty) a url, a note or none_found; a title unless none_found, and then
# what was searched and no quotation.
CITATION_URL = f'^https?://[^{SPACE}<>"]+$'
CITATION_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
_TEXT = {"type": "string"}
CITATION_RULES: dict[str, Any] = {
    "allOf": [
        {
            "anyOf": [
                {"required": ["url"], "properties": {"url": _TEXT}},
                {"required": ["note"], "properties": {"note": _TEXT}},
                {"required": ["none_found"], "properties": {"none_found": {"const": True}}},
            ]
        },
        {
            "anyOf": [
                {
                    "required": ["none_found", "searched"],
                    "properties": {
                        "none_found": {"const": True},
                        "searched": _TEXT,
                        "quote": {"type": "null"},
                    },
                },
                {
                    "required": ["title"],
                    "properties": {"title": _TEXT, "none_found": {"const": False}},
                },
            ]
        },
    ]
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")
