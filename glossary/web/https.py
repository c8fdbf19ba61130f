"""Which requests came over https, and cookies that follow: HttpOnly, SameSite=Lax, Secure.

Behind a reverse proxy that ends TLS, the app sees plain http; the proxy says
what the client used in ``X-Forwarded-Proto`` (and who it was in
``X-Forwarded-For``). Anyone can send those headers, so they are believed only
when GLOSSARY_TRUSTED_PROXIES says how many proxies stand in front (werkzeug's
``ProxyFix`` then takes that many hops from the right); by default they are
ignored.

Every cookie is HttpOnly and SameSite=Lax, and Secure when the request came
over https, so a cookie set over https never travels over plain http, while
plain-http development still works. (Flask's own defaults hold
``SESSION_COOKIE_SAMESITE`` as None, so ``config.setdefault`` would not set it:
it is set here outright.)
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from glossary.web.fast import PageSessions

SAMESITE = "Lax"


class SessionInterface(PageSessions):
    """The pages' signed-cookie sessions, Secure whenever the request was https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def set_cookie(response: Response, key: str, value: str, **options: Any) -> None:
    """``response.set_cookie`` with this app's flags (HttpOnly, SameSite=Lax, Secure over https)."""
    options.setdefault("httponly", True)
    options.setdefault("samesite", SAMESITE)
    options.setdefault("secure", request.is_secure)
    response.set_cookie(key, value, **options)


def init_app(app: Flask) -> None:
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = SAMESITE
    app.session_interface = SessionInterface()
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
