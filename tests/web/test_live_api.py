"""The live prompter's API through the real app: sessions, feeding, the event stream."""

from __future__ import annotations

import random

import pytest

from tests.helpers import BAY_AREA_CONNECT, assert_problem, bearer
from tests.web.live_helpers import annotated, parse_sse, random_feed, settled_terms

# Written for these tests (not the seed article): terms split across lines and chunks.
TRANSCRIPT = (
    "各位代表，今年我們將深入實施「灣區\n通」工程，加強「硬聯通」和「軟聯通」，"
    "推動前海深港現代服務業合作區和河套深港科技創新合作區建設，"
    "因地制宜發展新質生產力，鞏固規上工業的增長勢頭。"
)


@pytest.fixture
def shipped(app):
    """The shipped term base in the test database."""
    from glossary.formats.termbase_toml import read_termbase
    from glossary.store.shipped import install_termbase
    from glossary.web.database import database
    from tests.conftest import ROOT

    with database(app).sessionmaker.begin() as session:
        install_termbase(session, read_termbase(ROOT / "tm_data" / "termbase"), actor="test")


def start(client, tokens, **body) -> int:
    response = client.post(
        "/api/live/sessions", json={"lang": "zh-Hant", **body}, headers=bearer(tokens["editor"])
    )
    assert response.status_code == 201, response.get_json()
    assert response.headers["Location"].endswith(f"/api/live/sessions/{response.get_json()['id']}")
    return response.get_json()["id"]


