"""GET /api/terms and POST /api/annotate through the real app, on SQLite and PostgreSQL."""

import copy

import pytest

from glossary.web.indexes import SEQ_HEADER
from glossary.web.term_schemas import MAX_SEGMENTS
from tests.helpers import BAY_AREA_CONNECT, assert_problem, bearer

HARD = {
    "ref": "test-hard",
    "status": "approved",
    "notes": {"en": "Physical links.", "zh-Hans": "基础设施互联互通。"},
    "terms": [
        {"lang": "zh-Hans", "text": "硬联通", "status": "preferred"},
        {"lang": "en", "text": "hard connectivity", "status": "preferred"},
        {"lang": "en", "text": "infrastructure connectivity", "status": "admitted"},
    ],
}


@pytest.fixture
def app_config(app_config):
    # A long interval: only min_seq makes a worker read the change log within a test.
    return {**app_config, "INDEX_POLL_SECONDS": 3600}


@pytest.fixture
def base(client, tokens) -> dict[str, tuple[int, int]]:
    """Concept id and the write's sequence number, by name."""
    made = {}
    for name, body in (("connect", BAY_AREA_CONNECT), ("hard", HARD)):
        response = client.post("/api/concepts", json=body, headers=bearer(tokens["editor"]))
        assert response.status_code == 201
        made[name] = (response.get_json()["id"], int(response.headers[SEQ_HEADER]))
    return made


def seq_of(base) -> int:
    return max(seq for _, seq in base.values())


# -- search ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "mode", "name"),
    [
        ("湾区通", "exact", "connect"),
        ("灣區通", "exact", "connect"),
        ("硬聯通", "exact", "hard"),
        ("Bay Area Connect", "exact", "connect"),
        ("HARD CONNECTIVITY", "exact", "hard"),
        ("灣區", "prefix", "connect"),
        ("connectivity", "contains", "hard"),
        ("bay area conect", "fuzzy", "connect"),
    ],
)
def test_lookups_across_scripts_and_languages(client, base, query, mode, name) -> None:
    response = client.get("/api/terms", query_string={"q": query, "mode": mode})
    assert response.status_code == 200, response.get_json()
    items = response.get_json()["items"]
    assert items[0]["concept_id"] == base[name][0]


def test_results_come_in_the_script_asked_for(client, base) -> None:
    def preferred(tag: str, query: str = "Bay Area Connect") -> dict:
        body = client.get("/api/terms", query_string={"q": query, "lang": tag}).get_json()
        (shown,) = body["items"][0]["renderings"]
        assert shown["lang"] == tag
        return shown["preferred"]

    # English finds Chinese; the stored Traditional and Simplified forms are used as they are.
    assert preferred("zh-Hans")["text"] == "湾区通"
    assert preferred("zh-Hant")["text"] == "灣區通"
    assert preferred("zh-Hant-TW")["text"] == "灣區通"
    # No Traditional form stored: converted, and said so.
    converted = preferred("zh-Hant-HK", "hard connectivity")
    assert converted == {
        "text": "硬聯通",
        "lang": "zh-Hans",
        "status": "preferred",
        "converted": True,
        "converted_from": "硬联通",
    }
    body = client.get("/api/terms", query_string={"q": "湾区通", "lang": "zh_TW, EN,en"}).get_json()
    (item,) = body["items"]
    assert [r["lang"] for r in item["renderings"]] == ["zh-Hant-TW", "en"]
    assert item["renderings"][1]["deprecated"][0]["text"] == "Bay Area Pass"
    assert item["matched"]["text"] == "灣區通" and item["score"] == 1.0
    assert item["note"]["text"].startswith("A programme")


@pytest.mark.parametrize(
    ("args", "where"),
    [
        ({"q": "x", "mode": "regex"}, "mode"),
        ({"q": "x", "lang": "SC"}, "lang"),
        ({"q": "x", "lang": ","}, "lang"),
        ({"q": ""}, "q"),
        ({"q": "\u200b"}, "q"),
        ({"mode": "exact"}, "q"),
        ({"q": "x", "limit": "0"}, "limit"),
        ({"q": "x", "sort": "name"}, "sort"),
    ],
)
def test_bad_lookups(client, args, where) -> None:
    body = assert_problem(client.get("/api/terms", query_string=args), 422)
    assert body["errors"][0].startswith(where)


# -- annotate --------------------------------------------------------------------


