"""HTML pages for translators: server-rendered templates, plain CSS, a little JavaScript.

Each page gets its data from the same store functions as its JSON twin under
/api/, renders it, and links the twin with ``rel="alternate"``. Pages work
without JavaScript; the script only adds search-as-you-type, copy buttons and
the like.
"""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_wtf.csrf import CSRFProtect

bp = Blueprint("pages", __name__)

# Pages sign in with a cookie, so their forms need CSRF tokens; the JSON API
# authenticates every request with a token header and needs none.
csrf = CSRFProtect()


@bp.record_once
def _setup(state: object) -> None:
    app: Flask = state.app  # type: ignore[attr-defined]
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    # A token per session rather than per hour: an editor may leave a form open
    # for long, and an expired token would throw away what they typed.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    csrf.init_app(app)


@bp.before_request
def _check_csrf() -> None:
    csrf.protect()


# Page modules register their views on ``bp`` when imported.
from glossary.web.pages import (  # noqa: E402,F401
    annotate,
    concepts,
    display,
    help,
    live,
    memory,
    preferences,
    qa,
    review,
    search,
    signin,
)