def feed(client, tokens, session_id: int, body) -> dict:
    response = client.post(
        f"/api/live/sessions/{session_id}/transcript", json=body, headers=bearer(tokens["editor"])
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def end(client, tokens, session_id: int) -> None:
    response = client.delete(
        f"/api/live/sessions/{session_id}", headers={**bearer(tokens["editor"]), "If-Match": "*"}
    )
    assert response.status_code == 200, response.get_json()


def read_all(client, session_id: int, last_event_id: int | None = None) -> list:
    """Every event of an ended session's stream, after ``last_event_id``."""
    headers = {"Last-Event-ID": str(last_event_id)} if last_event_id is not None else {}
    response = client.get(f"/api/live/sessions/{session_id}/events", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-cache"
    events = [e for e in parse_sse(response.response) if e is not None]
    response.close()
    return events


def test_a_session_lives_and_ends(client, tokens) -> None:
    client.post("/api/concepts", json=BAY_AREA_CONNECT, headers=bearer(tokens["editor"]))
    session_id = start(client, tokens, title="Plenary", target="en")
    listed = client.get("/api/live/sessions").get_json()["items"]
    assert [s["id"] for s in listed] == [session_id]
    answer = feed(client, tokens, session_id, {"text": "實施灣區", "final": True})
    assert answer["committed_length"] == 4
    answer = feed(client, tokens, session_id, {"text": "通工", "final": False})
    assert [e["event"] for e in answer["events"]] == ["transcript", "provisional"]
    answer = feed(client, tokens, session_id, {"text": "通工程。", "final": True})
    assert [e["event"] for e in answer["events"]] == ["transcript", "term"]
    end(client, tokens, session_id)
    assert client.get("/api/live/sessions").get_json()["items"] == []
    events = read_all(client, session_id)
    assert [e.id for e in events] == list(range(1, len(events) + 1))
    term = next(e for e in events if e.event == "term")
    assert term.data["text"] == "灣區通"
    assert (term.data["start"], term.data["end"]) == (2, 5)
    assert term.data["preferred"]["text"] == "Bay Area Connect"
    assert [d["text"] for d in term.data["deprecated"]] == ["Bay Area Pass"]
    assert term.data["note"]["text"].startswith("A programme")
    assert term.data["subject_field"] == "Greater Bay Area cooperation"
    assert term.data["zh"] == {"zh-Hant": "灣區通", "zh-Hans": "湾区通"}
    assert term.data["written"] == {"zh-Hant": "灣區通", "zh-Hans": "湾区通"}
    provisional = next(e for e in events if e.event == "provisional")
    assert term.data["replaces"] == provisional.id
    assert events[-1].event == "end"
    # Resuming after the end: nothing more, and the browser is told to stop.
    last = events[-1].id
    response = client.get(f"/api/live/sessions/{session_id}/events?last_event_id={last}")
    assert response.status_code == 204
    # Resuming in the middle gives exactly the rest.
    assert [e.id for e in read_all(client, session_id, 2)] == [e.id for e in events[2:]]
    session = client.get(f"/api/live/sessions/{session_id}").get_json()
    assert session["committed"] == "實施灣區通工程。"
    assert session["ended_at"]
    assert_problem(
        client.post(
            f"/api/live/sessions/{session_id}/transcript",
            json={"text": "x"},
            headers=bearer(tokens["editor"]),
        ),
        409,
    )


def test_a_revision_withdraws_a_provisional_term(client, tokens) -> None:
    client.post("/api/concepts", json=BAY_AREA_CONNECT, headers=bearer(tokens["editor"]))
    session_id = start(client, tokens)
    feed(client, tokens, session_id, {"text": "實施灣區通", "final": False})
    answer = feed(client, tokens, session_id, {"text": "實施灣區同", "final": False})
    assert [e["event"] for e in answer["events"]] == ["transcript", "withdraw"]
    feed(client, tokens, session_id, {"text": "實施灣區通。", "final": True})
    end(client, tokens, session_id)
    events = read_all(client, session_id)
    kinds = [e.event for e in events]
    assert kinds == ["transcript", "provisional", "transcript", "withdraw", "transcript"] + [
        "term",
        "end",
    ]
    withdraw = events[3]
    assert withdraw.data["withdraws"] == events[1].id
    assert "replaces" not in events[5].data


@pytest.mark.slow  # installs the whole term base
def test_random_chunks_and_revisions_prompt_exactly_what_annotate_finds(
    client, tokens, shipped
) -> None:
    answer = client.post("/api/annotate", json={"text": TRANSCRIPT, "lang": "zh-Hant"})
    expected = annotated(answer.get_json()["hits"])
    assert len(expected) >= 6
    for seed in range(6):
        session_id = start(client, tokens, target="en")
        for body in random_feed(TRANSCRIPT, random.Random(seed)):
            answer = feed(client, tokens, session_id, body)
        last = answer["events"][-1]["id"]
        # No closing needed: the text ends with a full stop, so every term settled.
        response = client.get(f"/api/live/sessions/{session_id}/events")
        events = []
        for event in parse_sse(response.response):
            if event is not None:
                events.append(event)
            if event is not None and event.id == last:
                break
        response.close()
        assert settled_terms(events) == expected, seed
        # Every provisional hit is confirmed or withdrawn by the end.
        end(client, tokens, session_id)
        events = read_all(client, session_id)
        still_open = {e.id for e in events if e.event == "provisional"}
        still_open -= {e.data["withdraws"] for e in events if e.event == "withdraw"}
        still_open -= {e.data.get("replaces") for e in events if e.event in ("term", "number")}
        assert still_open == set(), seed
        assert settled_terms(events) == expected, seed


VOSK_AND_FUNASR = [
    ({"partial": "深入實施灣區"}, ""),
    ({"partial": "深入實施灣區通"}, ""),
    ({"text": "深入實施灣區通", "result": [{"conf": 1.0, "word": "深入"}]}, "深入實施灣區通"),
    ({"mode": "2pass-online", "text": "加強"}, "深入實施灣區通"),
    ({"mode": "2pass-online", "text": "硬聯"}, "深入實施灣區通"),
    (
        {"mode": "2pass-offline", "text": "，加強硬聯通。", "is_final": False},
        "深入實施灣區通，加強硬聯通。",
    ),
    ({"mode": "2pass", "is_final": True, "is_end": True}, "深入實施灣區通，加強硬聯通。"),
]


@pytest.mark.slow  # installs the whole term base
def test_vosk_and_funasr_results_are_fed_as_they_come(client, tokens, shipped) -> None:
    session_id = start(client, tokens)
    tails = []
    for body, committed in VOSK_AND_FUNASR:
        answer = feed(client, tokens, session_id, body)
        assert answer["committed_length"] == len(committed)
        tails.append(answer["tail"])
    assert tails[:5] == ["深入實施灣區", "深入實施灣區通", "", "加強", "加強硬聯"]
    end(client, tokens, session_id)
    texts = [e.data["text"] for e in read_all(client, session_id) if e.event == "term"]
    assert texts == ["灣區通", "硬聯通"]


def test_english_utterances_from_a_recogniser_get_a_space_between(client, tokens) -> None:
    session_id = start(client, tokens, lang="en", target="zh-Hant")
    feed(client, tokens, session_id, {"text": "bay area", "result": []})
    answer = feed(client, tokens, session_id, {"alternatives": [{"text": "connect"}]})
    assert answer["committed_length"] == len("bay area connect")
    feed(client, tokens, session_id, {"text": "ed", "final": True})  # ours: exactly as sent
    assert client.get(f"/api/live/sessions/{session_id}").get_json()["committed"] == (
        "bay area connected"
    )


def test_bad_requests_get_clear_problems(client, tokens) -> None:
    editor = bearer(tokens["editor"])
    assert_problem(client.post("/api/live/sessions", json={"lang": "zh"}), 401)
    assert_problem(
        client.post("/api/live/sessions", json={"lang": "zh"}, headers=bearer(tokens["reader"])),
        403,
    )
    assert_problem(client.post("/api/live/sessions", json={"lang": "??"}, headers=editor), 422)
    session_id = start(client, tokens)
    url = f"/api/live/sessions/{session_id}/transcript"
    for body, message in [
        ({"text": "x", "final": "yes"}, "final"),
        ({"text": "x", "colour": "red"}, "colour"),
        ({"final": True}, "text"),
        ({"mode": "3pass", "text": "x"}, "mode"),
        ({"text": "x" * 20_001}, "text"),
        (["x"], "object"),
    ]:
        problem = assert_problem(client.post(url, json=body, headers=editor), 422)
        assert message in problem["detail"]
    assert_problem(client.post(url, data="text", headers=editor), 415)
    assert_problem(
        client.post("/api/live/sessions/999/transcript", json={"text": "x"}, headers=editor), 404
    )
    assert_problem(client.get("/api/live/sessions/999/events"), 404)
    assert_problem(
        client.get(f"/api/live/sessions/{session_id}/events", headers={"Last-Event-ID": "x"}), 422
    )
    assert_problem(
        client.delete("/api/live/sessions/999", headers={**editor, "If-Match": "*"}), 404
    )


def test_numbers_arrive_with_their_english_once_they_settle(client, tokens) -> None:
    session_id = start(client, tokens)
    answer = feed(client, tokens, session_id, {"text": "新增就業20萬", "final": True})
    assert [e["event"] for e in answer["events"]] == ["transcript", "provisional"]
    answer = feed(client, tokens, session_id, {"text": "人，增長5.8%", "final": True})
    kinds = [e["event"] for e in answer["events"]]
    assert kinds == ["transcript", "withdraw", "number", "provisional"]
    feed(client, tokens, session_id, {"text": "以上。", "final": True})
    end(client, tokens, session_id)
    events = read_all(client, session_id)
    numbers = [e.data for e in events if e.event == "number"]
    assert [(n["text"], n["value"], n["english"]) for n in numbers] == [
        ("20萬人", "200000", "200,000 people"),
        ("5.8%以上", "5.8", "more than 5.8 percent"),
    ]
    provisional = [e for e in events if e.event == "provisional"]
    assert provisional[0].data["kind"] == "number"
    assert provisional[0].data["english"] == "200,000"
