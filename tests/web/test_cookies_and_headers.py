"""Cookies are HttpOnly, SameSite=Lax and Secure over https; every response carries security headers."""

from __future__ import annotations

import pytest

from tests.helpers import bearer
from tests.web.pages.conftest import csrf_from


def _cookie(response, name: str) -> list[str]:
    """The attributes of the Set-Cookie for ``name``, lower-cased, without its value."""
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(f"{name}="):
            return [part.strip().lower() for part in header.split(";")[1:]]
    raise AssertionError(f"no cookie {name}: {response.headers.getlist('Set-Cookie')}")


def _sign_in(client, secret: str, scheme: str = "http", headers: dict[str, str] | None = None):
    # Over https, CSRF protection checks the Referer, which browsers send to the same site.
    request = {"base_url": f"{scheme}://localhost", "headers": {**(headers or {})}}
    form = client.get("/signin", **request)
    request["headers"]["Referer"] = "https://localhost/signin"
    return client.post("/signin", data={"token": secret, "csrf_token": csrf_from(form)}, **request)


def test_the_session_cookie_over_http(client, tokens) -> None:
    response = _sign_in(client, tokens["editor"])
    assert response.status_code == 303
    flags = _cookie(response, "session")
    assert "httponly" in flags and "samesite=lax" in flags
    assert "secure" not in flags  # plain-http development still signs in


def test_the_session_cookie_over_https(client, tokens) -> None:
    response = _sign_in(client, tokens["editor"], "https")
    assert response.status_code == 303
    flags = _cookie(response, "session")
    assert {"httponly", "samesite=lax", "secure"} <= set(flags)


def test_the_script_cookie(client) -> None:
    form = client.get("/", base_url="https://localhost")
    response = client.post(
        "/script",
        data={"script": "Hans", "next": "/", "csrf_token": csrf_from(form)},
        base_url="https://localhost",
        headers={"Referer": "https://localhost/"},
    )
    assert response.status_code == 303
    assert {"httponly", "samesite=lax", "secure"} <= set(_cookie(response, "script"))


def test_a_forwarded_proto_is_ignored_without_a_trusted_proxy(client, tokens) -> None:
    response = _sign_in(client, tokens["editor"], headers={"X-Forwarded-Proto": "https"})
    assert "secure" not in _cookie(response, "session")


class TestBehindAProxy:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "TRUSTED_PROXIES": 1}

    def test_its_forwarded_proto_makes_cookies_secure(self, client, tokens) -> None:
        response = _sign_in(client, tokens["editor"], headers={"X-Forwarded-Proto": "https"})
        assert "secure" in _cookie(response, "session")
        response = _sign_in(client, tokens["editor"], headers={"X-Forwarded-Proto": "http"})
        assert "secure" not in _cookie(response, "session")


def test_trusted_proxies_must_be_a_count(app_config) -> None:
    from glossary.web import create_app

    with pytest.raises(ValueError, match="GLOSSARY_TRUSTED_PROXIES"):
        create_app({**app_config, "TRUSTED_PROXIES": "yes"})


@pytest.mark.parametrize("path", ["/", "/?q=灣區", "/concepts", "/annotate", "/signin", "/nowhere"])
def test_pages_forbid_inline_script_and_framing(client, path: str) -> None:
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.mimetype == "text/html"
    policy = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "path",
    [
        "/api/concepts",
        "/api/openapi.json",
        "/api/concepts/999",
        "/api/termbase/export/csv",
        "/tmserver/languages/",
        "/static/glossary.js",
    ],
)
def test_data_may_not_run_or_be_framed(client, path: str) -> None:
    response = client.get(path)
    response.close()
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_headers_on_errors_and_writes(client, tokens) -> None:
    response = client.post("/api/concepts", json={}, headers=bearer(tokens["editor"]))
    assert response.status_code == 422
    assert response.headers["X-Content-Type-Options"] == "nosniff"
