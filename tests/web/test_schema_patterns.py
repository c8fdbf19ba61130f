"""The document refuses what the server refuses: the cases the probe found, checked on both."""

from __future__ import annotations

import re

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary import lang
from glossary.store.errors import Invalid
from glossary.store.memories import check_name
from glossary.web.schema_patterns import LANGUAGE_TAG, MEMORY_NAME
from tests.helpers import assert_problem, bearer

TERM = {"lang": "en", "text": "Bay Area Connect"}


def _parses(tag: str) -> bool:
    try:
        lang.parse(tag)
    except lang.LanguageError:
        return False
    return tag == tag.strip()


@pytest.mark.slow  # 2000 examples
@settings(max_examples=2000, derandomize=True, database=None)
@given(st.text(alphabet="abcstzABCSTZ019-_@ \t", max_size=12))
def test_the_tag_pattern_is_what_lang_reads(tag: str) -> None:
    assert bool(re.fullmatch(LANGUAGE_TAG, tag)) == _parses(tag), tag


@pytest.mark.parametrize(
    "tag", ["en", "zh-Hant-HK", "zh_TW", "ZH-cn", "zho", "sc-Latn", "en-u-nu-latn", "zh-chs"]
)
def test_tags_that_both_accept(tag: str) -> None:
    assert re.fullmatch(LANGUAGE_TAG, tag) and _parses(tag)


@pytest.mark.parametrize("tag", ["", "0", "sc", "TC", "memories", "en-", " en", "e"])
def test_tags_that_both_refuse(tag: str) -> None:
    assert not re.fullmatch(LANGUAGE_TAG, tag) and not _parses(tag)


@pytest.mark.parametrize(
    ("name", "ok"),
    [("hkma-reports", True), ("政策 記憶", True), ("...", True), (".", False), ("..", False)]
    + [(" a", False), ("a ", False), ("a/b", False), ("a\\b", False), ("a\tb", False)],
)
def test_the_memory_name_pattern_is_what_the_store_takes(name: str, ok: bool) -> None:
    try:
        stored = check_name(name) == name
    except Invalid:
        stored = False
    assert bool(re.match(MEMORY_NAME, name)) == stored == ok


@pytest.fixture
def document(client) -> dict:
    return client.get("/api/openapi.json").get_json()


def _body_schema(document: dict, path: str, method: str) -> dict:
    ref = document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    return {**ref, "components": document["components"]}


@pytest.mark.parametrize(
    ("method", "path", "url", "body"),
    [
        ("post", "/api/concepts", "/api/concepts", {"terms": [TERM], "version": False}),
        ("post", "/api/concepts", "/api/concepts", {"terms": [{"lang": "", "text": "x"}]}),
        ("post", "/api/concepts", "/api/concepts", {"terms": [{"lang": "sc", "text": "x"}]}),
        ("post", "/api/concepts", "/api/concepts", {"terms": [{"lang": "en", "text": " "}]}),
        ("post", "/api/concepts", "/api/concepts", {"terms": [TERM], "notes": {"0": "x"}}),
        ("post", "/api/annotate", "/api/annotate", {"text": None, "segments": None}),
        ("post", "/api/annotate", "/api/annotate", {"text": "灣區通", "segments": ["灣區通"]}),
        ("post", "/api/annotate", "/api/annotate", {"text": " \u3000"}),
        ("post", "/api/annotate", "/api/annotate", {"text": "灣區通", "lang": "memories"}),
        ("post", "/api/tm/lookup", "/api/tm/lookup", {"source_lang": "zh", "target_lang": "en"}),
        ("post", "/api/memories", "/api/memories", {"name": ".."}),
        ("post", "/api/memories", "/api/memories", {"name": " padded"}),
        ("post", "/api/memories", "/api/memories", {"name": "m", "description": 5}),
    ],
)
def test_refused_by_the_document_and_the_server(client, tokens, document, method, path, url, body):
    schema = _body_schema(document, path, method)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(body, schema)
    response = client.open(url, method=method, json=body, headers=bearer(tokens["admin"]))
    assert_problem(response, 422)


@pytest.mark.parametrize(
    ("path", "url", "body"),
    [
        ("/api/concepts", "/api/concepts", {"terms": [TERM], "notes": {"zh-Hant": "灣區"}}),
        ("/api/annotate", "/api/annotate", {"text": "灣區通", "segments": None, "lang": "zh_TW"}),
        ("/api/annotate", "/api/annotate", {"segments": ["灣區通"], "text": None}),
        ("/api/memories", "/api/memories", {"name": "政策 記憶"}),
    ],
)
def test_accepted_by_both(client, tokens, document, path, url, body) -> None:
    jsonschema.validate(body, _body_schema(document, path, "post"))
    response = client.post(url, json=body, headers=bearer(tokens["admin"]))
    assert response.status_code in (200, 201), response.get_data(as_text=True)


def test_ids_in_paths_stop_where_the_database_does(document) -> None:
    (parameter,) = document["paths"]["/api/concepts/{concept_id}"]["get"]["parameters"]
    assert parameter["schema"] == {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}


def test_memory_imports_document_their_upload(document) -> None:
    body = document["paths"]["/api/memories/{name}/import"]["post"]["requestBody"]
    assert "multipart/form-data" in body["content"]


@pytest.mark.parametrize(
    ("limit", "status"), [("17.0", 200), ("1e1", 200), ("17.5", 422), ('"5"', 422), ("true", 422)]
)
def test_numbers_as_json_schema_reads_them(client, limit: str, status: int) -> None:
    body = (
        '{"text": "灣區通", "source_lang": "zh-Hant", "target_lang": "en", "limit": ' + limit + "}"
    )
    response = client.post("/api/tm/lookup", data=body, content_type="application/json")
    assert response.status_code == status, response.get_data(as_text=True)
