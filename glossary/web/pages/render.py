"""Rendering a page together with the link to its JSON twin."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template


def render_page(
    template: str, *, alternate: str | None = None, status: int = 200, **context: Any
) -> Response:
    """Render ``template``; ``alternate`` is the URL of the same data as JSON."""
    html = render_template(template, alternate_json=alternate, **context)
    response = Response(html, status=status, mimetype="text/html")
    if alternate:
        response.headers["Link"] = f'<{alternate}>; rel="alternate"; type="application/json"'
    return response
