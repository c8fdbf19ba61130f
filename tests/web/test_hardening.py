"""Bad input of every kind gets a clear 4xx, never a 500, on both databases."""

import io
import zipfile

import pytest

from tests.helpers import BAY_AREA_CONNECT, assert_problem, bearer
from tests.web.pages.conftest import csrf_from, sign_in


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/concepts/99999999999999999999", 404),
        ("/concepts/99999999999999999999", 404),
        ("/api/memories/m/units/99999999999999999999", 404),
        ("/api/concepts?page=99999999999999999999", 422),
        ("/api/terms?q=a%00b&mode=contains", 422),
        ("/api/tm/concordance?q=a%00b", 422),
        ("/api/concepts?subject_field=a%00b", 422),
        ("/api/memories/a%00b", 422),
        ("/tmserver/en/zh/unit/abc?min_similarity=inf", 422),
        ("/tmserver/en/zh/unit/abc?max_candidates=1e999", 422),
    ],
)
def test_bad_values_in_urls(client, tokens, path: str, status: int) -> None:
    client.post("/api/memories", json={"name": "m"}, headers=bearer(tokens["editor"]))
    response = client.get(path)
    assert response.status_code == status, response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"terms": [{"lang": "en", "text": "x\u0000y"}]}, "U+0000"),
        ({"terms": [{"lang": "en", "text": "x"}], "notes": {"en": "a\u0000b"}}, "U+0000"),
        ({"terms": [{"lang": "en", "text": "x", "part_of_speech": "n" * 100}]}, "part_of_speech"),
        ({"terms": [{"lang": "ar", "text": "\ufdfa" * 40}]}, "once folded"),
        ({"terms": [{"lang": "en", "text": "x"}], "subject_field": "s" * 300}, "subject_field"),
    ],
)
def test_concepts_the_database_could_not_store(client, tokens, body, reason: str) -> None:
    response = client.post("/api/concepts", json=body, headers=bearer(tokens["editor"]))
    assert reason in assert_problem(response, 422)["detail"]


def test_unit_and_memory_values(client, tokens) -> None:
    headers = bearer(tokens["editor"])
    for name in (".", ".."):
        assert_problem(client.post("/api/memories", json={"name": name}, headers=headers), 422)
    client.post("/api/memories", json={"name": "m"}, headers=headers)
    unit = {"source": "s", "target": "t", "source_lang": "en", "target_lang": "zh-Hans"}
    huge = client.post(
        "/api/memories/m/units", json={**unit, "usage_count": 10**23}, headers=headers
    )
    assert_problem(huge, 422)
    nul = client.post("/api/memories/m/units", json={**unit, "note": "a\u0000"}, headers=headers)
    assert_problem(nul, 422)


def test_json_nested_too_deeply(client) -> None:
    body = "[" * 100_000 + "]" * 100_000
    assert_problem(client.post("/api/annotate", data=body, content_type="application/json"), 400)


@pytest.fixture
def app_config(app_config):
    return {**app_config, "MAX_UPLOAD_MB": 1}


def test_a_chunked_body_over_the_limit_is_413(client) -> None:
    def chunks():
        for _ in range(40):
            yield b"[" + b"1," * 30_000 + b"1]"

    response = client.post(
        "/api/annotate",
        input_stream=io.BytesIO(b"".join(chunks())),
        headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
        # What a server that decodes chunked bodies (werkzeug, gunicorn) tells the app.
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert_problem(response, 413)


def _xlsx(client, tokens, change) -> bytes:
    client.post("/api/concepts", json=BAY_AREA_CONNECT, headers=bearer(tokens["editor"]))
    data = client.get("/api/termbase/export/xlsx").data
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = change(content.decode()).encode()
            target.writestr(info, content)
    return out.getvalue()


@pytest.mark.parametrize(
    "change",
    [
        lambda s: s[: len(s) // 2],  # cut in half
        lambda s: (
            '<!DOCTYPE worksheet [<!-- <a --><!ENTITY e "EXPANDED">]>'
            + s.replace("Bay Area Connect", "Bay &e;", 1)
        ),
    ],
    ids=["truncated", "entity-behind-a-comment"],
)
def test_damaged_workbooks(client, tokens, change) -> None:
    data = _xlsx(client, tokens, change)
    response = client.post(
        "/api/termbase/import?dry_run=1", data=data, headers=bearer(tokens["editor"])
    )
    assert_problem(response, 422)


def test_tmx_entity_hidden_behind_a_comment(client, tokens) -> None:
    tmx = (
        '<?xml version="1.0"?><!DOCTYPE tmx [<!-- <a --><!ENTITY x SYSTEM "file:///etc/hostname">]>'
        '<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" '
        'adminlang="en" creationtool="x" creationtoolversion="1" o-tmf="x"/><body>'
        '<tu><tuv xml:lang="en"><seg>entity &x; here</seg></tuv>'
        '<tuv xml:lang="zh-CN"><seg>測試</seg></tuv></tu></body></tmx>'
    )
    response = client.post(
        "/api/memories/x/import",
        data=tmx.encode(),
        content_type="application/x-tmx+xml",
        headers=bearer(tokens["editor"]),
    )
    assert "declares XML entities" in assert_problem(response, 422)["detail"]


@pytest.mark.parametrize(
    "target",
    ["/\t/evil.example/", "/\nx", "//evil.example", "/\\evil.example", "https://evil.example/"],
)
def test_sign_in_never_sends_anyone_off_the_site(client, tokens, target: str) -> None:
    form = client.get("/signin")
    response = client.post(
        "/signin", data={"token": tokens["editor"], "next": target, "csrf_token": csrf_from(form)}
    )
    assert response.status_code == 303 and response.headers["Location"] == "/"


class TestPrivateReads:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "PUBLIC_READ": False}

    @pytest.mark.parametrize("path", ["/", "/?q=灣區", "/concepts", "/annotate", "/memory?q=灣區"])
    def test_pages_send_strangers_to_sign_in(self, client, path: str) -> None:
        response = client.get(path)
        assert response.status_code == 302 and "/signin" in response.headers["Location"]

    def test_a_reader_signs_in_and_reads(self, client, tokens) -> None:
        client.post("/api/concepts", json=BAY_AREA_CONNECT, headers=bearer(tokens["editor"]))
        sign_in(client, tokens["reader"])
        assert "灣區通" in client.get("/?q=灣區通").get_data(as_text=True)

    def test_reads_by_post_need_a_token_too(self, client, tokens) -> None:
        body = {"text": "深入實施灣區通工程"}
        assert_problem(client.post("/api/annotate", json=body), 401)
        allowed = client.post("/api/annotate", json=body, headers=bearer(tokens["reader"]))
        assert allowed.status_code == 200
