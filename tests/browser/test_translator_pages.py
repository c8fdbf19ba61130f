"""What a translator at work sees and does, in a real browser: why a result matched,
notes without hovering, tips on a touch screen, exports, the QA page, the edit form
on a phone, keyboard shortcuts and the 404 page."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, CHINESE_WITHOUT_LANG
from tests.browser.test_search_and_annotate_in_browser import PARAGRAPH

# Chromium against a live server with the shipped term base: seconds per test.
pytestmark = pytest.mark.slow


def _concept_id(base: str, ref: str) -> int:
    for page in range(1, 10):
        with urllib.request.urlopen(f"{base}/api/concepts?per_page=100&page={page}") as response:
            for concept in json.load(response)["items"]:
                if concept["ref"] == ref:
                    return concept["id"]
    raise LookupError(ref)


def test_searching_bay_area_shows_why_each_row_matched(page, live_server) -> None:
    page.goto(live_server["url"])
    page.get_by_label("Term in Chinese (either script) or English").press_sequentially(
        "bay area", delay=20
    )
    rows = page.locator(".result")
    expect(rows.first).to_be_visible()
    connect = rows.filter(has=page.locator(".zh-forms", has_text="灣區通")).first
    # Found through its preferred rendering, with the part typed marked, not through
    # the deprecated "Bay Area Pass".
    expect(connect.locator(".why .reason")).to_have_text("Matched the preferred term")
    expect(connect.locator(".why .matched")).to_have_text("Bay Area Connect")
    expect(connect.locator(".why mark.query")).to_have_text("Bay Area")
    # Both scripts, the English renderings with copy buttons, the deprecated one struck.
    expect(connect.locator(".result-head .term-text")).to_have_text(["灣區通", "湾区通"])
    for text in ("灣區通", "湾区通", "Bay Area Connect", "Greater Bay Area Connect"):
        expect(connect.locator(f"button.copy[data-copy='{text}']")).to_have_count(1)
    expect(connect.locator(".deprecated del")).to_have_text("Bay Area Pass")
    expect(connect.locator("button.copy[data-copy='Bay Area Pass']")).to_have_count(0)
    expect(connect.locator(".note")).to_contain_text("align rules")
    expect(connect.locator(".origin")).to_have_text("This project's rendering")
    expect(connect.locator(".subject")).to_have_text("Greater Bay Area cooperation")
    # Every row says why, and an official rendering says so.
    assert rows.count() == page.locator(".result .why .reason").count() >= 5
    assert page.locator(".result .origin-official").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "search-why.png"), full_page=True)
    # Typed in full, the deprecated term is the reason, with a warning.
    page.get_by_label("Term in Chinese (either script) or English").fill("")
    page.get_by_label("Term in Chinese (either script) or English").press_sequentially(
        "bay area pass", delay=20
    )
    expect(rows.first.locator(".why .reason")).to_have_text("Matched the deprecated term")
    expect(rows.first.locator(".why .warning")).to_contain_text("Do not use")
    # Full-width Latin finds the term too.
    page.goto(f"{live_server['url']}/?q=ＢＡＹ ＡＲＥＡ ＣＯＮＮＥＣＴ")
    expect(rows.first.locator(".zh-forms .term-text").first).to_have_text("灣區通")


def test_keyboard_shortcuts_search_move_and_open(page, live_server) -> None:
    scripted = page.locator("html.js")  # the page's script has run: shortcuts are live
    page.goto(f"{live_server['url']}/help")
    expect(page.locator("table.shortcuts")).to_contain_text("Next result")
    expect(scripted).to_have_count(1)
    page.keyboard.press("/")  # on a page without a search box: to the search page
    expect(page).to_have_url(f"{live_server['url']}/")
    expect(scripted).to_have_count(1)
    box = page.get_by_label("Term in Chinese (either script) or English")
    page.locator("h1").first.evaluate("el => el.closest('main').focus()")
    page.keyboard.press("/")
    expect(box).to_be_focused()
    box.press_sequentially("灣區", delay=20)
    expect(page.locator(".result").nth(2)).to_be_visible()
    links = page.locator(".result .zh-forms")
    page.keyboard.press("ArrowDown")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("j")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("k")
    expect(links.nth(0)).to_be_focused()
    href = links.nth(0).get_attribute("href")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server['url']}{href}")
    page.wait_for_load_state()
    expect(scripted).to_have_count(1)
    page.keyboard.press("?")
    expect(page).to_have_url(f"{live_server['url']}/help")


def test_annotate_on_a_touch_screen(browser, live_server) -> None:
    """Notes in the list without hovering, labelled renderings, tips that open and close by tap."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto(f"{live_server['url']}/annotate")
    page.get_by_label("Paste a paragraph").fill(PARAGRAPH)
    page.get_by_label("Paste a paragraph").press("Control+Enter")  # submits
    found = page.locator(".found-list li")
    expect(found.first).to_be_visible()
    connect = found.filter(has=page.locator(".term-text", has_text="灣區通")).first
    expect(connect.locator(".note")).to_be_visible()
    expect(connect.locator(".note")).to_contain_text("align rules")
    labels = connect.locator(".renderings-list dt").all_inner_texts()
    assert [x.lower() for x in labels] == ["preferred", "admitted", "deprecated: do not use"]
    expect(connect.locator("dd.unusable del")).to_have_text("Bay Area Pass")
    # 灣區通 is broken across two lines: tap its second line; the tip sits under that line.
    mark = page.locator("mark.term", has_text="通").filter(has_text="灣區").first
    mark.scroll_into_view_if_needed()
    rects = mark.evaluate("m => Array.from(m.getClientRects()).map(r => [r.left, r.top, r.bottom])")
    assert len(rects) == 2
    left, top, bottom = rects[1]
    page.touchscreen.tap(left + 3, (top + bottom) / 2)
    tip = page.locator(f"#{mark.get_attribute('aria-describedby')}")
    expect(tip).to_be_visible()
    expect(mark).to_have_attribute("aria-expanded", "true")
    tip_top = tip.evaluate("t => t.getBoundingClientRect().top")
    assert bottom <= tip_top <= bottom + 12
    page.screenshot(path=str(ARTIFACTS / "annotate-touch.png"))
    tip.get_by_role("button", name="Close this tip").tap()
    expect(tip).to_be_hidden()
    # A tap elsewhere closes an open tip too.
    mark.tap()
    expect(tip).to_be_visible()
    page.locator("h1").tap()
    expect(tip).to_be_hidden()
    assert page.evaluate(CHINESE_WITHOUT_LANG) == []
    context.close()


