"""The search and annotate pages through the real app (the browser tests drive them too)."""

from tests.web.pages.conftest import csrf_from, soup


def _switch(client, script: str) -> None:
    page = client.get("/")
    client.post("/script", data={"script": script, "next": "/", "csrf_token": csrf_from(page)})


def test_search_in_either_script_finds_the_same_concept(client, concept_id) -> None:
    for query in ("灣區通", "湾区通", "bay area connect"):
        page = soup(client.get(f"/?q={query}"))
        first = page.select_one(".result")
        assert first is not None, query
        assert [t.get_text() for t in first.select(".result-head .term-text")] == [
            "灣區通",
            "湾区通",
        ]
        assert first.select_one(".en strong").get_text() == "Bay Area Connect"
        assert "Bay Area Pass" in first.select_one(".deprecated del").get_text()


def test_results_follow_the_script_switch(client, concept_id) -> None:
    _switch(client, "Hans")
    page = soup(client.get("/?q=灣區通"))
    assert page.select_one(".result .zh-forms .term-text").get_text() == "湾区通"


def test_partial_results_for_typing_and_the_json_twin(client, concept_id) -> None:
    response = client.get("/?q=灣區&partial=1")
    fragment = soup(response)
    assert fragment.select_one("html") is None and fragment.select(".result")
    twin = response.headers["Link"].split(">")[0].lstrip("<")
    data = client.get(twin).get_json()
    assert data["items"][0]["concept_id"] == concept_id


def test_fuzzy_fallback_and_nothing_found(client, concept_id) -> None:
    page = soup(client.get("/?q=灣區同"))  # a typo: no term contains it
    assert "similar to" in page.select_one(".count").get_text()
    page = soup(client.get("/?q=zzzzqqq"))
    assert "Nothing found" in page.select_one(".count").get_text()
    assert soup(client.get("/?q=%E2%80%8B")).select(".result") == []  # only a zero-width space


def test_annotate_marks_terms_with_line_breaks_kept(client, concept_id) -> None:
    form = client.get("/annotate")
    text = "深入實施「灣區\n通」工程，不是 Bay Area Pass。"
    page = soup(client.post("/annotate", data={"text": text, "csrf_token": csrf_from(form)}))
    marks = page.select("mark.term")
    assert [m.get_text() for m in marks] == ["灣區\n通", "Bay Area Pass"]
    tip = page.select_one(f"#{marks[0]['aria-describedby']}")
    assert "Bay Area Connect" in tip.get_text() and "align rules" in tip.get_text()
    assert marks[1]["class"] == ["term", "status-deprecated"]
    assert "deprecated" in page.select(".tip")[1].get_text()
    found = page.select(".found-list li")
    assert found[0].select_one(".term-text").get_text() == "灣區通"
    assert "×2" in found[0].get_text()
    copy_all = page.select_one("button.copy[aria-label^='Copy all']")["data-copy"]
    assert copy_all.startswith("灣區通\tBay Area Connect")


def test_annotate_refuses_too_long_a_text(client) -> None:
    form = client.get("/annotate")
    response = client.post("/annotate", data={"text": "字" * 20_001, "csrf_token": csrf_from(form)})
    assert response.status_code == 413 and "20,000" in response.get_data(as_text=True)
