"""The one place an import ends well: every importer calls ``import_committed``.

The command line (``glossary import``, ``glossary init``) and the API
(``POST /api/memories/<name>/import``, ``POST /api/termbase/import``) call it
right after an import's transaction has committed; never for a dry run, never
when the import failed (nothing was written then). Whatever must follow every
import (building the next index generation, say) belongs here.
"""

from __future__ import annotations

import logging

from flask import Flask

log = logging.getLogger(__name__)


def import_committed(app: Flask, *, kind: str, memory: str | None = None) -> None:
    """An import's transaction has committed.

    :param kind: ``"memory"`` (TMX into a translation memory), ``"termbase"``
        (a term base file) or ``"shipped"`` (what ``glossary init`` loads).
    :param memory: the memory imported into, for ``"memory"``.
    """
    log.info("import committed: %s%s", kind, f" into {memory!r}" if memory else "")
