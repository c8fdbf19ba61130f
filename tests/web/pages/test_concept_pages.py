"""Concept pages through the real app: reading, the JSON twin, the script switch."""

from tests.web.pages.conftest import csrf_from, soup


def test_entry_page_shows_terms_by_language_with_badges(client, concept_id) -> None:
    response = client.get(f"/concepts/{concept_id}")
    page = soup(response)
    assert page.select_one("h1").get_text(" ", strip=True).startswith("灣區通")
    headings = [h.select_one("span").get_text(strip=True) for h in page.select("h3.lang-heading")]
    assert headings == ["繁體中文", "简体中文", "English"]
    langs = [h.select_one("span")["lang"] for h in page.select("h3.lang-heading")]
    assert langs == ["zh-Hant", "zh-Hans", "en"]
    assert [t.get_text() for t in page.select("h3.lang-heading .tag")] == [
        "zh-Hant",
        "zh-Hans",
        "en",
    ]
    deprecated = page.select_one(".term.status-deprecated")
    assert "Bay Area Pass" in deprecated.get_text() and deprecated.select_one(".badge-deprecated")
    # A deprecated term is not offered for copying; it says why.
    assert not deprecated.select_one("button.copy")
    assert "Do not use" in deprecated.select_one(".warning").get_text()
    assert page.select_one("button.copy[data-copy='Bay Area Connect']")
    assert "align rules" in page.select_one(".background").get_text()
    assert "create by token:test editor" in page.select_one(".history").get_text(" ", strip=True)


def test_every_page_links_its_json_twin(client, concept_id) -> None:
    for url, twin in [
        (f"/concepts/{concept_id}", f"/api/concepts/{concept_id}"),
        ("/concepts", "/api/concepts"),
    ]:
        response = client.get(url)
        link = soup(response).select_one('link[rel="alternate"][type="application/json"]')
        assert link["href"] == twin
        assert f"<{twin}>" in response.headers["Link"]
        assert client.get(link["href"]).status_code == 200


def test_script_switch_is_remembered_and_changes_the_order(client, concept_id) -> None:
    page = client.get(f"/concepts/{concept_id}")
    switched = client.post(
        "/script",
        data={"script": "Hans", "next": f"/concepts/{concept_id}", "csrf_token": csrf_from(page)},
    )
    assert switched.status_code == 303 and switched.headers["Location"] == f"/concepts/{concept_id}"
    page = soup(client.get(f"/concepts/{concept_id}"))
    assert [h.select_one(".tag").get_text() for h in page.select("h3.lang-heading")][0] == "zh-Hans"
    assert page.select_one("h1 .term-text").get_text() == "湾区通"
    assert page.select_one('.script-switch button[aria-pressed="true"]').get_text() == "简"
    assert page.select_one(".brand span").get_text() == "词汇库"


def test_switch_refuses_offsite_redirects(client) -> None:
    page = client.get("/")
    response = client.post(
        "/script", data={"script": "Hans", "next": "//evil.example/", "csrf_token": csrf_from(page)}
    )
    assert response.headers["Location"] == "/"


def test_forms_without_csrf_token_are_refused(client) -> None:
    response = client.post("/script", data={"script": "Hans"}, headers={"Accept": "text/html"})
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)


def test_browse_filters_by_subject(client, concept_id) -> None:
    page = soup(client.get("/concepts?subject_field=Greater+Bay+Area+cooperation"))
    assert "1 concept" in page.select_one(".count").get_text()
    assert soup(client.get("/concepts?subject_field=none")).select(".concept-list li") == []


def test_missing_entry_is_an_html_404_for_browsers(client) -> None:
    response = client.get("/concepts/999", headers={"Accept": "text/html"})
    assert response.status_code == 404 and soup(response).select_one("h1").get_text() == "Not Found"
    assert client.get("/concepts/999").mimetype == "application/problem+json"


def test_browse_filters_by_review_status(client, concept_id) -> None:
    response = client.get("/concepts?status=draft")
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("#status option[selected]")["value"] == "draft"
    assert soup(client.get("/concepts?status=retired")).select(".concept-list li") == []
