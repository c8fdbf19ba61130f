"""Files over HTTP, shared by the term base and translation-memory endpoints.

Uploads come as the ``file`` field of a multipart form or as the raw body; a
raw body is spooled to a temporary file, so readers may seek and nothing large
stays in memory (Werkzeug refuses bodies over GLOSSARY_MAX_UPLOAD_MB with 413
before they are read). Downloads carry an ``ETag`` and answer a matching
``If-None-Match`` with 304 (OmegaT's HTTP team repositories poll this way,
notes/protocols.md §4.2).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO
from urllib.parse import quote

from flask import Response, request
from sqlalchemy.orm import Session

from glossary.formats.errors import FormatError
from glossary.web.errors import ApiError

# Bodies up to this size stay in memory while spooled; larger ones go to disk.
SPOOL = 8 << 20
CHUNK = 1 << 16


def spooled() -> IO[bytes]:
    """An empty temporary file that lives in memory while small."""
    return tempfile.SpooledTemporaryFile(max_size=SPOOL)  # the caller closes it


def uploaded_file(raw_types: tuple[str, ...] | None = None) -> tuple[str, IO[bytes]]:
    """The uploaded file's name and a seekable stream of it; the caller closes the stream.

    :param raw_types: the content types a raw body may have (None: any).
    :raises ApiError: 400 for a form without the file, 415 for a raw body of another type.
    """
    if request.mimetype == "multipart/form-data":
        files = list(request.files.values())
        upload = request.files.get("file") or (files[0] if len(files) == 1 else None)
        if upload is None:
            raise ApiError(400, "Send the file as the form field 'file'.")
        return upload.filename or "upload", upload.stream
    if raw_types is not None and request.mimetype not in raw_types:
        raise ApiError(
            415,
            f"Send the file as {' or '.join(raw_types)}, or as the multipart form field 'file'.",
        )
    spool = spooled()
    try:
        shutil.copyfileobj(request.stream, spool, CHUNK)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return request.headers.get("X-Filename") or "upload", spool


@contextmanager
def all_or_nothing(session: Session, *, dry_run: bool) -> Iterator[None]:
    """An import's transaction: committed when it succeeds, rolled back when it fails
    or is a dry run; a file that turns out unreadable is a 422."""
    try:
        yield
    except FormatError as exc:
        session.rollback()
        raise unreadable(exc) from exc
    except BaseException:
        session.rollback()
        raise
    if dry_run:
        session.rollback()
    else:
        session.commit()


def unreadable(exc: FormatError) -> ApiError:
    """422 for a file that cannot be read: nothing of it was imported."""
    return ApiError(
        422,
        f"{exc} — nothing was imported.",
        type="/problems/unreadable-file",
        title="Unreadable file",
    )


def not_modified(etag: str, *, weak: bool = False) -> Response | None:
    """304 when the client's If-None-Match holds ``etag``, else None."""
    held = request.if_none_match
    if not (held.contains_weak(etag) if weak else held.contains(etag)):
        return None
    response = Response(status=304)
    response.set_etag(etag, weak=weak)
    return response


def _attachment(filename: str) -> str:
    """A Content-Disposition that every client reads (RFC 6266: ASCII name, then UTF-8)."""
    fallback = filename.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    if fallback == filename:
        return f'attachment; filename="{filename}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def download(
    body: bytes | IO[bytes], *, mimetype: str, filename: str, etag: str, weak: bool = False
) -> Response:
    """A file to save, with its ETag; a spooled body is streamed and closed after."""
    if mimetype.startswith("text/"):
        mimetype += "; charset=utf-8"
    if isinstance(body, bytes):
        response = Response(body, content_type=mimetype)
    else:
        body.seek(0)

        def chunks() -> Iterator[bytes]:
            try:
                while data := body.read(CHUNK):
                    yield data
            finally:
                body.close()

        response = Response(chunks(), content_type=mimetype)
    response.headers["Content-Disposition"] = _attachment(filename)
    response.set_etag(etag, weak=weak)
    return response
