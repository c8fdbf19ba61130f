"""The API's index and its OpenAPI document."""

from __future__ import annotations

from flask import Response, current_app, url_for

import glossary
from glossary.web.api import bp, json_response
from glossary.web.meta_schemas import ServiceIndex
from glossary.web.openapi import build_spec, operation


@bp.get("/")
@operation("What this service offers, with links", tags=["meta"], response=ServiceIndex)
def index() -> Response:
    return json_response(
        {
            "name": "glossary",
            "version": glossary.__version__,
            "links": {
                "concepts": url_for("api.list_concepts"),
                "openapi": url_for("api.openapi"),
            },
        }
    )


@bp.get("/openapi.json")
@operation("This OpenAPI 3.1 document", tags=["meta"])
def openapi() -> Response:
    spec = current_app.extensions.get("glossary.openapi")
    if spec is None:
        spec = current_app.extensions["glossary.openapi"] = build_spec(current_app)
    return json_response(spec)
