"""The annotate page marks numbers like terms, with their English in the tip and the list."""

from tests.web.pages.conftest import csrf_from, soup

TEXT = "2024年，地區生產總值達3.68萬\n億元，增長5.8%，出口實現「32連冠」，深入實施「灣區通」工程。"


def test_numbers_are_marked_with_their_english(client, concept_id) -> None:
    form = client.get("/annotate")
    page = soup(client.post("/annotate", data={"text": TEXT, "csrf_token": csrf_from(form)}))
    marks = page.select("mark.number")
    assert [m.get_text() for m in marks] == ["2024年", "3.68萬\n億元", "5.8%", "32"]
    tip = page.select_one(f"#{marks[1]['aria-describedby']}")
    assert tip.select_one("strong").get_text() == "3.68 trillion yuan"
    assert "RMB 3.68 trillion" in tip.get_text()
    assert [m.get_text() for m in page.select("mark.term")] == ["灣區通"]
    assert "1 term and 4 numbers marked" in page.select_one("#text-heading").get_text()
    rows = page.select(".number-list li")
    assert [r.select_one(".term-text").get_text() for r in rows][:2] == ["2024年", "3.68萬億元"]
    assert rows[1].select_one("button.copy")["data-copy"] == "3.68 trillion yuan"
    # Without the tips, the text reads as it was pasted, marks and all.
    for tip in page.select(".annotated .tip"):
        tip.decompose()
    assert page.select_one(".annotated").get_text() == TEXT


def test_english_text_has_no_numbers_marked(client) -> None:
    form = client.get("/annotate")
    page = soup(
        client.post(
            "/annotate", data={"text": "GDP grew 5.8% in 2024.", "csrf_token": csrf_from(form)}
        )
    )
    assert page.select("mark.number") == [] and page.select(".number-list") == []
