"""The hot reads (glossary.web.api.hot) answer exactly as Flask's views do.

Every request goes through the app twice: once as served (the hot layer in front)
and once straight to Flask's ``wsgi_app`` behind it. Status, header list and body
bytes must be equal, on SQLite and PostgreSQL, for well-formed requests (which the
hot layer answers) and for every kind of bad one (which it hands to Flask).
"""

from __future__ import annotations

import http.client
import io
import json
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from click.testing import CliRunner
from flask import Flask
from werkzeug.test import Client, EnvironBuilder

from glossary.web.api.hot import hot_reads
from glossary.web.cli import main
from tests.helpers import bearer

Answer = tuple[str, list[tuple[str, str]], bytes]

PARAGRAPH = (
    "深化「灣區通」工程，推動粵港澳大灣區硬聯通、軟聯通。全年地區生產總值增長5.8%，"
    "達到3.68萬億元；新增就業20萬人。Bay Area Connect 與 hard connectivity。"
)


@pytest.fixture
def app(database_url: str, app_config: dict[str, object]) -> Iterator[Flask]:
    """The app over the shipped term base and memory, loaded by ``glossary init``."""
    from glossary.web import create_app
    from tests.conftest import dispose_app

    env = {"GLOSSARY_DATABASE_URL": database_url, "GLOSSARY_SECRET_KEY": "test"}
    result = CliRunner().invoke(main, ["init"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    app = create_app(app_config)
    yield app
    dispose_app(app)


def _send(wsgi: Any, method: str, path: str, **options: Any) -> Answer:
    environ = EnvironBuilder(path=path, method=method, **options).get_environ()
    started: list[Any] = []
    chunks = wsgi(environ, lambda status, headers, exc=None: started.append((status, headers)))
    try:
        body = b"".join(chunks)
    finally:
        getattr(chunks, "close", lambda: None)()
    status, headers = started[0]
    return status, list(headers), body


def both(app: Flask, method: str, path: str, **options: Any) -> Answer:
    """The served answer, asserted equal to Flask's own."""
    hot = hot_reads(app)
    served = _send(app.wsgi_app, method, path, **options)
    flask = _send(hot.wsgi_app, method, path, **options)
    assert served == flask, (method, path, options)
    return served


def annotate(app: Flask, body: Any, **options: Any) -> Answer:
    options.setdefault("content_type", "application/json")
    data = body if isinstance(body, (bytes, str)) else json.dumps(body, ensure_ascii=False)
    return both(app, "POST", "/api/annotate", data=data, **options)


def lookup(app: Flask, body: Any, **options: Any) -> Answer:
    options.setdefault("content_type", "application/json")
    data = body if isinstance(body, (bytes, str)) else json.dumps(body, ensure_ascii=False)
    return both(app, "POST", "/api/tm/lookup", data=data, **options)


def _status(answer: Answer) -> int:
    return int(answer[0].split()[0])


# -- well formed: the hot layer answers -------------------------------------------------

TERM_QUERIES = [
    "q=灣區通",
    "q=湾区通",
    "q=硬聯通&lang=en",
    "q=Bay+Area+Connect",
    "q=%EF%BC%A2ay%20area%20connect",  # full-width B
    "q=灣區&mode=prefix&limit=3",
    "q=connectivity&mode=contains&lang=zh-Hant-HK,en",
    "q=bay+area+conect&mode=fuzzy",
    "q=新質生產力&lang=zh,zh-Hant-TW,en",
    "q=不存在的詞",
    "q=%E7%81%A3%E5%8D%80%E9%80%9A&limit=100",
]


def test_term_lookups_answer_alike(app: Flask) -> None:
    for query in TERM_QUERIES:
        status, _, body = both(app, "GET", "/api/terms?" + query)
        assert status == "200 OK", query
        assert "items" in json.loads(body)
    items = json.loads(both(app, "GET", "/api/terms?q=湾区通")[2])["items"]
    assert items and any("Bay Area" in json.dumps(i, ensure_ascii=False) for i in items)


ANNOTATIONS: list[dict[str, Any]] = [
    {"text": PARAGRAPH},
    {"text": PARAGRAPH, "numbers": False},
    {"text": PARAGRAPH, "target": "zh-Hans"},
    {"text": "Bay Area Connect and hard connectivity", "lang": "en"},
    {"segments": [PARAGRAPH, "灣區\n通", "", "3.68萬億"]},
]


def test_annotations_answer_alike(app: Flask) -> None:
    for body in ANNOTATIONS:
        assert annotate(app, body)[0] == "200 OK", body
    answer = json.loads(annotate(app, {"text": PARAGRAPH})[2])
    assert {"灣區通", "3.68萬億元"} <= {h["text"] for h in answer["hits"] + answer["numbers"]}


LOOKUPS: list[dict[str, Any]] = [
    {"text": "推動大灣區硬聯通", "source_lang": "zh-Hant", "target_lang": "en"},
    {"text": "推动大湾区硬联通", "source_lang": "zh-Hans", "target_lang": "en", "limit": 1},
    {"segments": ["深化灣區通工程", "新質生產力"], "source_lang": "zh", "target_lang": "en"},
    {"text": "灣區通", "source_lang": "zh", "target_lang": "en", "threshold": 50.5},
    {"text": "灣區通", "source_lang": "zh", "target_lang": "en", "memories": ["policy"]},
    {"text": "hard connectivity", "source_lang": "en", "target_lang": "zh-Hant"},
]


def test_tm_lookups_answer_alike(app: Flask) -> None:
    for body in LOOKUPS:
        assert lookup(app, body)[0] == "200 OK", body


# -- not plainly well formed: Flask answers, and the answers are still equal ------------------


BAD_TERM_LOOKUPS = [
    ("", 422),
    ("q=", 422),
    ("q=%20", 422),
    ("q=灣區通&limit=0", 422),
    ("q=灣區通&limit=abc", 422),
    ("q=灣區通&mode=sideways", 422),
    ("q=灣區通&lang=xx_bad!", 422),
    ("q=灣區通&unknown=1", 422),
    ("q=%00", 422),
    ("q=%FF%FE", 400),
    ("q=灣區通&min_seq=1", 200),
    ("q=灣區通&min_seq=soon", 422),
    ("q=灣區通&q=硬聯通", 200),
    ("q=" + "灣" * 501, 422),
]
OTHER_REQUESTS = [
    ("HEAD", "/api/terms?q=灣區通", 200),
    ("GET", "/api/terms/?q=灣區通", 200),
    ("GET", "/api/annotate", 405),
    ("PUT", "/api/tm/lookup", 405),
]


def test_bad_term_lookups_and_other_requests_answer_alike(app: Flask) -> None:
    for query, status in BAD_TERM_LOOKUPS:
        assert _status(both(app, "GET", "/api/terms?" + query)) == status, query
    for method, path, status in OTHER_REQUESTS:
        assert _status(both(app, method, path)) == status, (method, path)


BAD_ANNOTATIONS: list[tuple[bytes, dict[str, Any], int]] = [
    (b"{", {}, 400),
    (b"", {}, 400),
    (b"[]", {}, 422),
    (b'{"text": "a\\u0000b"}', {}, 422),
    (b'{"text": "x", "segments": ["y"]}', {}, 422),
    (b'{"text": "x", "surprise": 1}', {}, 422),
    (b'{"text": 5}', {}, 422),
    (b'{"text": "x", "numbers": "no"}', {}, 422),
    (b'{"text": ""}', {}, 422),
    (b"[" * 100_000 + b"]" * 100_000, {}, 400),
    (b'{"text": "x"}', {"content_type": "text/plain"}, 415),
    (b'{"text": "x"}', {"content_type": "application/json; charset=utf-8"}, 200),
    (b'{"text": "x"}', {"content_type": "Application/JSON"}, 200),
    (b'{"text": "x", "text": "\\u7063\\u5340\\u901a"}', {}, 200),
    ('{"text": "灣區通"}'.encode("utf-16"), {}, 200),
    (b'{"text": "x"}', {"query_string": "min_seq=1"}, 200),
    (b'{"text": "x"}', {"query_string": "min_seq=no"}, 422),
    (b'{"text": "x"}', {"headers": {"X-Glossary-Min-Seq": "1"}}, 200),
]


def test_bad_annotations_answer_alike(app: Flask) -> None:
    for data, options, status in BAD_ANNOTATIONS:
        assert _status(annotate(app, data, **options)) == status, (data[:40], options)


BAD_LOOKUPS: list[tuple[dict[str, Any], int]] = [
    ({"text": "灣區通", "source_lang": "zh", "target_lang": "en", "limit": 17.0}, 200),
    ({"text": "灣區通", "source_lang": "zh", "target_lang": "en", "threshold": 1e2}, 200),
    ({"text": "灣區通", "source_lang": "zh", "target_lang": "en", "threshold": 0}, 422),
    ({"text": "灣區通", "source_lang": "zh", "target_lang": "en", "limit": 2**70}, 422),
    ({"text": "灣區通", "source_lang": "zh", "target_lang": "en", "limit": True}, 422),
    ({"text": "灣區通", "source_lang": "zh"}, 422),
    ({"text": " ", "source_lang": "zh", "target_lang": "en"}, 422),
    ({"source_lang": "zh", "target_lang": "en"}, 422),
    ({"segments": [], "source_lang": "zh", "target_lang": "en"}, 422),
    ({"text": "灣區通", "source_lang": "zh", "target_lang": "en", "memories": ["none"]}, 404),
    ({"text": "灣區通", "source_lang": "klingon!", "target_lang": "en"}, 422),
]


def test_bad_tm_lookups_answer_alike(app: Flask) -> None:
    for body, status in BAD_LOOKUPS:
        assert _status(lookup(app, body)) == status, body
    for raw in (b"NaN", b"Infinity", b"1e400", b"17.0", b"-0", b"1" * 5000):
        data = b'{"text": "x", "source_lang": "zh", "target_lang": "en", "limit": ' + raw + b"}"
        lookup(app, data)


def test_a_body_larger_than_allowed_is_refused_alike(app: Flask) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 64
    assert _status(annotate(app, {"text": "灣區通" * 40})) == 413
    assert _status(annotate(app, {"text": "灣區通"})) == 200
    app.config["MAX_CONTENT_LENGTH"] = 0
    assert _status(annotate(app, {"text": "灣區通"})) == 413


def test_deep_json_goes_to_flask(app: Flask) -> None:
    """The parser's nesting limit depends on the stack below it, so a deep value that a later
    duplicate key throws away could parse in one place and not in the other: only shallow
    bodies are answered by the hot layer."""
    _flask_views_fail(app)  # Flask answers 500, or 400 if it cannot parse the body
    client = Client(app)
    for depth in (10, 70, 500, *range(900, 1000, 3)):
        data = b'{"text": ' + b"[" * depth + b"]" * depth + b', "text": "x"}'
        status = client.post("/api/annotate", data=data, content_type="application/json")
        assert status.status_code in ((200,) if depth < 64 else (400, 500)), depth


class Trickle(io.BytesIO):
    """A body stream that gives at most 3 bytes a read, as WSGI allows."""

    def read(self, size: int | None = -1) -> bytes:
        return super().read(3 if size is None or size < 0 else min(size, 3))


def test_a_body_read_in_pieces_answers_alike(app: Flask) -> None:
    data = json.dumps({"text": PARAGRAPH}, ensure_ascii=False).encode()
    answers = []
    for wsgi in (app.wsgi_app, hot_reads(app).wsgi_app):
        builder = EnvironBuilder(
            path="/api/annotate", method="POST", data=data, content_type="application/json"
        )
        environ = builder.get_environ()
        environ["wsgi.input"] = Trickle(data)
        started: list[str] = []
        chunks = wsgi(environ, lambda status, headers, exc=None, into=started: into.append(status))
        answers.append((started[0], b"".join(chunks)))
    assert answers[0] == answers[1]
    assert answers[0][0] == "200 OK"


def test_the_hooks_the_hot_layer_stands_in_for(app: Flask) -> None:
    """The hot layer does what these hooks do for its routes (request_limits' checks, the
    token check, the security headers); a new hook must be weighed there too."""

    def names(functions: Any) -> list[str]:
        return [f"{f.__module__}.{f.__qualname__}" for f in functions]

    before = {k: names(v) for k, v in app.before_request_funcs.items() if k in (None, "api")}
    assert before == {
        None: [
            "glossary.web.request_limits.check_request",
            "flask_wtf.csrf.CSRFProtect.init_app.<locals>.csrf_protect",  # the API is exempt
        ],
        "api": [
            "glossary.web.api._reads_may_need_a_token",
            "glossary.web.api._changes_need_if_match",  # PUT, PATCH and DELETE only
        ],
    }
    assert names(app.after_request_funcs[None]) == [
        "glossary.web.headers._secure",
        "glossary.web.indexes.init_app.<locals>._tell_the_sequence",  # writes only
    ]
    assert names(app.url_value_preprocessors["api"]) == ["glossary.web.api._no_nul_in_paths"]
    assert not app.teardown_request_funcs and not app.url_default_functions
    assert names(app.teardown_appcontext_funcs) == ["glossary.web.database.close_session"]


# -- tokens and private reads ----------------------------------------------------------------


def test_tokens_are_checked_alike(app: Flask, tokens: dict[str, str]) -> None:
    path = "/api/terms?q=灣區通"
    assert _status(both(app, "GET", path, headers=bearer(tokens["reader"]))) == 200
    assert _status(both(app, "GET", path, headers=bearer("not-a-token"))) == 401
    assert _status(annotate(app, {"text": "灣區通"}, headers=bearer("nope"))) == 401


def test_private_reads_need_a_token_alike(app: Flask, tokens: dict[str, str]) -> None:
    app.config["PUBLIC_READ"] = False
    assert _status(both(app, "GET", "/api/terms?q=灣區通")) == 401
    assert _status(lookup(app, {"text": "灣區通", "source_lang": "zh", "target_lang": "en"})) == 401
    with_token = both(app, "GET", "/api/terms?q=灣區通", headers=bearer(tokens["reader"]))
    assert _status(with_token) == 200


# -- the hot layer really answers, and really hands the rest over -----------------------------


def _flask_views_fail(app: Flask) -> None:
    def fail() -> None:
        raise RuntimeError("Flask's view ran")

    for endpoint in ("api.search", "api.annotate", "api.tm_lookup"):
        app.view_functions[endpoint] = fail


def test_well_formed_reads_never_reach_flask(app: Flask) -> None:
    _flask_views_fail(app)
    client = Client(app)
    assert client.get("/api/terms", query_string={"q": "灣區通"}).status_code == 200
    assert client.post("/api/annotate", json={"text": PARAGRAPH}).status_code == 200
    body = {"text": "推動大灣區硬聯通", "source_lang": "zh-Hant", "target_lang": "en"}
    assert client.post("/api/tm/lookup", json=body).status_code == 200


def test_other_reads_reach_flask(app: Flask, tokens: dict[str, str]) -> None:
    _flask_views_fail(app)  # answered 500 by Flask's error handler
    client = Client(app)
    with_seq = client.get("/api/terms", query_string={"q": "灣區通", "min_seq": "1"})
    assert with_seq.status_code == 500
    token = bearer(tokens["reader"])
    assert client.post("/api/annotate", json={"text": "x"}, headers=token).status_code == 500
    later = client.post("/api/annotate", json={"text": "x"}, query_string={"min_seq": "1"})
    assert later.status_code == 500


def test_writes_are_seen_through_the_hot_layer(app: Flask, tokens: dict[str, str]) -> None:
    concept = {
        "ref": "test-hot",
        "status": "approved",
        "terms": [
            {"lang": "zh-Hant", "text": "熱路徑詞", "status": "preferred"},
            {"lang": "en", "text": "hot path term", "status": "preferred"},
        ],
    }
    client = Client(app)
    made = client.post("/api/concepts", json=concept, headers=bearer(tokens["editor"]))
    assert made.status_code == 201
    seq = made.headers["X-Glossary-Seq"]
    found = client.get("/api/terms", query_string={"q": "热路径词", "min_seq": seq}).get_json()
    assert [i["matched"]["text"] for i in found["items"]] == ["熱路徑詞"]
    # Without min_seq, the hot layer answers from the index the worker holds now.
    found = both(app, "GET", "/api/terms?q=熱路徑詞")
    assert [i["matched"]["text"] for i in json.loads(found[2])["items"]] == ["熱路徑詞"]


# -- over real gunicorn ------------------------------------------------------------------------


@pytest.mark.slow
def test_gunicorn_serves_hot_and_handed_over_requests_on_one_connection(
    sqlite_template: Path, tmp_path: Path, gunicorn: Any
) -> None:
    """One kept-alive connection: a body the hot layer reads, a chunked one it hands to Flask
    (which must still find the whole body), then a GET: each answer complete and alike."""
    path = tmp_path / "glossary.sqlite3"
    shutil.copyfile(sqlite_template, path)
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "GLOSSARY_DATABASE_URL": f"sqlite:///{path}",
        "GLOSSARY_SECRET_KEY": "server-test",
        "GLOSSARY_INDEX_DIR": str(tmp_path / "index"),
    }
    server = gunicorn(env, "--worker-class", "gthread", "--threads", "4")
    url = urlsplit(server.base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    body = json.dumps({"text": PARAGRAPH}, ensure_ascii=False).encode()
    answers = []
    try:
        for chunked in (False, True, False):
            headers = {"Content-Type": "application/json"}
            if chunked:
                connection.request(
                    "POST",
                    "/api/annotate",
                    iter([body[:50], body[50:]]),
                    headers,
                    encode_chunked=True,
                )
            else:
                connection.request("POST", "/api/annotate", body, headers)
            response = connection.getresponse()
            answers.append((response.status, response.read()))
        connection.request("GET", "/api/terms?q=" + quote("灣區通"))
        response = connection.getresponse()
        terms = (response.status, json.loads(response.read()))
    finally:
        connection.close()
    assert answers[0][0] == 200
    assert answers[0] == answers[1] == answers[2]
    assert json.loads(answers[0][1])["numbers"]  # 5.8%, 3.68萬億元, 20萬人
    assert terms[0] == 200 and terms[1]["query"] == "灣區通"


class Held(io.RawIOBase):
    """A body whose bytes arrive only once ``arrive`` is set: a slow client."""

    def __init__(self, data: bytes, arrive: threading.Event, reading: threading.Event) -> None:
        self.data, self.arrive, self.reading = io.BytesIO(data), arrive, reading

    def read(self, size: int = -1) -> bytes:
        self.reading.set()
        assert self.arrive.wait(60)
        return self.data.read(size)


def test_a_slow_body_does_not_hold_up_other_answers(app: Flask) -> None:
    """The body is read before the worker's one-answer-at-a-time lock is taken."""
    data = json.dumps({"text": "灣區通", "source_lang": "zh", "target_lang": "en"}).encode()
    environ = EnvironBuilder(
        path="/api/tm/lookup", method="POST", data=data, content_type="application/json"
    ).get_environ()
    arrive, reading = threading.Event(), threading.Event()
    environ["wsgi.input"] = Held(data, arrive, reading)
    slow: list[str] = []
    sender = threading.Thread(
        target=lambda: slow.append(
            b"".join(app.wsgi_app(environ, lambda s, h, e=None: slow.append(s))).decode()
        )
    )
    sender.start()
    try:
        assert reading.wait(30)
        # While that client is still sending, a term lookup is answered by the hot layer.
        assert _status(_send(app.wsgi_app, "GET", "/api/terms?q=%E7%81%A3%E5%8D%80")) == 200
        assert sender.is_alive() and not slow
    finally:
        arrive.set()
        sender.join(60)
    assert slow[0] == "200 OK" and '"matches"' in slow[1]
