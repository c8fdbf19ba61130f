"""API tokens, for admins: list, create (the secret is shown once), revoke."""

from __future__ import annotations

from flask import Response

from glossary.store import tokens as store
from glossary.web.api import bp, json_body, json_response
from glossary.web.auth import require
from glossary.web.database import get_session
from glossary.web.openapi import operation
from glossary.web.token_schemas import TokenCreated, TokenIn, TokenList, TokenOut

TAGS = ["tokens"]


@bp.get("/tokens")
@require("admin")
@operation("List API tokens (never their secrets)", tags=TAGS, response=TokenList)
def list_tokens() -> Response:
    items = store.list_tokens(get_session())
    return json_response({"items": [store.token_to_dict(t) for t in items]})


@bp.post("/tokens")
@require("admin")
@operation(
    "Create an API token; the response is the only place its secret appears",
    tags=TAGS,
    body=TokenIn,
    response=TokenCreated,
    status=201,
)
def create_token() -> Response:
    body = json_body(TokenIn)
    session = get_session()
    token, secret = store.create_token(session, body.name, body.role)
    session.commit()
    return json_response({**store.token_to_dict(token), "token": secret}, 201)


@bp.delete("/tokens/<int:token_id>")
@require("admin")
@operation("Revoke an API token", tags=TAGS, response=TokenOut)
def revoke_token(token_id: int) -> Response:
    session = get_session()
    token = store.revoke_token(session, token_id)
    session.commit()
    return json_response(store.token_to_dict(token))