def test_annotate_reports_offsets_renderings_and_notes(client, base) -> None:
    text = "\U00020000深入實施「灣區\n通」工程，加強「硬聯通」。Bay Area Pass"
    response = client.post("/api/annotate", json={"text": text, "lang": "zh-Hant"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["lang"] == "zh-Hant" and body["target"] == "en"
    connect, hard, passed = body["hits"]
    assert (connect["start"], connect["end"]) == (6, 10)  # code points: U+20000 counts one
    assert text[connect["start"] : connect["end"]] == connect["text"] == "灣區\n通"
    assert connect["concept_id"] == base["connect"][0]
    assert connect["term"]["text"] == "灣區通" and connect["status"] == "preferred"
    assert connect["preferred"]["text"] == "Bay Area Connect"
    assert connect["deprecated"][0]["text"] == "Bay Area Pass"
    assert connect["note"] == {"lang": "en", "text": BAY_AREA_CONNECT["notes"]["en"]}
    assert hard["term"]["lang"] == "zh-Hans" and hard["admitted"][0]["text"] == (
        "infrastructure connectivity"
    )
    # A deprecated term is found, says so, and shows what to write instead.
    assert passed["status"] == "deprecated" and passed["term"]["text"] == "Bay Area Pass"
    assert passed["preferred"]["text"] == "Bay Area Connect"


def test_annotate_renders_in_the_target_asked_for(client, base) -> None:
    body = client.post(
        "/api/annotate", json={"text": "Hard connectivity first.", "target": "zh-Hant-HK"}
    ).get_json()
    (hit,) = body["hits"]
    assert body["target"] == "zh-Hant-HK"
    assert hit["preferred"]["text"] == "硬聯通" and hit["preferred"]["converted"] is True
    english = client.post("/api/annotate", json={"text": "Hard connectivity"}).get_json()
    assert english["target"] == "zh-Hans" and english["hits"][0]["preferred"]["text"] == "硬联通"
    assert english["hits"][0]["note"]["lang"] == "zh-Hans"


def test_annotate_a_batch_of_segments(client, base) -> None:
    body = client.post(
        "/api/annotate", json={"segments": ["灣區通", "", "沒有術語", "硬联通和湾区通"]}
    ).get_json()
    assert [[h["text"] for h in s["hits"]] for s in body["segments"]] == [
        ["灣區通"],
        [],
        [],
        ["硬联通", "湾区通"],
    ]
    assert "hits" not in body or body["hits"] is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"text": ""}, "empty"),
        ({"text": " \n "}, "empty"),
        ({}, "either text or segments"),
        ({"text": "a", "segments": ["b"]}, "either text or segments"),
        ({"segments": []}, "segments"),
        ({"segments": ["x"] * (MAX_SEGMENTS + 1)}, "segments"),
        ({"text": "a", "lang": "zh-"}, "lang"),
        ({"text": "a", "target": "TC"}, "target"),
        ({"text": 3}, "text"),
        ({"text": "a", "language": "en"}, "language"),
    ],
)
def test_bad_annotate_bodies(client, body, message) -> None:
    problem = assert_problem(client.post("/api/annotate", json=body), 422)
    assert message in problem["detail"]


def test_annotate_needs_json(client) -> None:
    assert_problem(client.post("/api/annotate", data="灣區通", content_type="text/plain"), 415)
    assert_problem(client.post("/api/annotate", data="{", content_type="application/json"), 400)


