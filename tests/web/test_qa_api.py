"""POST /api/qa on pairs with known term errors, zh→en and en→zh, on both backends."""

import pytest

from tests.helpers import assert_problem, bearer

CONCEPTS = [
    {
        "ref": "bay-area-connect",
        "status": "approved",
        "terms": [
            {"lang": "zh-Hant", "text": "灣區通", "status": "preferred"},
            {"lang": "zh-Hans", "text": "湾区通", "status": "preferred"},
            {"lang": "en", "text": "Bay Area Connect", "status": "preferred"},
            {"lang": "en", "text": "Greater Bay Area Connect", "status": "admitted"},
            {"lang": "en", "text": "Bay Area Pass", "status": "deprecated"},
        ],
    },
    {
        "ref": "new-quality-productive-forces",
        "status": "approved",
        "terms": [
            {"lang": "zh-Hant", "text": "新質生產力", "status": "preferred"},
            {"lang": "zh-Hans", "text": "新质生产力", "status": "preferred"},
            {"lang": "zh-Hans", "text": "新型生产力", "status": "forbidden"},
            {"lang": "en", "text": "new quality productive forces", "status": "preferred"},
            {"lang": "en", "text": "new productivity", "status": "deprecated"},
        ],
    },
    {
        "ref": "port-of-entry",
        "status": "approved",
        "terms": [
            {"lang": "zh-Hant", "text": "口岸", "status": "preferred"},
            {"lang": "en", "text": "port of entry", "status": "preferred"},
        ],
    },
    {
        "ref": "greater-bay-area",
        "status": "approved",
        "terms": [
            {"lang": "zh-Hant", "text": "粵港澳大灣區", "status": "preferred"},
            {"lang": "zh-Hant", "text": "大灣區", "status": "admitted"},
            {
                "lang": "en",
                "text": "Guangdong-Hong Kong-Macao Greater Bay Area",
                "status": "preferred",
            },
            {"lang": "en", "text": "Greater Bay Area", "status": "admitted"},
        ],
    },
]


@pytest.fixture
def seeded(client, tokens):
    seq = 0
    for concept in CONCEPTS:
        response = client.post("/api/concepts", json=concept, headers=bearer(tokens["editor"]))
        assert response.status_code == 201, response.get_json()
        seq = int(response.headers["X-Glossary-Seq"])
    return seq


def _qa(client, seq, **body):
    response = client.post(f"/api/qa?min_seq={seq}", json=body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_zh_to_en_known_errors(client, seeded) -> None:
    source = "深入實施「灣區通」工程，灣區通覆蓋大灣區；發展新質生產力。"
    target = (
        "We will implement the Bay Area Connect project; the Bay Area Pass covers the "
        "region; we will develop new productivity."
    )
    body = _qa(
        client, seeded, source=source, target=target, source_lang="zh-Hant", target_lang="en"
    )
    found = [(f["source_text"], f["verdict"], f["rendering"]) for f in body["findings"]]
    assert found == [
        ("灣區通", "ok", "Bay Area Connect"),
        ("灣區通", "deprecated", "Bay Area Pass"),
        ("大灣區", "missing", None),
        ("新質生產力", "deprecated", "new productivity"),
    ]
    first = body["findings"][0]
    assert source[first["source_start"] : first["source_end"]] == "灣區通"
    assert target[first["target_start"] : first["target_end"]] == "Bay Area Connect"
    assert first["approved"] == ["Bay Area Connect", "Greater Bay Area Connect"]
    assert body["summary"] == {
        "occurrences": 4,
        "ok": 1,
        "missing": 1,
        "deprecated": 2,
        "forbidden": 0,
    }


def test_en_to_zh_in_a_batch_with_script_folding(client, seeded) -> None:
    segments = [
        # Traditional target, Simplified rendering in the term base; a line break inside.
        {
            "source": "Bay Area Connect and new quality productive forces.",
            "target": "灣區\n通與新型生產力。",
        },
        {"source": "The Guangdong-Hong Kong-Macao Greater Bay Area.", "target": "粤港澳大湾区。"},
    ]
    body = _qa(client, seeded, segments=segments, source_lang="en", target_lang="zh-Hant")
    first, second = body["segments"]
    assert [(f["term"], f["verdict"]) for f in first["findings"]] == [
        ("Bay Area Connect", "ok"),
        ("new quality productive forces", "forbidden"),
    ]
    assert first["findings"][0]["target_text"] == "灣區\n通"
    assert second["summary"]["ok"] == 1


def test_bad_requests_are_problems(client, seeded) -> None:
    for body, message in [
        ({"source": "灣區通", "source_lang": "zh", "target_lang": "en"}, "both source and target"),
        (
            {"source": "a", "target": "b", "source_lang": "en", "target_lang": "en-GB"},
            "different languages",
        ),
        (
            {"source": "a", "target": "b", "source_lang": "xx-!!", "target_lang": "en"},
            "malformed language tag",
        ),
        (
            {
                "source": "a",
                "target": "b",
                "segments": [{"source": "a", "target": "b"}],
                "source_lang": "zh",
                "target_lang": "en",
            },
            "not both",
        ),
    ]:
        problem = assert_problem(client.post("/api/qa", json=body), 422)
        assert message in problem["detail"]
    assert_problem(client.post("/api/qa", data="x", content_type="text/plain"), 415)


def test_reads_need_a_token_when_not_public(app, client, seeded, tokens) -> None:
    app.config["PUBLIC_READ"] = False
    body = {
        "source": "灣區通",
        "target": "Bay Area Connect",
        "source_lang": "zh-Hant",
        "target_lang": "en",
    }
    assert_problem(client.post("/api/qa", json=body), 401)
    response = client.post("/api/qa", json=body, headers=bearer(tokens["reader"]))
    assert response.status_code == 200


def test_plurals_on_request(client, seeded) -> None:
    body = {
        "source": "口岸",
        "target": "ports of entry",
        "source_lang": "zh-Hant",
        "target_lang": "en",
    }
    assert _qa(client, seeded, **body)["findings"][0]["verdict"] == "missing"
    found = _qa(client, seeded, **body, plurals=True)["findings"][0]
    assert (found["verdict"], found["target_text"]) == ("ok", "ports of entry")
