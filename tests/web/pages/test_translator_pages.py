"""The translators' additions through the real app, without JavaScript: the search row's
reason, export links, the QA page, "Add a term" by a round trip, the help page and 404."""

from __future__ import annotations

from tests.helpers import assert_problem, bearer
from tests.web.pages.conftest import csrf_from, sign_in, soup

OFFICIAL = {
    "ref": "test-hard",
    "status": "approved",
    "sources": ["Government Work Report of the State Council (2025), official English version"],
    "terms": [
        {"lang": "zh-Hant", "text": "硬聯通", "status": "preferred"},
        {"lang": "en", "text": "hard connectivity", "status": "preferred"},
    ],
}


def test_search_rows_say_why_and_where_the_rendering_comes_from(client, tokens, concept_id):
    client.post("/api/concepts", json=OFFICIAL, headers=bearer(tokens["editor"]))
    page = soup(client.get("/?q=bay area"))
    row = page.select_one(".result")
    assert row.select_one(".reason").get_text() == "Matched the preferred term"
    assert row.select_one(".matched mark.query").get_text() == "Bay Area"
    # Its only source ("test") names no official version and is not this project's.
    assert row.select_one(".origin-published").get_text() == "In published use"
    hard = soup(client.get("/?q=硬聯通")).select_one(".result")
    assert hard.select_one(".origin-official").get_text() == "Official rendering"
    assert hard.select_one(".matched")["lang"] == "zh-Hant"
    fuzzy = soup(client.get("/?q=bay aera conect"))
    assert "% similar to" in fuzzy.select_one(".reason-fuzzy").get_text()


def test_pages_link_the_exports_of_what_they_show(client, concept_id) -> None:
    home = soup(client.get("/"))
    links = {a.get_text(): a["href"] for a in home.select(".exports a")}
    assert links["TBX 2008 for CAT tools"] == (
        "/api/termbase/export/tbx2008?source_lang=zh-Hant&target_lang=en"
    )
    field = soup(client.get("/concepts?subject_field=Greater Bay Area cooperation"))
    tsv = next(a["href"] for a in field.select(".exports a") if "TSV" in a.get_text())
    assert "subject_field=Greater+Bay+Area+cooperation" in tsv
    exported = client.get(tsv).get_data(as_text=True)
    assert "灣區通\tBay Area Connect" in exported and "Bay Area Pass" not in exported
    annotate = client.get("/annotate")
    found = soup(
        client.post("/annotate", data={"text": "推進灣區通。", "csrf_token": csrf_from(annotate)})
    )
    job = next(a["href"] for a in found.select(".exports a") if a.get_text() == "TBX")
    assert f"ids={concept_id}" in job
    entry = soup(client.get(f"/concepts/{concept_id}"))
    assert any(f"ids={concept_id}" in a["href"] for a in entry.select(".exports a"))


def test_qa_page_checks_every_term(client, concept_id) -> None:
    form = client.get("/qa")
    assert soup(form).select_one("textarea#source")
    response = client.post(
        "/qa",
        data={
            "source": "深入實施「灣區通」工程",
            "target": "the Bay Area Pass project",
            "direction": "zh-en",
            "csrf_token": csrf_from(form),
        },
    )
    page = soup(response)
    [row] = page.select("table.qa-findings tbody tr")
    assert "deprecated rendering used" in row.get_text()
    assert page.select_one(".qa-text mark.verdict-deprecated").get_text().startswith("灣區通")
    assert page.select(".qa-text")[0]["lang"] == "zh-Hant"
    too_long = client.post(
        "/qa", data={"source": "x" * 20_001, "target": "y", "csrf_token": csrf_from(form)}
    )
    assert too_long.status_code == 413 and "20,000" in soup(too_long).select_one(".errors").text


def test_add_a_term_without_javascript_keeps_what_was_typed(client, tokens, concept_id) -> None:
    sign_in(client, tokens["editor"])
    page = soup(client.get(f"/concepts/{concept_id}/edit"))
    assert page.select_one("title").get_text() == "Edit 灣區通 · glossary"
    assert "Bay Area Connect" in page.select_one("h1").get_text()
    form = page.select_one("form.concept-form")
    rows = [r for r in form.select("[data-term-row]") if not r.find_parent("template")]
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        if field.find_parent("template"):
            continue
        if field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            data[field["name"]] = chosen.get("value", chosen.get_text())
        else:
            data[field["name"]] = field.get("value", field.get_text())
    blank = len(rows) - 1
    data[f"terms-{blank}-lang"] = "en"
    data[f"terms-{blank}-text"] = "GBA Connect"
    data["add_term"] = "1"
    again = client.post(f"/concepts/{concept_id}/edit", data=data)
    assert again.status_code == 200
    shown = soup(again)
    new_rows = [r for r in shown.select("[data-term-row]") if not r.find_parent("template")]
    assert len(new_rows) == len(rows) + 1
    assert shown.select_one(f"#terms-{blank}-text")["value"] == "GBA Connect"
    assert shown.select_one(f"#terms-{blank + 1}-text")["value"] == ""
    # Nothing was saved by adding a row.
    assert client.get(f"/api/concepts/{concept_id}").get_json()["version"] == 1
    labels = shown.select("form.concept-form label")
    assert all("visually-hidden" not in (label.get("class") or []) for label in labels)


def test_help_lists_the_shortcuts(client) -> None:
    page = soup(client.get("/help"))
    keys = [row.select_one("td").get_text() for row in page.select("table.shortcuts tbody tr")]
    assert "/" in keys and "Ctrl + Enter" in keys and "j or ↓" in keys


def test_a_missing_page_is_a_page_for_browsers_and_a_problem_for_programs(client) -> None:
    page = client.get("/no/such/page", headers={"Accept": "text/html"})
    assert page.status_code == 404
    html = soup(page)
    assert html.select_one(".error-detail").get_text() == "There is nothing at /no/such/page."
    assert html.select_one("form[role=search]")
    body = assert_problem(client.get("/no/such/page"), 404)
    assert body["detail"] == "There is nothing at /no/such/page."


def test_the_qa_page_checks_numbers_too(client) -> None:
    form = client.get("/qa")
    page = client.post(
        "/qa",
        data={
            "source": "全年GDP增長5.8%，達3.68萬億元。",
            "target": "GDP grew 5.8 percent to 3.68 billion yuan.",
            "direction": "zh-en",
            "csrf_token": csrf_from(form),
        },
    )
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "2 numbers checked" in html
    assert "changed: magnitude" in html and "3.68 trillion yuan" in html
