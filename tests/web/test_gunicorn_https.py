"""Over real gunicorn: X-Forwarded-Proto makes cookies Secure only with GLOSSARY_TRUSTED_PROXIES.

gunicorn believes X-Forwarded-Proto itself from the addresses in
``forwarded_allow_ips`` (loopback by default), so gunicorn.conf.py empties that
list and leaves the decision to the app (werkzeug's ProxyFix, configured by
GLOSSARY_TRUSTED_PROXIES).
"""

from __future__ import annotations

import urllib.request

import pytest

from tests.web.servers import Service

# Starts gunicorn in a subprocess for each case.
pytestmark = pytest.mark.slow

NO_FORWARDERS = "--forwarded-allow-ips="


def _session_cookie(base: str) -> str:
    request = urllib.request.Request(f"{base}/signin", headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request) as response:
        cookies = [c for c in response.headers.get_all("Set-Cookie") if c.startswith("session=")]
    assert len(cookies) == 1, cookies
    return cookies[0].lower()


@pytest.mark.parametrize(("proxies", "secure"), [("0", False), ("1", True)])
def test_forwarded_https(private_service: Service, gunicorn, proxies: str, secure: bool) -> None:
    env = {**private_service.env, "GLOSSARY_TRUSTED_PROXIES": proxies}
    server = gunicorn(env, NO_FORWARDERS)
    cookie = _session_cookie(server.base)
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert ("; secure" in cookie) is secure, cookie
