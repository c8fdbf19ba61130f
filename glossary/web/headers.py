"""Security headers on every response: a Content-Security-Policy, nosniff, no framing.

Pages load script and style only from /static/ — no inline ``<script>``, no
``on…=`` handler attributes, no ``style=`` attributes (a test loads every page
in Chromium and fails on any CSP violation) — so the policy allows nothing
else. Other responses (JSON, files, problem+json) are data, never documents:
their policy allows nothing at all, which also stops a browser from running
anything in an upload it is made to open. No response may be framed by another
site, and a link followed to another site does not carry our URL in its
``Referer`` (``/t/<token>/…`` paths hold secrets).
"""

from __future__ import annotations

from flask import Flask, Response

PAGE_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox"

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


_NAMES = {name.lower() for name in HEADERS} | {"content-security-policy"}


def _secure(response: Response) -> Response:
    # One pass over the response's headers, not a search per name (setdefault): this
    # runs on every response, and the fast API answers are a few hundred microseconds.
    headers = response.headers
    present = {name.lower() for name, _ in headers} & _NAMES
    for name, value in HEADERS.items():
        if name.lower() not in present:
            headers.add(name, value)
    if "content-security-policy" not in present:
        policy = PAGE_POLICY if response.mimetype == "text/html" else DATA_POLICY
        headers.add("Content-Security-Policy", policy)
    return response


def response_headers(mimetype: str, length: int) -> list[tuple[str, str]]:
    """The headers of a Flask response of ``length`` bytes of ``mimetype`` (no charset
    parameter) once ``_secure`` has run, in the same order: for glossary.web.api.hot."""
    policy = PAGE_POLICY if mimetype == "text/html" else DATA_POLICY
    return [
        ("Content-Type", mimetype),
        ("Content-Length", str(length)),
        *HEADERS.items(),
        ("Content-Security-Policy", policy),
    ]


def init_app(app: Flask) -> None:
    app.after_request(_secure)
