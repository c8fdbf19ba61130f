"""Browser tests: Debian's Chromium driven by Playwright against a real server.

The server is the real app on a real SQLite file with the shipped term base,
served by werkzeug in a thread. Screenshots go to test-artifacts/ (kept by CI).
Chromium comes from Debian (/usr/bin/chromium); nothing is downloaded.
"""

from __future__ import annotations

import json
import shutil
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from glossary.db import make_engine, make_sessionmaker
from glossary.formats.termbase_toml import read_termbase
from glossary.store.schema import migrate
from glossary.store.shipped import install_memories, install_termbase
from glossary.store.tokens import create_token
from glossary.web.devserver import Utf8RequestHandler
from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (.ci/debian-packages)", allow_module_level=True)

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def concept_id(base: str, ref: str) -> int:
    """The id of the concept with this ref, read page by page from the API."""
    path: str | None = "/api/concepts?per_page=200"
    while path:
        with urllib.request.urlopen(base + path) as response:
            page = json.load(response)
        for item in page["items"]:
            if item["ref"] == ref:
                return item["id"]
        path = page["next"]
    raise LookupError(f"no concept {ref!r} at {base}")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The app serving a fresh database with the shipped term base and memory, and an editor token."""
    from glossary.web import create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('live') / 'glossary.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    with make_sessionmaker(engine).begin() as session:
        install_termbase(session, read_termbase(ROOT / "tm_data" / "termbase"), actor="test")
        install_memories(session, ROOT / "tm_data" / "memory", actor="test")
        editor = create_token(session, "browser editor", "editor")[1]
    engine.dispose()
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "browser-test", "PUBLIC_READ": True})
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=Utf8RequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", "editor": editor}
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    name = request.node.name.replace("/", "_")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


# Every text node with Han characters must sit inside an element whose lang is
# Chinese (and so must text boxes holding Chinese): screen readers pick their
# voice, and browsers their glyphs, from it. Returns the offenders.
CHINESE_WITHOUT_LANG = """() => {
  const han = /[\u3400-\u9fff\uf900-\ufaff]/;
  const bad = [];
  const chinese = (el) => { const c = el && el.closest('[lang]'); return c && c.lang.startsWith('zh'); };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (han.test(node.data) && !chinese(node.parentElement) && !node.parentElement.closest('template')) {
      bad.push(node.parentElement.tagName + ': ' + node.data.trim().slice(0, 30));
    }
  }
  for (const box of document.querySelectorAll('input, textarea')) {
    if (han.test(box.value) && !chinese(box)) bad.push(box.tagName + '#' + box.id + ': ' + box.value.slice(0, 30));
  }
  return bad;
}"""
