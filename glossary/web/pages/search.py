"""The home page: one search box for terms in either Chinese script or English."""

from __future__ import annotations

from flask import Response, url_for

from glossary.store import concepts as store
from glossary.web.database import get_session
from glossary.web.pages import bp
from glossary.web.pages.render import render_page


@bp.get("/")
def index() -> Response:
    """Search terms; without a query, offer the subject fields to browse."""
    return render_page(
        "pages/search.html",
        alternate=url_for("api.list_concepts"),
        subject_fields=store.subject_fields(get_session()),
    )
