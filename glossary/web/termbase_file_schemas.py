"""Request and response bodies of the term base files API (/api/termbase/import, /export)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from glossary.records import CONCEPT_STATUSES
from glossary.web.schema_patterns import LANGUAGE_TAG_SCHEMA, LanguageTag, Strict

FormatName = Literal["tbx", "tbx2008", "tsv", "csv", "xlsx"]


class ImportQuery(Strict):
    dry_run: bool = Field(default=False, description="Read and report; write nothing")
    format: FormatName | None = Field(default=None, description="Skip detection: read as this")
    source_lang: LanguageTag | None = Field(
        default=None, description="Source language of a table without headings (OmegaT TSV/CSV)"
    )
    target_lang: LanguageTag | None = Field(default=None, description="Its target language")


class FileUpload(BaseModel):
    """The multipart form (the file can also be sent as the raw body)."""

    file: bytes = Field(description="A TBX, TBX 2008, TSV, CSV or XLSX file")


class EntryOutcome(BaseModel):
    entry: str
    outcome: Literal["taken", "merged", "unchanged", "skipped"]
    concept_id: int | None
    added: list[str]
    messages: list[str]


class ImportCounts(BaseModel):
    entries: int
    taken: int
    merged: int
    unchanged: int
    skipped: int


class ExportQuery(Strict):
    subject_field: str | None = Field(default=None, description="Exact subject field")
    # Checked by ExportFilters with the other values, so one answer lists every problem.
    status: str | None = Field(
        default=None, description=f"Review status of concepts: {', '.join(CONCEPT_STATUSES)}"
    )
    source_lang: str | None = Field(
        default=None,
        description="e.g. zh-Hant (also takes zh-Hant-HK)",
        json_schema_extra=LANGUAGE_TAG_SCHEMA,
    )
    target_lang: str | None = Field(
        default=None, description="e.g. en", json_schema_extra=LANGUAGE_TAG_SCHEMA
    )
    changed_since: str | None = Field(default=None, description="ISO 8601 date or time")
    tags: Literal["bcp47", "region"] = Field(
        default="bcp47",
        description="Chinese tags as stored (zh-Hans, zh-Hant-TW) or as regions (zh-CN, zh-TW)",
    )
    profile: Literal["cat", "full"] | None = Field(
        default=None,
        description="cat: only preferred and admitted terms, for CAT tools that show every "
        "term alike (the default of tsv and tbx2008); full: every term with its status (the "
        "default of tbx, csv and xlsx)",
    )
    ids: str | None = Field(
        default=None,
        description="Only these concepts, comma-separated ids (a job glossary)",
        examples=["113,114"],
    )
