"""The concept API through the real app, on SQLite and PostgreSQL."""

import copy

from tests.helpers import BAY_AREA_CONNECT, assert_problem, bearer


def create(client, editor, body=BAY_AREA_CONNECT):
    response = client.post("/api/concepts", json=body, headers=bearer(editor))
    assert response.status_code == 201, response.get_json()
    return response


def test_create_read_and_list(client, tokens) -> None:
    created = create(client, tokens["editor"])
    concept = created.get_json()
    assert created.headers["Location"] == f"/api/concepts/{concept['id']}"
    assert created.headers["ETag"] == f'"{concept["id"]}-1"'
    assert [t["text"] for t in concept["terms"]][:2] == ["灣區通", "湾区通"]

    read = client.get(f"/api/concepts/{concept['id']}")
    assert read.status_code == 200 and read.get_json() == concept
    assert "灣區通" in read.get_data(as_text=True)  # UTF-8, not \u escapes

    listing = client.get("/api/concepts").get_json()
    assert listing["total"] == 1 and listing["items"][0]["id"] == concept["id"]


def test_conditional_get(client, tokens) -> None:
    concept = create(client, tokens["editor"]).get_json()
    etag = client.get(f"/api/concepts/{concept['id']}").headers["ETag"]
    again = client.get(f"/api/concepts/{concept['id']}", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_pagination_and_filters(client, tokens) -> None:
    for i in range(5):
        body = copy.deepcopy(BAY_AREA_CONNECT)
        body["ref"] = f"c{i}"
        body["terms"] = [{"lang": "en", "text": f"term {i}", "status": "preferred"}]
        body["subject_field"] = "economy" if i % 2 else "GBA"
        create(client, tokens["editor"], body)
    page = client.get("/api/concepts?per_page=2&page=2")
    body = page.get_json()
    assert body["total"] == 5 and [c["ref"] for c in body["items"]] == ["c2", "c3"]
    assert body["next"] == "/api/concepts?page=3&per_page=2"
    assert body["prev"] == "/api/concepts?page=1&per_page=2"
    assert 'rel="next"' in page.headers["Link"]
    gba = client.get("/api/concepts?subject_field=GBA").get_json()
    assert gba["total"] == 3
    assert client.get("/api/concepts?status=draft").get_json()["total"] == 0


def test_bad_query_parameters(client) -> None:
    body = assert_problem(client.get("/api/concepts?per_page=1000"), 422)
    assert any("per_page" in e for e in body["errors"])
    assert_problem(client.get("/api/concepts?status=finished"), 422)
    assert_problem(client.get("/api/concepts?colour=red"), 422)


def test_put_with_current_etag_replaces(client, tokens) -> None:
    concept = create(client, tokens["editor"]).get_json()
    url = f"/api/concepts/{concept['id']}"
    body = copy.deepcopy(BAY_AREA_CONNECT)
    body["status"] = "review"
    response = client.put(
        url, json=body, headers={**bearer(tokens["editor"]), "If-Match": f'"{concept["id"]}-1"'}
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "review"
    assert response.headers["ETag"] == f'"{concept["id"]}-2"'


def test_stale_if_match_gets_412_and_changes_nothing(client, tokens) -> None:
    concept = create(client, tokens["editor"]).get_json()
    url = f"/api/concepts/{concept['id']}"
    first = copy.deepcopy(BAY_AREA_CONNECT)
    first["status"] = "review"
    headers = {**bearer(tokens["editor"]), "If-Match": f'"{concept["id"]}-1"'}
    assert client.put(url, json=first, headers=headers).status_code == 200

    second = copy.deepcopy(BAY_AREA_CONNECT)
    second["notes"] = {"en": "An edit made on the old version."}
    body = assert_problem(client.put(url, json=second, headers=headers), 412)
    assert body["type"] == "/problems/stale-version" and body["current_version"] == 2
    stored = client.get(url).get_json()
    assert stored["status"] == "review" and stored["notes"] == BAY_AREA_CONNECT["notes"]
    assert stored["version"] == 2
    patch = client.patch(url, json={"status": "draft"}, headers=headers)
    assert_problem(patch, 412)
    assert_problem(client.delete(url, headers=headers), 412)
    assert client.get(url).status_code == 200


def test_stale_version_in_the_body_gets_412(client, tokens) -> None:
    concept = create(client, tokens["editor"]).get_json()
    body = copy.deepcopy(BAY_AREA_CONNECT)
    body["version"] = 9
    headers = {**bearer(tokens["editor"]), "If-Match": "*"}
    response = client.put(f"/api/concepts/{concept['id']}", json=body, headers=headers)
    assert_problem(response, 412)


def test_patch_merges(client, tokens) -> None:
    concept = create(client, tokens["editor"]).get_json()
    url = f"/api/concepts/{concept['id']}"
    response = client.patch(
        url,
        data='{"notes": {"zh-Hant": "背景", "en": null}, "subject_field": null}',
        content_type="application/merge-patch+json",
        headers={**bearer(tokens["editor"]), "If-Match": f'"{concept["id"]}-1"'},
    )
    assert response.status_code == 200, response.get_json()
    patched = response.get_json()
    assert patched["notes"] == {"zh-Hant": "背景"}
    assert patched["subject_field"] is None
    assert [t["id"] for t in patched["terms"]] == [t["id"] for t in concept["terms"]]
    # A null map removes every language of it, as a merge patch says.
    cleared = client.patch(
        url,
        data='{"notes": null, "definitions": null, "citations": null}',
        content_type="application/merge-patch+json",
        headers={**bearer(tokens["editor"]), "If-Match": response.headers["ETag"]},
    )
    assert cleared.status_code == 200, cleared.get_json()
    assert (cleared.get_json()["notes"], cleared.get_json()["definitions"]) == ({}, {})


def test_delete_then_history(client, tokens) -> None:
    concept = create(client, tokens["editor"]).get_json()
    url = f"/api/concepts/{concept['id']}"
    headers = {**bearer(tokens["editor"]), "If-Match": client.get(url).headers["ETag"]}
    assert client.delete(url, headers=headers).status_code == 204
    assert_problem(client.get(url), 404)
    history = client.get(f"{url}/history").get_json()["items"]
    assert [e["action"] for e in history] == ["create", "delete"]
    assert history[0]["actor"] == "token:test editor#2"
    assert history[1]["before"]["terms"][0]["text"] == "灣區通"
    assert_problem(client.get("/api/concepts/999/history"), 404)


def test_invalid_concepts_get_422_with_every_reason(client, tokens) -> None:
    body = {"terms": [{"lang": "SC", "text": "x"}, {"lang": "en", "text": ""}], "colour": 1}
    problem = assert_problem(
        client.post("/api/concepts", json=body, headers=bearer(tokens["editor"])), 422
    )
    assert len(problem["errors"]) >= 2
    semantic = {
        "terms": [
            {"lang": "en", "text": "A", "status": "preferred"},
            {"lang": "en", "text": "B", "status": "preferred"},
        ]
    }
    problem = assert_problem(
        client.post("/api/concepts", json=semantic, headers=bearer(tokens["editor"])), 422
    )
    assert "second preferred" in problem["detail"]


def test_duplicate_ref_is_a_conflict(client, tokens) -> None:
    create(client, tokens["editor"])
    response = client.post("/api/concepts", json=BAY_AREA_CONNECT, headers=bearer(tokens["editor"]))
    assert_problem(response, 409)
