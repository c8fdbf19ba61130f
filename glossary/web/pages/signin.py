"""Signing in to the pages with an API token, for editing.

The session cookie (signed, HttpOnly, SameSite=Lax) keeps only the token's
SHA-256, never the secret, and every request checks that the token is still
active, so revoking a token signs its pages out too.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from glossary.models import ApiToken
from glossary.store import tokens
from glossary.web.auth import RANK, note_use
from glossary.web.database import get_session
from glossary.web.pages import bp
from glossary.web.throttle import retry_after, sign_in_failed

F = TypeVar("F", bound=Callable[..., Any])
SESSION_KEY = "token_hash"


# Pages anyone may open when reads are private: they are how one gets in.
OPEN_PAGES = {"pages.signin", "pages.signout", "pages.choose_script"}


@bp.before_request
def _private_reads_need_a_sign_in() -> Response | None:
    if current_app.config["PUBLIC_READ"] or request.endpoint in OPEN_PAGES:
        return None
    if page_token() is None:
        return redirect(url_for("pages.signin", next=request.full_path.rstrip("?")))
    return None


def page_token() -> ApiToken | None:
    """The token the reader signed in with, if it is still active."""
    if "page_token" not in g:
        digest = session.get(SESSION_KEY)
        g.page_token = tokens.find_active_by_hash(get_session(), digest) if digest else None
    return g.page_token


def page_actor() -> str:
    token = page_token()
    return f"token:{token.name}#{token.id}" if token else "anonymous"


def can_edit() -> bool:
    token = page_token()
    return token is not None and RANK[token.role] >= RANK["editor"]


def editor_required(view: F) -> F:
    """Send readers who are not signed in to the sign-in page; refuse a lesser token."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        token = page_token()
        if token is None:
            return redirect(url_for("pages.signin", next=request.full_path.rstrip("?")))
        if not can_edit():
            abort(403, f"Editing needs an editor token; you signed in with a {token.role} token.")
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def safe_next(target: str | None) -> str:
    """``target`` if it is a path on this site, else the home page.

    Browsers drop tabs and line breaks from URLs and read a backslash as a
    slash, so "/\t/evil.example" would leave the site: such characters make
    the target unsafe, as do a scheme or a host.
    """
    if (
        target
        and target.startswith("/")
        and not any(c.isspace() or c == "\\" or ord(c) < 0x20 or ord(c) == 0x7F for c in target)
    ):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and not target.startswith("//"):
            return target
    return url_for("pages.index")


@bp.route("/signin", methods=["GET", "POST"])
def signin() -> Response | tuple[str, int, dict[str, str]]:
    """Sign in with a token: any role to read private pages, an editor's to edit."""
    error, status, headers = None, 200, {}
    if request.method == "POST":
        wait = retry_after()
        secret = request.form.get("token", "").strip()
        token = tokens.authenticate(get_session(), secret) if secret and not wait else None
        if wait:
            error = f"Too many failed sign-ins from this address: try again in {wait} seconds."
            status, headers = 429, {"Retry-After": str(wait)}
        elif token is None:
            sign_in_failed()
            error, status = "That token is unknown or revoked.", 401
        else:
            note_use(token)
            session.clear()
            session[SESSION_KEY] = token.token_hash
            return redirect(safe_next(request.form.get("next")), code=303)
    html = render_template("pages/signin.html", error=error, next=request.values.get("next", ""))
    return html, status, headers


@bp.post("/signout")
def signout() -> Response:
    session.clear()
    return redirect(url_for("pages.index"), code=303)


@bp.app_context_processor
def _signed_in() -> dict[str, Any]:
    return {"page_token": page_token, "can_edit": can_edit}
