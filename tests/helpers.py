"""Small helpers shared by tests."""

from __future__ import annotations

import socket
from typing import Any

from werkzeug.test import TestResponse


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def free_port() -> int:
    """A loopback port nothing listens on now (the kernel's choice, so parallel tests differ)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def assert_none_failed(failures: list[str], what: str) -> None:
    """Assert that a check over many records found nothing, naming every record that failed."""
    assert not failures, f"{len(failures)} {what}:\n" + "\n".join(failures)


def assert_problem(response: TestResponse, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem with this status; returns its body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status
    assert isinstance(body["type"], str) and body["type"]
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    return body


BAY_AREA_CONNECT = {
    "ref": "test-bay-area-connect",
    "subject_field": "Greater Bay Area cooperation",
    "status": "approved",
    "notes": {"en": "A programme to align rules across the Greater Bay Area."},
    "sources": ["test"],
    "terms": [
        {"lang": "zh-Hant", "text": "灣區通", "status": "preferred"},
        {"lang": "zh-Hans", "text": "湾区通", "status": "preferred"},
        {"lang": "en", "text": "Bay Area Connect", "status": "preferred"},
        {"lang": "en", "text": "Bay Area Pass", "status": "deprecated"},
    ],
}
