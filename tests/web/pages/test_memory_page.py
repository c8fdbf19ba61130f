"""The memory page: fuzzy lookup with differences marked, concordance with hits marked."""

from glossary.web.pages.memory import differences, occurrences
from tests.web.pages.conftest import soup


def test_differences_are_marked_on_the_stored_source() -> None:
    pieces = differences("2025年深圳外貿出口實現「33連冠」", "2024年深圳外貿出口實現「32連冠」")
    assert [text for text, marked in pieces if marked] == ["4", "2"]
    # A script difference alone is not a change.
    assert differences("灣區通", "湾区通") == [("湾区通", False)]


def test_occurrences_are_found_in_either_script() -> None:
    assert occurrences("湾区通", "深入實施「灣區\n通」工程") == [
        ("深入實施「", False),
        ("灣區\n通", True),
        ("」工程", False),
    ]


def test_fuzzy_lookup_in_simplified_finds_traditional_units(client, memory_units) -> None:
    page = soup(client.get("/memory", query_string={"q": "2025年深圳外贸出口实现「33连冠」"}))
    match = page.select_one(".match")
    assert match is not None
    percent = int(match.select_one(".percent").get_text().rstrip("%"))
    assert 80 <= percent < 100
    assert [m.get_text() for m in match.select(".source mark.diff")] == ["4", "2"]
    assert "top exporter for 32 consecutive years" in match.select_one(".target").get_text()
    assert "script" in match.select_one(".flags").get_text()


def test_concordance_marks_the_hits(client, memory_units) -> None:
    page = soup(client.get("/memory", query_string={"q": "硬联通", "mode": "concordance"}))
    rows = page.select("table.concordance tbody tr")
    assert len(rows) == 1
    assert rows[0].select_one("mark.diff").get_text() == "硬聯通"
    twin = page.select_one('link[rel="alternate"]')["href"]
    assert client.get(twin).get_json()["items"][0]["id"] == memory_units[0]["id"]


def test_unknown_memory_is_reported(client, memory_units) -> None:
    response = client.get("/memory", query_string={"q": "灣區通", "memory": "nope"})
    assert response.status_code == 404 and "nope" in soup(response).select_one(".errors").get_text()


def test_nothing_found(client, memory_units) -> None:
    page = soup(client.get("/memory", query_string={"q": "完全不同的句子，沒有相似之處"}))
    assert page.select_one("#matches-heading").get_text().startswith("0 matches")
