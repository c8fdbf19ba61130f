"""The prompter screen in a real browser: terms appear once each, in order, with
their renderings, while a paragraph is fed sentence by sentence; a dropped
connection in the middle loses nothing."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import urllib.request

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_accessibility import AXE_OPTIONS

# Chromium against a live server with the shipped term base: seconds per test.
pytestmark = pytest.mark.slow

# Written for this test (not the seed article), hard-wrapped as an ASR or a
# typist might send it: 灣區通 is split across a line break and across chunks.
PARAGRAPH = (
    "主席、各位代表：今年我們將深入實施「灣區\n通」工程。"
    "加強「硬聯通」和「軟聯通」，推動前海深港現代服務業合作區建設。"
    "同時因地制宜發展新質生產力，鞏固規上工業的增長。"
    "我們也要保持全國城市「雙第一」的勢頭。"
)


class DroppingProxy:
    """A TCP relay in front of the server whose connections can all be cut at once."""

    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def drop_all(self) -> None:
        with self.lock:
            doomed, self.sockets = self.sockets, []
        for s in doomed:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def close(self) -> None:
        self.listener.close()
        self.drop_all()


def api(base: str, method: str, path: str, token: str, body=None) -> dict:
    request = urllib.request.Request(
        f"{base}{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        # A DELETE says which version it ends: a live session has one only.
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            **({"If-Match": "*"} if method == "DELETE" else {}),
        },
    )
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。，：])", text) if s]


@pytest.fixture
def proxy(live_server):
    relay = DroppingProxy(int(live_server["url"].rsplit(":", 1)[1]))
    yield f"http://127.0.0.1:{relay.port}", relay
    relay.close()


def test_terms_appear_once_in_order_and_survive_a_dropped_connection(
    page, live_server, proxy
) -> None:
    base, editor = live_server["url"], live_server["editor"]
    via, relay = proxy
    session = api(
        base, "POST", "/api/live/sessions", editor, {"title": "Plenary", "lang": "zh-Hant"}
    )
    page.goto(f"{via}/live/{session['id']}")
    expect(page.locator("#status")).to_have_text("Live")
    parts = sentences(PARAGRAPH)
    middle = len(parts) // 2
    for n, sentence in enumerate(parts):
        if n == middle:
            relay.drop_all()  # the stream breaks; EventSource reconnects with Last-Event-ID
        # As a recogniser would: a provisional hypothesis first, then the sentence.
        api(
            base,
            "POST",
            f"/api/live/sessions/{session['id']}/transcript",
            editor,
            {"text": sentence[: len(sentence) // 2 + 1], "final": False},
        )
        api(
            base,
            "POST",
            f"/api/live/sessions/{session['id']}/transcript",
            editor,
            {"text": sentence, "final": True},
        )
        time.sleep(0.15)
    expected = api(base, "POST", "/api/annotate", editor, {"text": PARAGRAPH, "lang": "zh-Hant"})
    hits = expected["hits"]
    assert len(hits) >= 6
    settled = page.locator("#prompts > li.prompt.term:not(.provisional)")
    expect(settled).to_have_count(len(hits), timeout=15_000)
    expect(page.locator("#prompts > li.provisional")).to_have_count(0)
    shown = settled.evaluate_all(
        "items => items.map(li => [Number(li.dataset.start), Number(li.dataset.end),"
        " li.querySelector('.rendering').textContent])"
    )
    shown.reverse()  # newest on top
    assert shown == [[h["start"], h["end"], h["preferred"]["text"]] for h in hits]
    # Chinese forms are the preferred Traditional terms, with lang attributes.
    first = settled.last
    expect(first.locator(".zh-form.hant")).to_have_attribute("lang", "zh-Hant")
    expect(first.locator(".zh-form.hant")).to_have_text("灣區通")
    expect(first.locator(".rendering")).to_have_text("Bay Area Connect")
    # The newest note is shown; N shows them all; 简 switches the script at once.
    expect(settled.first.locator(".note")).to_be_visible()
    expect(first.locator(".note")).to_be_hidden()
    page.keyboard.press("n")
    expect(first.locator(".note")).to_be_visible()
    page.get_by_role("button", name="简").click()
    expect(first.locator(".zh-form.hans")).to_have_text("湾区通")
    expect(first.locator(".zh-form.hant")).to_be_hidden()
    page.screenshot(path=str(ARTIFACTS / "live-prompter-light.png"))
    page.keyboard.press("d")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    page.screenshot(path=str(ARTIFACTS / "live-prompter-dark.png"))
    results = Axe().run(page, options=AXE_OPTIONS)
    assert not results.violations_count, results.generate_report()
    api(base, "DELETE", f"/api/live/sessions/{session['id']}", editor)
    expect(page.locator("#status")).to_have_text("Ended")


def test_the_feed_page_sends_what_is_typed(page, live_server) -> None:
    base, editor = live_server["url"], live_server["editor"]
    page.goto(f"{base}/signin?next=/live")
    page.get_by_label("Token").fill(editor)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Title").fill("Feed test")
    page.get_by_role("button", name="Start").click()
    expect(page).to_have_url(re.compile(r"/live/\d+/feed$"))
    session_id = int(page.url.rsplit("/", 2)[1])
    box = page.get_by_label(re.compile("^Text"))
    box.press_sequentially("加強「硬聯", delay=20)
    box.press_sequentially("通」。", delay=20)
    box.press("Enter")
    expect(page.locator("#feed-status")).to_contain_text("Sent")
    results = Axe().run(page, options=AXE_OPTIONS)
    assert not results.violations_count, results.generate_report()
    state = json.load(urllib.request.urlopen(f"{base}/api/live/sessions/{session_id}"))
    assert state["committed"] == "加強「硬聯通」。"
    page.goto(f"{base}/live")
    expect(page.get_by_role("link", name="Feed test")).to_be_visible()
