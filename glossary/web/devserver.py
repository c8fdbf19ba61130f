"""The development server's request handler: raw UTF-8 in a request line reads as UTF-8.

curl sends ``/api/terms?q=灣區`` as the UTF-8 bytes themselves, unescaped. Python's
``http.server`` decodes a request line as Latin-1, and werkzeug then encodes that
text again as UTF-8, so the app would see mojibake (``ç\\x81£``) and find nothing.
Here every byte above 0x7F of the request line is percent-encoded first, which
is what a browser would have sent; the app then decodes path and query as UTF-8 as usual.
(gunicorn refuses such a request line with 400; the README's examples send
Chinese with ``curl -G --data-urlencode``, which works everywhere.)
"""

from __future__ import annotations

import re
from urllib.parse import quote

from werkzeug.serving import WSGIRequestHandler

_NOT_ASCII = re.compile(rb"[\x80-\xff]+")


def escape_raw_bytes(request_line: bytes) -> bytes:
    """``request_line`` with every byte above 0x7F percent-encoded, ASCII kept as it is."""
    return _NOT_ASCII.sub(lambda m: quote(m.group(), safe="").encode("ascii"), request_line)


class Utf8RequestHandler(WSGIRequestHandler):
    """werkzeug's handler, reading raw non-ASCII bytes in the request line as UTF-8."""

    raw_requestline: bytes  # set by http.server before parse_request

    def parse_request(self) -> bool:
        # Before http.server splits the line: read as Latin-1, a UTF-8 byte such as
        # 0x85 (in 入) would even count as whitespace there and break the line apart.
        self.raw_requestline = escape_raw_bytes(self.raw_requestline)
        return super().parse_request()
