"""Citations and reviews through the API and the pages: written, read, filtered, audited."""

from tests.helpers import BAY_AREA_CONNECT, assert_problem, bearer
from tests.web.pages.conftest import csrf_from, sign_in, soup

QUOTED = {
    "title": "Report on the Work of the Government 2025",
    "publisher": "State Council",
    "date": "2025-03-05",
    "url": "https://english.www.gov.cn/example/report.html",
    "quote": "implement the Bay Area Connect project",
}
SEARCHED = {"none_found": True, "searched": "english.gov.cn, Xinhua: 灣區通 | 湾区通"}


def _create(client, tokens, citations) -> dict:
    body = {**BAY_AREA_CONNECT, "citations": citations}
    response = client.post("/api/concepts", json=body, headers=bearer(tokens["editor"]))
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def test_citations_are_written_read_and_decide_the_basis(client, tokens) -> None:
    concept = _create(client, tokens, [SEARCHED])
    assert concept["citations"] == [SEARCHED]
    assert (concept["rendering_basis"], concept["reviewed"]) == ("own", None)
    url = f"/api/concepts/{concept['id']}"
    editor = bearer(tokens["editor"])
    patched = client.patch(
        url,
        json={"citations": [QUOTED, SEARCHED]},
        headers={**editor, "If-Match": client.get(url).headers["ETag"]},
    )
    assert patched.get_json()["rendering_basis"] == "attested"
    assert patched.get_json()["citations"][0] == QUOTED
    cleared = client.patch(
        url, json={"citations": None}, headers={**editor, "If-Match": patched.headers["ETag"]}
    )
    assert cleared.get_json()["rendering_basis"] == "uncited"


def test_a_citation_without_an_address_or_a_reason_is_refused(client, tokens) -> None:
    body = {**BAY_AREA_CONNECT, "citations": [{"title": "A report"}]}
    problem = assert_problem(
        client.post("/api/concepts", json=body, headers=bearer(tokens["editor"])), 422
    )
    assert "needs a url" in str(problem)
    body["citations"] = [{"title": "A report", "url": "javascript:alert(1)"}]
    assert_problem(client.post("/api/concepts", json=body, headers=bearer(tokens["editor"])), 422)
    assert client.get("/api/concepts").get_json()["total"] == 0


def test_review_needs_an_editor_is_recorded_and_lapses(client, tokens) -> None:
    concept = _create(client, tokens, [SEARCHED])
    url = f"/api/concepts/{concept['id']}"
    assert_problem(client.post(f"{url}/review", headers=bearer(tokens["reader"])), 403)
    assert_problem(client.post(f"{url}/review"), 401)
    stale = client.post(f"{url}/review", headers={**bearer(tokens["editor"]), "If-Match": '"x"'})
    assert_problem(stale, 412)
    reviewed = client.post(f"{url}/review", headers=bearer(tokens["editor"])).get_json()
    assert reviewed["reviewed"]["by"] == "token:test editor#2"
    assert reviewed["version"] == concept["version"] + 1
    listed = client.get("/api/concepts?rendering_basis=own&reviewed=true").get_json()
    assert [c["id"] for c in listed["items"]] == [concept["id"]]
    assert client.get("/api/concepts?rendering_basis=own&reviewed=false").get_json()["total"] == 0
    history = client.get(f"{url}/history").get_json()["items"]
    assert [e["action"] for e in history] == ["create", "review"]
    assert history[-1]["before"]["reviewed"] is None and history[-1]["after"]["reviewed"]
    # Changing a preferred rendering withdraws the review; a note does not.
    terms = [{k: v for k, v in t.items() if k != "id"} for t in reviewed["terms"]]

    def reading(response) -> dict[str, str]:
        return {**bearer(tokens["editor"]), "If-Match": response.headers["ETag"]}

    noted = client.patch(url, json={"notes": {"en": "Changed."}}, headers=reading(client.get(url)))
    assert noted.get_json()["reviewed"] is not None
    terms[0]["text"] = "灣區通工程"
    changed = client.patch(url, json={"terms": terms}, headers=reading(noted))
    assert changed.get_json()["reviewed"] is None
    withdrawn = client.delete(f"{url}/review", headers=reading(changed))
    assert withdrawn.status_code == 200
    assert [e["action"] for e in client.get(f"{url}/history").get_json()["items"]][-1] == "update"


def test_the_entry_page_shows_citations(client, tokens) -> None:
    concept = _create(client, tokens, [QUOTED, SEARCHED])
    page = soup(client.get(f"/concepts/{concept['id']}"))
    section = page.select_one("section.citations")
    link = section.select_one("a[href='https://english.www.gov.cn/example/report.html']")
    assert link.get_text() == QUOTED["title"]
    assert section.select_one("blockquote q").get_text() == QUOTED["quote"]
    assert "No official use found." in section.get_text()
    assert "Xinhua: 灣區通" in section.get_text() and "not reviewed" in section.get_text()
    assert section.select_one("form.review-form") is None  # not signed in


def test_the_review_page_lists_own_renderings_and_marks_them(client, tokens) -> None:
    own = _create(client, tokens, [SEARCHED])
    other = {**BAY_AREA_CONNECT, "ref": "attested", "citations": [QUOTED]}
    other["terms"] = [{"lang": "zh-Hant", "text": "硬聯通", "status": "preferred"}]
    client.post("/api/concepts", json=other, headers=bearer(tokens["editor"]))
    page = client.get("/review")
    assert page.status_code == 200
    rows = soup(page).select("table.review-list tbody tr")
    assert len(rows) == 1 and "灣區通" in rows[0].get_text()
    assert soup(page).select_one("form.review-form") is None
    assert client.get("/review?show=nonsense").status_code == 400
    sign_in(client, tokens["editor"])
    page = client.get("/review")
    form = soup(page).select_one("form.review-form")
    data = {i["name"]: i.get("value", "") for i in form.select("input[name]")}
    refused = client.post(form["action"], data={**data, "csrf_token": "forged"})
    assert refused.status_code == 400
    done = client.post(form["action"], data=data)
    assert done.status_code == 303 and done.headers["Location"].startswith("/review")
    assert soup(client.get("/review")).select("table.review-list tbody tr") == []
    assert len(soup(client.get("/review?show=reviewed")).select("table.review-list tbody tr")) == 1
    again = client.post(form["action"], data=data)  # the version it carries is stale now
    assert again.status_code == 409
    assert client.get(f"/api/concepts/{own['id']}").get_json()["reviewed"]["by"]
    assert csrf_from(page)
