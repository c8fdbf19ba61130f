"""The OpenAPI 3.1 document, built from the URL map and what each view declares.

A view declares its operation with ``@operation(...)``; request and response
schemas are the same pydantic models that validate requests, so the document
cannot describe a body the server would refuse. Paths and methods come from
Flask's URL map. A test checks that every API route is documented.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pydantic
from flask import Flask
from pydantic.json_schema import JsonSchemaMode, models_json_schema

import glossary

F = TypeVar("F", bound=Callable[..., Any])

# Prefixes of the URL space the document covers.
DOCUMENTED_PREFIXES = ("/api/", "/tmserver/", "/t/")


@dataclass
class Operation:
    summary: str
    tags: list[str]
    body: type[pydantic.BaseModel] | None = None
    body_types: tuple[str, ...] = ("application/json",)
    response: type[pydantic.BaseModel] | None = None
    response_type: str = "application/json"
    status: int = 200
    query: type[pydantic.BaseModel] | None = None
    description: str | None = None
    responses: dict[int, str] = field(default_factory=dict)


def operation(
    summary: str,
    *,
    tags: list[str],
    body: type[pydantic.BaseModel] | None = None,
    body_types: tuple[str, ...] = ("application/json",),
    response: type[pydantic.BaseModel] | None = None,
    response_type: str = "application/json",
    status: int = 200,
    query: type[pydantic.BaseModel] | None = None,
    description: str | None = None,
    responses: dict[int, str] | None = None,
) -> Callable[[F], F]:
    """Declare a view's operation for the OpenAPI document."""

    def decorator(view: F) -> F:
        view._openapi = Operation(  # type: ignore[attr-defined]
            summary,
            tags,
            body,
            body_types,
            response,
            response_type,
            status,
            query,
            description,
            responses or {},
        )
        return view

    return decorator


_CONVERTER = re.compile(r"<(?:(?P<conv>[a-z]+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
# What the converters match: ids are non-negative and stop at the database's integer
# columns (glossary.web.BoundedInt); a larger one is simply not found.
_SCHEMA_OF_CONVERTER = {
    "int": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1},
    "float": {"type": "number"},
}


def openapi_path(rule: str) -> tuple[str, list[dict[str, Any]]]:
    """``/api/concepts/<int:concept_id>`` → ``/api/concepts/{concept_id}`` and its parameters."""
    params = []
    for m in _CONVERTER.finditer(rule):
        schema = _SCHEMA_OF_CONVERTER.get(m["conv"] or "", {"type": "string"})
        params.append({"name": m["name"], "in": "path", "required": True, "schema": schema})
    return _CONVERTER.sub(lambda m: "{" + m["name"] + "}", rule), params