def test_edits_are_seen_by_the_next_call_that_asks(client, tokens, base) -> None:
    editor = bearer(tokens["editor"])
    text = {"text": "灣區通與深港通"}
    min_seq = seq_of(base)
    first = client.post(f"/api/annotate?min_seq={min_seq}", json=text).get_json()
    assert [h["text"] for h in first["hits"]] == ["灣區通"]

    concept_id = base["connect"][0]
    etag = client.get(f"/api/concepts/{concept_id}").headers["ETag"]
    changed = copy.deepcopy(BAY_AREA_CONNECT)
    changed["terms"][0]["text"] = "深港通"  # renamed: a new form, the old one gone
    changed["terms"][1]["text"] = "深港通"
    changed["terms"][1]["lang"] = "zh-Hans"
    put = client.put(
        f"/api/concepts/{concept_id}", json=changed, headers={**editor, "If-Match": etag}
    )
    assert put.status_code == 200, put.get_json()
    # Without min_seq this worker has not looked at the log yet …
    stale = client.post("/api/annotate", json=text).get_json()
    assert [h["text"] for h in stale["hits"]] == ["灣區通"]
    # … with it, it has.
    seq = put.headers[SEQ_HEADER]
    fresh = client.post("/api/annotate", json=text, headers={"X-Glossary-Min-Seq": seq})
    assert [h["text"] for h in fresh.get_json()["hits"]] == ["深港通"]

    # A change of status only: the hit says so at once.
    patch = client.patch(
        f"/api/concepts/{concept_id}",
        json={"status": "retired"},
        headers={**editor, "If-Match": put.headers["ETag"]},
    )
    seq = patch.headers[SEQ_HEADER]
    hit = client.post(f"/api/annotate?min_seq={seq}", json=text).get_json()["hits"][0]
    assert hit["concept_status"] == "retired"

    deleted = client.delete(
        f"/api/concepts/{concept_id}", headers={**editor, "If-Match": patch.headers["ETag"]}
    )
    seq = deleted.headers[SEQ_HEADER]
    assert client.post(f"/api/annotate?min_seq={seq}", json=text).get_json()["hits"] == []
    found = client.get("/api/terms", query_string={"q": "深港通", "min_seq": seq})
    assert found.get_json()["items"] == []


def test_terms_of_two_concepts_with_one_form(client, tokens, base) -> None:
    other = {
        "status": "draft",
        "terms": [{"lang": "zh-Hant", "text": "灣區通", "status": "admitted"}],
    }
    made = client.post("/api/concepts", json=other, headers=bearer(tokens["editor"]))
    seq = made.headers[SEQ_HEADER]
    (hit,) = client.post(f"/api/annotate?min_seq={seq}", json={"text": "灣區通"}).get_json()["hits"]
    assert hit["concept_id"] == base["connect"][0]  # the preferred term wins
    assert hit["other_concepts"] == [made.get_json()["id"]]


GREATER_BAY = {
    "ref": "test-greater-bay",
    "status": "approved",
    "terms": [
        {"lang": "zh-Hant", "text": "大灣區", "status": "preferred"},
        {"lang": "en", "text": "Greater Bay Area", "status": "preferred"},
    ],
}


def test_a_row_says_why_it_matched_and_usable_terms_rank_first(client, tokens, base) -> None:
    """ "bay area" finds 灣區通 through its preferred rendering, not the deprecated "Bay Area Pass"."""
    made = client.post("/api/concepts", json=GREATER_BAY, headers=bearer(tokens["editor"]))
    seq = int(made.headers[SEQ_HEADER])
    found = client.get(f"/api/terms?q=bay area&mode=contains&min_seq={seq}").get_json()["items"]
    by_id = {item["concept_id"]: item for item in found}
    connect = by_id[base["connect"][0]]["matched"]
    assert (connect["text"], connect["status"], connect["span"]) == (
        "Bay Area Connect",
        "preferred",
        [0, 8],
    )
    greater = by_id[made.get_json()["id"]]["matched"]
    assert (greater["text"], greater["span"]) == ("Greater Bay Area", [8, 16])
    # Typed in full, the deprecated term is what matched, and it says so.
    [deprecated] = client.get("/api/terms?q=bay area pass&mode=contains").get_json()["items"]
    assert deprecated["matched"]["status"] == "deprecated"
    assert deprecated["matched"]["text"] == "Bay Area Pass"
    # Fuzzy matches mark nothing.
    fuzzy = client.get("/api/terms?q=Bay Aera Conect&mode=fuzzy").get_json()["items"]
    assert fuzzy[0]["matched"]["span"] is None


def test_full_width_latin_finds_the_term(client, base) -> None:
    for mode in ("exact", "contains"):
        found = client.get(f"/api/terms?q=ＢＡＹ ＡＲＥＡ ＣＯＮＮＥＣＴ&mode={mode}").get_json()
        assert found["folded"] == "bay area connect"
        assert [i["concept_id"] for i in found["items"]] == [base["connect"][0]], mode
    [hit] = client.post(
        "/api/annotate", json={"text": "推動 ＢＡＹ ＡＲＥＡ ＣＯＮＮＥＣＴ。"}
    ).get_json()["hits"]
    assert hit["text"] == "ＢＡＹ ＡＲＥＡ ＣＯＮＮＥＣＴ"
