"""Events written through one worker reach streams open on another, live.

Two app instances on one database stand for two workers (or hosts): the
stream is opened on one before the chunks are fed through the other, so what
it receives comes through the fan-out (PostgreSQL LISTEN/NOTIFY, or the polled
table on SQLite), not from reading the log at the start.
"""

from __future__ import annotations

import threading

import pytest

from tests.conftest import dispose_app
from tests.helpers import BAY_AREA_CONNECT, bearer
from tests.web.live_helpers import parse_sse


@pytest.fixture
def other_app(app_config):
    from glossary.web import create_app

    other = create_app(app_config)
    yield other
    dispose_app(other)


def test_a_stream_on_one_worker_receives_what_another_worker_wrote(
    app, client, other_app, tokens
) -> None:
    editor = bearer(tokens["editor"])
    client.post("/api/concepts", json=BAY_AREA_CONNECT, headers=editor)
    session_id = client.post("/api/live/sessions", json={}, headers=editor).get_json()["id"]
    app.config["LIVE_HEARTBEAT_SECONDS"] = 0.2
    response = client.get(f"/api/live/sessions/{session_id}/events", buffered=False)
    received = []
    heartbeats = []
    ready = threading.Event()

    def listen() -> None:
        for event in parse_sse(response.response):
            ready.set()
            if event is None:
                heartbeats.append(1)
                continue
            received.append(event)
            if event.event == "end":
                return

    reader = threading.Thread(target=listen)
    reader.start()
    ready.wait(5)  # the first heartbeat: the stream is open and subscribed
    feeder = other_app.test_client()
    for text, final in [("深入實施灣區", True), ("通", False), ("通工程。", True)]:
        answer = feeder.post(
            f"/api/live/sessions/{session_id}/transcript",
            json={"text": text, "final": final},
            headers=editor,
        )
        assert answer.status_code == 200
    feeder.delete(f"/api/live/sessions/{session_id}", headers={**editor, "If-Match": "*"})
    reader.join(20)
    response.close()
    assert not reader.is_alive()
    assert heartbeats
    assert [e.id for e in received] == list(range(1, len(received) + 1))
    assert [e.event for e in received].count("term") == 1
    assert received[-1].event == "end"
    hub = app.extensions["glossary.live"]
    assert hub.subscriber_count() == 0  # the stream let go of its subscription
