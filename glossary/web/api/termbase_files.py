"""Term base files over HTTP: upload one to import it, download the term base as a file.

``POST /api/termbase/import`` takes the file as the raw body or as the ``file``
field of a multipart form; its format is read from its content. The answer is
the import's report; ``?dry_run=1`` reports without writing. Bodies larger than
GLOSSARY_MAX_UPLOAD_MB are refused with 413 before they are read.

``GET /api/termbase/export/<format>`` answers with a weak ``ETag`` naming what
the export holds, and with 304 to ``If-None-Match`` while that has not changed
(OmegaT's HTTP team repositories poll this way, notes/protocols.md §4.2).
"""

from __future__ import annotations

import io

from flask import Response, current_app
from pydantic import BaseModel

from glossary.formats.detect import FORMATS, detect_format
from glossary.formats.errors import FormatError
from glossary.formats.termbase import NAMES, ReadOptions, WriteOptions, termbase_format
from glossary.store.termbase_export import ExportFilters, export_etag, export_records
from glossary.store.termbase_import import import_entries
from glossary.web.api import bp, json_response, query_args
from glossary.web.api.files import (
    all_or_nothing,
    download,
    not_modified,
    unreadable,
    uploaded_file,
)
from glossary.web.auth import actor, require
from glossary.web.database import get_session
from glossary.web.errors import ApiError
from glossary.web.openapi import operation
from glossary.web.termbase_file_schemas import (
    EntryOutcome,
    ExportQuery,
    FileUpload,
    ImportCounts,
    ImportQuery,
)

TAGS = ["term base files"]
# How far an upload may expand when read (UTF-16 → UTF-8, a zipped workbook's parts).
EXPANSION = 8


# The one body model not in termbase_file_schemas: the memories API has an ImportReportOut
# too, so the OpenAPI document names each by its module path, and clients know this one
# as glossary__web__api__termbase_files__ImportReportOut. Moving it renames it there.
class ImportReportOut(BaseModel):
    source: str
    format: str
    dry_run: bool
    counts: ImportCounts
    entries: list[EntryOutcome]
    notices: list[str]


@bp.post("/termbase/import")
@require("editor")
@operation(
    "Import a term base file (TBX v3, TBX 2008, OmegaT TSV, CSV, XLSX)",
    tags=TAGS,
    query=ImportQuery,
    body=FileUpload,
    body_types=("multipart/form-data",),
    response=ImportReportOut,
    description=(
        "The body is a multipart form with the file in 'file', or the file itself (any "
        "other content type; X-Filename may name it). The format is read from the content. All or nothing: the report says what was taken, "
        "merged into existing concepts, already present or skipped, and why."
    ),
    responses={413: "The body is too large", 422: "The file cannot be read"},
)
def import_termbase() -> Response:
    query = query_args(ImportQuery)
    name, stream = uploaded_file()
    with stream:
        fmt: str | None = query.format
        if fmt is None:
            try:
                fmt = detect_format(stream.read(8192), name)
            except FormatError as exc:
                raise unreadable(exc) from exc
            stream.seek(0)
        if fmt not in NAMES:
            raise ApiError(
                422,
                f"This is a {FORMATS[fmt]} file; this endpoint imports term bases "
                "(TBX, TBX 2008, TSV, CSV, XLSX).",
                type="/problems/unreadable-file",
                title="Not a term base file",
            )
        options = ReadOptions(
            source_lang=query.source_lang,
            target_lang=query.target_lang,
            limit=EXPANSION * current_app.config["MAX_CONTENT_LENGTH"],
            name=name,
        )
        session = get_session()
        with all_or_nothing(session, dry_run=query.dry_run):
            report = import_entries(
                session,
                termbase_format(fmt).read(stream, options),
                actor=actor(),
                source=name,
                format=fmt,
                dry_run=query.dry_run,
            )
    return json_response(report.to_dict())


@bp.get("/termbase/export/<any(tbx, tbx2008, tsv, csv, xlsx):fmt>")
@operation(
    "Export the term base as a file",
    tags=TAGS,
    query=ExportQuery,
    response_type="application/octet-stream",
    description=(
        "Formats: tbx (TBX v3, TBX-Basic), tbx2008 (martif, for OmegaT and translate-toolkit), "
        "tsv (OmegaT; needs source_lang and target_lang), csv and xlsx (one row per term). "
        "tsv and tbx2008 carry only preferred and admitted terms unless profile=full. "
        "Send If-None-Match with the ETag of an earlier export to get 304 while it is current."
    ),
    responses={304: "Not modified"},
)
def export_termbase(fmt: str) -> Response:
    query = query_args(ExportQuery)
    filters = ExportFilters.parse(query.model_dump(), fmt)
    if fmt == "tsv" and len(filters.languages) < 2:
        raise ApiError(
            422,
            "An OmegaT glossary is for one language pair: give source_lang and target_lang.",
            type="/problems/validation",
            title="Invalid input",
        )
    writer = termbase_format(fmt)
    options = WriteOptions(languages=filters.languages, tags=query.tags)
    records = export_records(get_session(), filters)
    etag = export_etag(records, fmt, options)
    unchanged = not_modified(etag, weak=True)
    if unchanged is not None:
        return unchanged
    body = io.BytesIO()
    writer.write(records, body, options)
    suffix = "-2008" if fmt == "tbx2008" else ""
    return download(
        body.getvalue(),
        mimetype=writer.media_type,
        filename=f"glossary{suffix}{writer.extensions[0]}",
        etag=etag,
        weak=True,
    )
