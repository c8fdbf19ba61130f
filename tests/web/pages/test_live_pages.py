"""The live prompter's pages through the real app."""

from __future__ import annotations

import re

from tests.helpers import BAY_AREA_CONNECT, bearer
from tests.web.live_helpers import parse_sse
from tests.web.pages.conftest import csrf_from, sign_in, soup


def test_start_feed_and_watch_a_session(client, tokens) -> None:
    client.post("/api/concepts", json=BAY_AREA_CONNECT, headers=bearer(tokens["editor"]))
    listing = client.get("/live")
    assert "No session is open." in listing.get_data(as_text=True)
    assert soup(listing).select_one('a[href$="/signin?next=/live"]')
    sign_in(client, tokens["editor"])
    form = client.get("/live")
    started = client.post(
        "/live",
        data={"title": "Plenary", "lang": "zh-Hant", "target": "en", "csrf_token": csrf_from(form)},
    )
    assert started.status_code == 303
    feed_url = started.headers["Location"]
    session_id = int(re.search(r"/live/(\d+)/feed", feed_url)[1])
    feed_page = client.get(feed_url)
    token = csrf_from(feed_page)
    for text, final in [("實施灣區", "0"), ("實施灣區通。", "1")]:
        sent = client.post(
            feed_url,
            data={"text": text, "final": final, "csrf_token": token},
            headers={"Accept": "application/json"},
        )
        assert sent.status_code == 200 and sent.get_json()["events"]
    # Without JavaScript the form posts and comes back to the page.
    assert client.post(feed_url, data={"text": "", "csrf_token": token}).status_code == 303
    screen = soup(client.get(f"/live/{session_id}"))
    main = screen.select_one("main[data-stream]")
    assert main["data-stream"] == f"/live/{session_id}/events"
    assert screen.select_one("html")["lang"] == "en"
    assert screen.select_one("link[rel=alternate]")["href"] == f"/api/live/sessions/{session_id}"
    ended = client.post(f"/live/{session_id}/end", data={"csrf_token": token})
    assert ended.status_code == 303
    stream = client.get(f"/live/{session_id}/events")
    events = [e for e in parse_sse(stream.response) if e is not None]
    stream.close()
    assert [e.data["text"] for e in events if e.event == "term"] == ["灣區通"]
    assert events[-1].event == "end"


def test_pages_hold_no_inline_script_for_the_content_security_policy(client, tokens) -> None:
    sign_in(client, tokens["editor"])
    session_id = client.post(
        "/api/live/sessions", json={}, headers=bearer(tokens["editor"])
    ).get_json()["id"]
    for url in ("/live", f"/live/{session_id}", f"/live/{session_id}/feed"):
        page = soup(client.get(url))
        assert all(s.get("src") for s in page.select("script")), url
        for element in page.find_all(True):
            assert not [a for a in element.attrs if a.startswith("on")], (url, element.name)


def test_unknown_sessions_and_readers_get_clear_answers(client, tokens) -> None:
    assert client.get("/live/999").status_code == 404
    sign_in(client, tokens["reader"])
    assert client.get("/live/999/feed").status_code == 403
    form = client.get("/live")
    refused = client.post("/live", data={"csrf_token": csrf_from(form)})
    assert refused.status_code == 403
