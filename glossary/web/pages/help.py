"""The help page: what each page does, the exports, and the keyboard shortcuts."""

from __future__ import annotations

from flask import Response, url_for

from glossary.web.pages import bp
from glossary.web.pages.render import render_page

# (keys, where, what): the page lists them; static/glossary.js implements them.
SHORTCUTS = (
    (("/",), "every page", "Go to the search box (on pages without one, open the search page)"),
    (("j", "↓"), "search results", "Next result"),
    (("k", "↑"), "search results", "Previous result"),
    (("Enter",), "search results", "Open the result"),
    (("Ctrl", "Enter"), "any text box", "Submit the form (⌘ Enter on a Mac)"),
    (("Esc",), "annotate", "Close the open term tip"),
    (("?",), "every page", "This help"),
)


@bp.get("/help")
def help() -> Response:
    """Keyboard shortcuts and how the pages fit together."""
    return render_page("pages/help.html", alternate=url_for("api.index"), shortcuts=SHORTCUTS)