def _query_parameters(model: type[pydantic.BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema()
    required = set(schema.get("required", []))
    return [
        {
            "name": name,
            "in": "query",
            "required": name in required,
            "schema": {k: v for k, v in prop.items() if k != "title"},
            **({"description": prop["description"]} if "description" in prop else {}),
        }
        for name, prop in schema.get("properties", {}).items()
    ]


def documented_rules(app: Flask) -> list[tuple[str, str, str]]:
    """(path rule, method, endpoint) of every route the document must cover."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(DOCUMENTED_PREFIXES) or rule.rule in ("/api", "/tmserver"):
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                found.append((rule.rule, method, rule.endpoint))
    return sorted(found)


def _operation(
    app: Flask, rule: str, method: str, endpoint: str, view: Callable[..., Any], op: Operation
) -> tuple[str, dict[str, Any]]:
    """The OpenAPI path of ``rule`` and its operation, all but the request and response bodies."""
    path, path_params = openapi_path(rule)
    entry: dict[str, Any] = {
        "operationId": f"{endpoint}.{method.lower()}",
        "summary": op.summary,
        "tags": op.tags,
    }
    if op.description:
        entry["description"] = op.description
    params = path_params + (_query_parameters(op.query) if op.query else [])
    if params:
        entry["parameters"] = params
    role = getattr(view, "_required_role", None)
    if role and method in CONDITIONAL_METHODS:
        required = bool(app.config.get("REQUIRE_IF_MATCH", True))
        entry.setdefault("parameters", []).append(_if_match(required))
    entry["security"] = (
        [{"bearer": []}, {"basic": []}] if role else [{}, {"bearer": []}, {"basic": []}]
    )
    if role:
        entry["description"] = (
            entry.get("description", "") + f"\n\nNeeds the {role} role."
        ).strip()
    return path, entry


def _add_bodies(entry: dict[str, Any], op: Operation, keys: dict[Any, Any]) -> None:
    """Add the request body and the responses, with ``keys`` naming the models' schemas."""
    if op.body:
        ref = keys[(op.body, "validation")]
        entry["requestBody"] = {
            "required": True,
            "content": {t: {"schema": ref} for t in op.body_types},
        }
    ok: dict[str, Any] = {"description": HTTP_PHRASES.get(op.status, "Success")}
    if op.response:
        ok["content"] = {op.response_type: {"schema": keys[(op.response, "serialization")]}}
    elif op.response_type != "application/json":
        ok["content"] = {op.response_type: {"schema": {"type": "string"}}}
    responses: dict[str, Any] = {str(op.status): ok}
    for status, description in op.responses.items():
        responses[str(status)] = {"description": description}
    if any(p.get("name") == "If-Match" for p in entry.get("parameters", [])):
        responses.setdefault("412", {"description": "If-Match names an old version"})
        responses["428"] = {"description": "If-Match is missing"}
    responses["default"] = {"$ref": "#/components/responses/Problem"}
    entry["responses"] = responses


def build_spec(app: Flask) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    models: list[tuple[type[pydantic.BaseModel], JsonSchemaMode]] = []
    pending: list[tuple[dict[str, Any], Operation]] = []
    for rule, method, endpoint in documented_rules(app):
        view = app.view_functions[endpoint]
        op: Operation | None = getattr(view, "_openapi", None)
        if op is None:
            continue
        path, entry = _operation(app, rule, method, endpoint, view, op)
        if op.body:
            models.append((op.body, "validation"))
        if op.response:
            models.append((op.response, "serialization"))
        paths.setdefault(path, {})[method.lower()] = entry
        pending.append((entry, op))

    keys, schemas = models_json_schema(models, ref_template="#/components/schemas/{model}")
    components: dict[str, Any] = dict(schemas.get("$defs", {}))
    for entry, op in pending:
        _add_bodies(entry, op, keys)

    components.setdefault("Problem", PROBLEM_SCHEMA)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "glossary",
            "version": glossary.__version__,
            "description": "Chinese ⇄ English policy term base and translation memory.",
        },
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": components,
            "responses": {
                "Problem": {
                    "description": "An error, as RFC 9457 problem details.",
                    "content": {
                        "application/problem+json": {
                            "schema": {"$ref": "#/components/schemas/Problem"}
                        }
                    },
                }
            },
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "basic": {
                    "type": "http",
                    "scheme": "basic",
                    "description": "Any user name; the token as the password.",
                },
            },
        },
    }


# Methods that change or remove what a client read: they must say which version
# they read (If-Match), or concurrent writers lose each other's changes
# (glossary.web.api answers 428 without it).
CONDITIONAL_METHODS = ("PUT", "PATCH", "DELETE")


def _if_match(required: bool) -> dict[str, Any]:
    return {
        "name": "If-Match",
        "in": "header",
        "required": required,
        "schema": {"type": "string"},
        "description": "The ETag read from the resource, or * to apply the change to whatever "
        "version is current. Without it the server answers 428 (GLOSSARY_REQUIRE_IF_MATCH).",
    }


HTTP_PHRASES = {200: "OK", 201: "Created", 202: "Accepted", 204: "No Content"}

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "string"}},
    },
}
