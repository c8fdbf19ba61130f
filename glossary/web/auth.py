"""Bearer tokens with roles: reader < editor < admin.

Reads are public unless GLOSSARY_PUBLIC_READ is off; writes need an editor;
token management needs an admin. A token arrives as ``Authorization: Bearer
<secret>``, or as the password of HTTP Basic (what Weblate can send to the
tmserver routes, which cannot carry custom headers).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, g, request

from glossary.models import ApiToken
from glossary.store import tokens
from glossary.web.database import get_session
from glossary.web.errors import ApiError

RANK = {"reader": 1, "editor": 2, "admin": 3}
F = TypeVar("F", bound=Callable[..., Any])

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="glossary"'}


def _presented_secret() -> str | None:
    auth = request.authorization
    if auth is None:
        return None
    if auth.type == "bearer":
        return auth.token
    if auth.type == "basic":
        # Any user name; the password is the token.
        return auth.password
    return None


def authenticate_secret(secret: str) -> ApiToken:
    """The token for ``secret``, remembered for the request.

    :raises ApiError: 401 for an unknown or revoked token.
    """
    session = get_session()
    token = tokens.authenticate(session, secret)
    if token is None:
        raise ApiError(401, "The token is unknown or revoked.", headers=_CHALLENGE)
    if session.dirty:
        session.commit()
    g.token = token
    return token


def current_token() -> ApiToken | None:
    """The request's token, or None when it presents none.

    :raises ApiError: 401 when it presents one that is not valid.
    """
    if "token" not in g:
        secret = _presented_secret()
        g.token = authenticate_secret(secret) if secret else None
    return g.token


def actor() -> str:
    token = current_token()
    return f"token:{token.name}#{token.id}" if token else "anonymous"


def check(role: str) -> ApiToken:
    """The request's token if it holds ``role`` or higher.

    :raises ApiError: 401 without a token, 403 with too low a role.
    """
    token = current_token()
    if token is None:
        raise ApiError(401, f"This needs a token with the {role} role.", headers=_CHALLENGE)
    if RANK[token.role] < RANK[role]:
        raise ApiError(403, f"This needs the {role} role; the token has {token.role}.")
    return token


def check_read() -> None:
    """Reads pass when they are public; otherwise they need a reader token."""
    if current_app.config["PUBLIC_READ"]:
        current_token()  # still refuse a bad token rather than ignore it
    else:
        check("reader")


def require(role: str) -> Callable[[F], F]:
    """Decorate a view that needs ``role``."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            check(role)
            return view(*args, **kwargs)

        wrapped._required_role = role  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator
