"""The memory API through the real app: CRUD, TMX upload and download, lookup, concordance."""

from __future__ import annotations

import io

import pytest
from lxml import etree

from glossary.web.indexes import SEQ_HEADER
from tests.conftest import ROOT, SHARED
from tests.helpers import assert_problem, bearer

DATA = ROOT / "tests" / "data"
DTD = SHARED / "external" / "formats" / "schemas" / "tmx14.dtd"


@pytest.fixture
def app_config(app_config):
    # Only min_seq makes an index catch up within a test.
    return {**app_config, "INDEX_POLL_SECONDS": 3600}


@pytest.fixture
def editor(tokens):
    return bearer(tokens["editor"])


def _upload(client, editor, name="policy", path=DATA / "policy.tmx", **query):
    return client.post(
        f"/api/memories/{name}/import",
        query_string=query,
        data=path.read_bytes(),
        headers={**editor, "Content-Type": "application/x-tmx+xml"},
    )


def _etag(client, url: str) -> str:
    return client.get(url).headers["ETag"]


def test_memory_lifecycle(client, editor) -> None:
    assert client.get("/api/memories").get_json() == {"items": []}
    created = client.post(
        "/api/memories", json={"name": "policy", "description": "reports"}, headers=editor
    )
    assert created.status_code == 201 and created.headers["Location"] == "/api/memories/policy"
    assert_problem(client.post("/api/memories", json={"name": "policy"}, headers=editor), 409)
    assert_problem(client.post("/api/memories", json={"name": "policy"}), 401)
    etag = client.get("/api/memories/policy").headers["ETag"]
    patched = client.patch(
        "/api/memories/policy", json={"description": "new"}, headers={**editor, "If-Match": etag}
    )
    assert patched.get_json()["description"] == "new"
    stale = client.delete("/api/memories/policy", headers={**editor, "If-Match": etag})
    assert assert_problem(stale, 412)["type"] == "/problems/stale-version"
    current = {**editor, "If-Match": patched.headers["ETag"]}
    assert client.delete("/api/memories/policy", headers=current).status_code == 204
    assert_problem(client.get("/api/memories/policy"), 404)


def test_units_crud_and_merge(client, editor) -> None:
    client.post("/api/memories", json={"name": "m"}, headers=editor)
    unit = {
        "source": "灣區通",
        "target": "Bay Area Connect",
        "source_lang": "zh_TW",
        "target_lang": "EN",
    }
    first = client.post("/api/memories/m/units", json=unit, headers=editor)
    assert first.status_code == 201
    body = first.get_json()
    assert (body["source_lang"], body["target_lang"]) == ("zh-Hant-TW", "en")
    again = client.post("/api/memories/m/units", json={**unit, "usage_count": 4}, headers=editor)
    assert again.status_code == 200 and again.get_json()["id"] == body["id"]
    assert again.get_json()["usage_count"] == 4
    url = f"/api/memories/m/units/{body['id']}"
    changed = {**unit, "target": "Greater Bay Area Connect"}
    replaced = client.put(url, json=changed, headers={**editor, "If-Match": _etag(client, url)})
    assert replaced.get_json()["target"] == "Greater Bay Area Connect"
    page = client.get("/api/memories/m/units?per_page=1").get_json()
    assert page["total"] == 1 and page["items"][0]["id"] == body["id"]
    bad = client.post("/api/memories/m/units", json={**unit, "source_lang": "SC"}, headers=editor)
    assert "ambiguous" in assert_problem(bad, 422)["detail"]
    assert_problem(
        client.post("/api/memories/m/units", json={**unit, "extra": 1}, headers=editor), 422
    )
    deleted = client.delete(url, headers={**editor, "If-Match": replaced.headers["ETag"]})
    assert deleted.status_code == 204
    assert_problem(client.get(url), 404)


def test_import_upload_report_and_all_or_nothing(client, editor) -> None:
    dry = _upload(client, editor, dry_run="true")
    assert dry.get_json()["taken"] == 5 and dry.get_json()["dry_run"] is True
    assert_problem(client.get("/api/memories/policy"), 404)
    report = _upload(client, editor).get_json()
    assert (report["taken"], report["merged"], report["skipped"]) == (5, 0, 2)
    assert report["skipped_by_reason"] == {
        "no translation (only zh-Hant-TW)": 1,
        "the source segment is empty": 1,
    }
    assert client.get("/api/memories/policy").get_json()["units"] == 5
    broken = client.post(
        "/api/memories/policy/import",
        data=(DATA / "policy.tmx").read_bytes()[:900],
        headers={**editor, "Content-Type": "application/x-tmx+xml"},
    )
    assert "not well-formed" in assert_problem(broken, 422)["detail"]
    assert client.get("/api/memories/policy").get_json()["units"] == 5
    form = client.post(
        "/api/memories/other/import",
        data={"file": (io.BytesIO((DATA / "policy.tmx").read_bytes()), "policy.tmx")},
        headers=editor,
    )
    assert form.get_json()["taken"] == 5
    assert_problem(
        client.post(
            "/api/memories/x/import", data="x", headers={**editor, "Content-Type": "text/plain"}
        ),
        415,
    )


def test_export_is_valid_tmx_with_an_etag(client, editor) -> None:
    _upload(client, editor)
    response = client.get("/api/memories/policy/export")
    assert response.status_code == 200 and response.mimetype == "application/x-tmx+xml"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_data()
    if DTD.exists():
        parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
        dtd = etree.DTD(str(DTD))
        assert dtd.validate(etree.fromstring(data, parser).getroottree()), dtd.error_log
    etag = response.headers["ETag"]
    assert (
        client.get("/api/memories/policy/export", headers={"If-None-Match": etag}).status_code
        == 304
    )
    client.post(
        "/api/memories/policy/units",
        json={
            "source": "新質生產力",
            "target": "new quality productive forces",
            "source_lang": "zh-Hant",
            "target_lang": "en",
        },
        headers=editor,
    )
    changed = client.get("/api/memories/policy/export", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    # Into an empty memory, then out again: the same units (BCP 47 tags read back exactly).
    copy = client.post(
        "/api/memories/copy/import",
        data=client.get("/api/memories/policy/export?tags=bcp47").get_data(),
        headers={**editor, "Content-Type": "application/x-tmx+xml"},
    ).get_json()
    assert (copy["taken"], copy["skipped"]) == (6, 0)

    def units(name: str) -> list[tuple]:
        items = client.get(f"/api/memories/{name}/units").get_json()["items"]
        fields = ("source", "target", "source_lang", "target_lang", "source_markup", "note")
        return sorted(tuple(u[f] for f in fields) for u in items)

    assert units("copy") == units("policy")


def test_lookup_sees_writes_with_min_seq(client, editor) -> None:
    query = {
        "text": "推動大灣區軟聯通",
        "source_lang": "zh-Hant",
        "target_lang": "en",
        "threshold": 60,
    }
    assert client.post("/api/tm/lookup", json=query).get_json()["results"][0]["matches"] == []
    written = _upload(client, editor)
    seq = written.headers[SEQ_HEADER]
    found = client.post(f"/api/tm/lookup?min_seq={seq}", json=query).get_json()["results"][0]
    assert found["exact"] is True
    match = found["matches"][0]
    assert match["source"] == "推動大灣區硬聯通和軟聯通"
    assert match["score"] == pytest.approx(100 * (1 - 4 / 12))
    batch = client.post(
        "/api/tm/lookup",
        json={
            "segments": ["雙第一", "双第一", "深化湾区通工程"],
            "source_lang": "zh-Hans",
            "target_lang": "en",
            "threshold": 60,
        },
    ).get_json()["results"]
    assert [r["matches"][0]["target"] for r in batch] == [
        "Double First-Class",
        "Double First-Class",
        "Deepen the Bay Area Connect project",
    ]
    assert batch[1]["matches"][0]["flags"] == ["script"]
    assert_problem(
        client.post("/api/tm/lookup", json={"source_lang": "zh", "target_lang": "en"}), 422
    )
    assert_problem(client.post("/api/tm/lookup", json={**query, "memories": ["nope"]}), 404)


def test_lookup_at_a_tiny_threshold_answers_every_match_above_zero(client, editor) -> None:
    _upload(client, editor)
    query = {"text": "推動灣區", "source_lang": "zh-Hant", "target_lang": "en", "limit": 50}
    for threshold in (1e-3, 1e-6, 1e-9, 5e-324):
        answer = client.post("/api/tm/lookup", json={**query, "threshold": threshold})
        assert answer.status_code == 200, (threshold, answer.get_data(as_text=True))
        scores = [m["score"] for m in answer.get_json()["results"][0]["matches"]]
        assert scores and min(scores) > 0 and scores == sorted(scores, reverse=True)
    assert_problem(client.post("/api/tm/lookup", json={**query, "threshold": 0}), 422)


def test_concordance(client, editor) -> None:
    _upload(client, editor)
    items = client.get("/api/tm/concordance?q=湾区").get_json()["items"]
    assert {i["source"] for i in items} == {"推動大灣區硬聯通和軟聯通", "深化灣區通工程"}
    assert (
        client.get("/api/tm/concordance?q=CONNECT&side=target").get_json()["items"][0]["memory"]
        == "policy"
    )
    assert_problem(client.get("/api/tm/concordance"), 422)


def test_private_reads_need_a_token(app, client, tokens) -> None:
    app.config["PUBLIC_READ"] = False
    assert_problem(client.get("/api/memories"), 401)
    lookup = {"text": "x", "source_lang": "zh", "target_lang": "en"}
    assert_problem(client.post("/api/tm/lookup", json=lookup), 401)
    assert (
        client.post("/api/tm/lookup", json=lookup, headers=bearer(tokens["reader"])).status_code
        == 200
    )


def _concept(client, editor, zh: str, en: str) -> None:
    body = {
        "status": "approved",
        "terms": [
            {"lang": "zh-Hant", "text": zh, "status": "preferred"},
            {"lang": "en", "text": en, "status": "preferred"},
        ],
    }
    assert client.post("/api/concepts", json=body, headers=editor).status_code == 201


def test_lookup_repairs_a_match_that_differs_in_a_term_and_a_number(client, editor) -> None:
    _concept(client, editor, "硬聯通", "hard connectivity")
    _concept(client, editor, "軟聯通", "soft connectivity")
    client.post("/api/memories", json={"name": "gba"}, headers=editor)
    unit = {
        "source": "2023年推動大灣區硬聯通建設",
        "target": "In 2023, promote the building of hard connectivity in the Greater Bay Area",
        "source_lang": "zh-Hant",
        "target_lang": "en",
    }
    written = client.post("/api/memories/gba/units", json=unit, headers=editor)
    seq = written.headers[SEQ_HEADER]
    query = {"text": "2024年推动大湾区软联通建设", "source_lang": "zh-Hans", "target_lang": "en"}
    match = client.post(f"/api/tm/lookup?min_seq={seq}", json=query).get_json()["results"][0][
        "matches"
    ][0]
    assert match["target"] == unit["target"]
    assert match["repair"] == {
        "repaired": True,
        "target": "In 2024, promote the building of soft connectivity in the Greater Bay Area",
        "changes": [
            {"kind": "number", "source_from": "2023", "source_to": "2024",
             "target_from": "2023", "target_to": "2024"},
            {"kind": "term", "source_from": "硬聯通", "source_to": "软联通",
             "target_from": "hard connectivity", "target_to": "soft connectivity"},
        ],
    }  # fmt: skip
    other = {**query, "text": "2024年推动大湾区软联通工作"}  # 建设 → 工作 is no term: no repair
    found = client.post("/api/tm/lookup", json=other).get_json()["results"][0]["matches"]
    assert found and found[0]["repair"] is None


def test_units_have_etags_and_a_stale_write_changes_nothing(client, editor) -> None:
    client.post("/api/memories", json={"name": "m"}, headers=editor)
    unit = {
        "source": "灣區通",
        "target": "Bay Area Connect",
        "source_lang": "zh-Hant",
        "target_lang": "en",
    }
    created = client.post("/api/memories/m/units", json=unit, headers=editor).get_json()
    url = f"/api/memories/m/units/{created['id']}"
    etag = client.get(url).headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    first = client.put(url, json={**unit, "note": "first"}, headers={**editor, "If-Match": etag})
    assert first.status_code == 200 and first.headers["ETag"] != etag
    stale = client.put(url, json={**unit, "note": "second"}, headers={**editor, "If-Match": etag})
    assert_problem(stale, 412)
    assert client.get(url).get_json()["note"] == "first"
    assert_problem(client.delete(url, headers={**editor, "If-Match": etag}), 412)
    current = client.get(url).headers["ETag"]
    assert client.delete(url, headers={**editor, "If-Match": current}).status_code == 204


SHIPPED = ROOT / "tm_data" / "memory" / "policy.tmx"


def test_export_tags_as_documented_and_languages_that_stand_in(client, editor) -> None:
    """The shipped memory is stored as zh-Hant → en; CAT tools ask for zh-TW and en-GB."""
    assert _upload(client, editor, path=SHIPPED).get_json()["taken"] == 40
    default = client.get("/api/memories/policy/export").get_data(as_text=True)
    assert default.count('<tuv xml:lang="zh-TW">') == 40 and 'xml:lang="zh-Hant"' not in default
    region = client.get("/api/memories/policy/export?tags=region")
    assert region.status_code == 200 and region.get_data(as_text=True) == default.replace(
        _creation(default), _creation(region.get_data(as_text=True))
    )
    stored = client.get("/api/memories/policy/export?tags=bcp47").get_data(as_text=True)
    assert stored.count('<tuv xml:lang="zh-Hant">') == 40
    asked = client.get("/api/memories/policy/export?source_lang=zh-TW&target_lang=en-GB")
    text = asked.get_data(as_text=True)
    assert text.count("<tu ") == 40
    assert text.count('<tuv xml:lang="zh-TW">') == 40 and text.count('<tuv xml:lang="en-GB">') == 40
    assert 'srclang="zh-TW"' in text
    # A language that stands in for nothing asked finds nothing; a bad one is refused.
    none = client.get("/api/memories/policy/export?source_lang=zh-Hans").get_data(as_text=True)
    assert "<tu " not in none
    assert_problem(client.get("/api/memories/policy/export?tags=iso"), 422)
    assert_problem(client.get("/api/memories/policy/export?source_lang=SC"), 422)


def _creation(tmx: str) -> str:
    start = tmx.index("creationdate=")
    return tmx[start : tmx.index(" ", start)]
