"""Logs without secrets: ``/t/<token>/…`` is logged as ``/t/[redacted]/…``.

Clients that can send neither headers nor HTTP Basic auth put their token in
the path (``/t/<token>/tmserver``, see ``tmserver``), and access logs record
paths. Two pieces keep the token out:

* ``RedactTokens``, a logging filter that rewrites a record's message. The app
  puts it on the loggers of the development server (``werkzeug``) and of
  gunicorn (``gunicorn.access``, ``gunicorn.error``) when it is created, so the
  access log and gunicorn's "Error handling request /t/…" lines are redacted in
  whichever server runs it;
* ``RedactingLogger``, gunicorn's logger class with the same rewrite applied to
  every access-log atom (``%(r)s``, ``%(U)s``, ``%(f)s``, ``%({raw_uri}e)s`` …) and
  the ``Authorization`` header blanked, for ``logger_class`` in gunicorn.conf.py.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask
from gunicorn.glogging import Logger

LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")
REDACTED = "[redacted]"
# A token in a path: what follows /t/ up to the next slash (or the end of the path).
_TOKEN_PATH = re.compile(r"(/t/)[^/?#\s\"']+")


def redact(text: str) -> str:
    """``text`` with every ``/t/<token>`` path segment blanked."""
    return _TOKEN_PATH.sub(r"\g<1>" + REDACTED, text)


class RedactTokens(logging.Filter):
    """Rewrites a log record's message with ``redact`` (it never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def install(names: tuple[str, ...] = LOGGERS) -> None:
    """Put the filter on these loggers, once."""
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())


class RedactingLogger(Logger):
    """gunicorn's logger, writing no token and no credentials to the access log."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        install(("gunicorn.access", "gunicorn.error"))

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if isinstance(value, str):
                atoms[key] = redact(value)
        if "{authorization}i" in atoms:
            atoms["{authorization}i"] = REDACTED
        return atoms


def init_app(_app: Flask) -> None:
    install()