def test_annotate_offers_the_terms_found_as_a_job_glossary(page, live_server) -> None:
    page.goto(f"{live_server['url']}/annotate")
    page.get_by_label("Paste a paragraph").fill("深入實施「灣區通」工程，加強「硬聯通」。")
    page.get_by_role("button", name="Find the terms").click()
    link = page.get_by_role("link", name="OmegaT glossary (TSV)")
    with page.expect_download() as download:
        link.click()
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()[1:]
    pairs = {tuple(line.split("\t")[:2]) for line in lines}
    assert ("灣區通", "Bay Area Connect") in pairs and ("硬聯通", "hard connectivity") in pairs
    assert {source for source, _ in pairs} <= {"灣區通", "灣區通工程", "硬聯通"}
    assert not any("Bay Area Pass" in line for line in lines)


def test_entry_page_with_language_names_examples_and_exports(page, live_server) -> None:
    base = live_server["url"]
    page.goto(f"{base}/concepts/{_concept_id(base, 'bay-area-connect')}")
    expect(page.locator("h3.lang-heading > span:first-child")).to_have_text(
        ["繁體中文", "简体中文", "English"]
    )
    deprecated = page.locator(".term.status-deprecated")
    expect(deprecated.locator(".warning")).to_contain_text("Do not use")
    expect(deprecated.locator("button.copy")).to_have_count(0)
    examples = page.locator(".examples li")
    expect(examples.first).to_contain_text("灣區通")
    expect(examples.first.locator("mark")).to_have_text("灣區通")
    page.get_by_role("link", name="Concordance: every segment with “灣區通”").click()
    expect(page.locator("table.concordance tbody tr").first).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="TBX 2008 for CAT tools").wait_for()
    expect(page.locator(".meta .origin")).to_have_text("This project's rendering")


def test_check_a_translation(page, live_server) -> None:
    page.goto(f"{live_server['url']}/qa")
    page.get_by_label("Source text").fill("深入實施「灣區通」工程，加強「硬聯通」。")
    page.get_by_label("Translation").fill("Implement the Bay Area Pass project.")
    page.get_by_label("Translation").press("Control+Enter")
    rows = page.locator("table.qa-findings tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("deprecated rendering used")
    expect(rows.nth(0)).to_contain_text("Bay Area Pass")
    expect(rows.nth(1)).to_contain_text("no approved rendering")
    expect(page.locator(".qa-summary")).to_contain_text("1 deprecated")
    translation = page.locator(".qa-text").nth(1)
    expect(translation.locator("mark.verdict-deprecated")).to_have_text(
        "Bay Area Pass (deprecated rendering used)"
    )
    expect(page.locator(".qa-text").nth(0).locator("mark.verdict-deprecated")).to_contain_text(
        "灣區通"
    )


@pytest.fixture
def phone_editor(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server['url']}/signin")
    page.get_by_label("Token").fill(live_server["editor"])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    yield page
    context.close()


def test_edit_form_on_a_phone(phone_editor, live_server) -> None:
    page = phone_editor
    base = live_server["url"]
    page.goto(f"{base}/concepts/{_concept_id(base, 'hard-connectivity')}/edit")
    expect(page).to_have_title("Edit 硬聯通 · glossary")
    expect(page.locator("h1")).to_contain_text("硬聯通")
    # Every visible box has a visible label of its own.
    unlabelled = page.evaluate(
        """() => Array.from(document.querySelectorAll('form.concept-form input:not([type=hidden]),'
            + ' form.concept-form select, form.concept-form textarea'))
          .filter(el => el.offsetParent !== null)
          .filter(el => !el.labels.length || !Array.from(el.labels).some(l => l.offsetWidth > 1))
          .map(el => el.id)"""
    )
    assert unlabelled == []
    rows = page.locator("[data-term-row]")
    before = rows.count()
    language = page.locator("#terms-0-lang")
    assert "繁體中文 (zh-Hant)" in language.locator("option").all_inner_texts()
    page.get_by_role("button", name="Add a term").tap()
    expect(rows).to_have_count(before + 1)
    new = f"#terms-{before}"
    expect(page.locator(f"{new}-lang")).to_be_focused()
    page.locator(f"{new}-lang").select_option("en")
    page.locator(f"{new}-text").fill("physical connectivity")
    page.screenshot(path=str(ARTIFACTS / "phone-edit-add-term.png"), full_page=True)
    page.get_by_role("button", name="Save").tap()
    expect(page.locator(".term", has_text="physical connectivity")).to_be_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_a_path_that_does_not_exist_is_a_styled_page(page, live_server) -> None:
    response = page.goto(f"{live_server['url']}/no/such/page")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Not Found")
    expect(page.locator(".error-detail")).to_have_text("There is nothing at /no/such/page.")
    page.get_by_label("Look for a term instead").fill("灣區通")
    page.get_by_label("Look for a term instead").press("Enter")
    expect(page.locator(".result").first).to_be_visible()
