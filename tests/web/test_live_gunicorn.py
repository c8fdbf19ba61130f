"""The live stream under real gunicorn: two gthread workers, many subscribers.

Streams land on either worker by accept race; chunks are fed to either. Every
subscriber must receive every event, in order, whichever worker wrote it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from glossary.db import make_engine, make_sessionmaker
from glossary.live.replay import EventClient
from glossary.store.tokens import create_token
from tests.conftest import ROOT
from tests.helpers import BAY_AREA_CONNECT, free_port

# Starts gunicorn with several workers in a subprocess.
pytestmark = pytest.mark.slow

SUBSCRIBERS = 8


@pytest.fixture
def gunicorn(database_url: str, tmp_path: Path):
    engine = make_engine(database_url)
    with make_sessionmaker(engine).begin() as session:
        editor = create_token(session, "live", "editor")[1]
    engine.dispose()
    port = free_port()
    env = {
        **os.environ,
        "GLOSSARY_DATABASE_URL": database_url,
        "GLOSSARY_SECRET_KEY": "gunicorn-test",
        "GLOSSARY_LIVE_HEARTBEAT_SECONDS": "1",
        # Index generations of this database only (the default is the instance folder).
        "GLOSSARY_INDEX_DIR": str(tmp_path / "index"),
    }
    bin_dir = Path(sys.executable).parent
    log = open(tmp_path / "gunicorn.log", "wb")
    process = subprocess.Popen(
        [str(bin_dir / "gunicorn"), "-w", "2", "-k", "gthread", "--threads", "32"]
        + ["-b", f"127.0.0.1:{port}", "--chdir", str(ROOT), "wsgi:app"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )
    client = EventClient(f"http://127.0.0.1:{port}", editor)
    deadline = time.monotonic() + 30
    while True:
        try:
            if client.request("GET", "/api/")[0] == 200:
                break
        except OSError:
            pass
        assert time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()
        time.sleep(0.2)
    yield client
    client.close()
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(15)
    log.close()


def test_every_subscriber_on_every_worker_receives_every_event(gunicorn) -> None:
    client = gunicorn
    client.checked("POST", "/api/concepts", BAY_AREA_CONNECT)
    # Workers warmed their indexes before the concept existed; every worker sees a
    # change within GLOSSARY_INDEX_POLL_SECONDS (0.25 s).
    time.sleep(0.5)
    session_id = client.create_session("zh-Hant", "en")
    streams = [client.events(session_id) for _ in range(SUBSCRIBERS)]
    received: list[list] = [[] for _ in streams]

    def read(i: int) -> None:
        for event in streams[i]:
            received[i].append(event)

    readers = [threading.Thread(target=read, args=(i,)) for i in range(SUBSCRIBERS)]
    for reader in readers:
        reader.start()
    feeders = [EventClient(f"http://{client.parts.netloc}", client.token) for _ in range(2)]
    chunks = [("深入實施灣區", True), ("通", False), ("通工程，加強灣區通。", True)]
    for n, (text, final) in enumerate(chunks):
        feeders[n % 2].feed(session_id, {"text": text, "final": final})
    client.end(session_id)
    for feeder in feeders:
        feeder.close()
    for reader in readers:
        reader.join(30)
    assert not any(r.is_alive() for r in readers)
    for events in received:
        assert [e.id for e in events] == list(range(1, len(events) + 1))
        assert [e.data["text"] for e in events if e.event == "term"] == ["灣區通", "灣區通"]
        assert events[-1].event == "end"
