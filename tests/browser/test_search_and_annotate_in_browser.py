"""Search as you type and annotate with hover, in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS

# Chromium against a live server with the shipped term base: seconds per test.
pytestmark = pytest.mark.slow

# Written for this test, hard-wrapped as a newspaper column would be: terms are
# split across lines, 規上工業 even across a blank line.
PARAGRAPH = """深圳去年規上

工業增加值增長較快，連續多年保持全國城市「雙第
一」，出口實現「32連冠」。今年將深入實施「灣區
通」工程，加強「硬聯通」和「軟聯通」，並推動
前海深港現代服務業合作區和河套深港科技創新合
作區建設，因地制宜發展新質生產力。"""


def test_results_appear_as_you_type_in_either_script(page, live_server) -> None:
    page.goto(live_server["url"])
    box = page.get_by_label("Term in Chinese (either script) or English")
    expect(box).to_be_focused()
    box.press_sequentially("湾区通", delay=30)  # Simplified, into a Traditional term base
    first = page.locator(".result").first
    expect(first.locator(".zh-forms .term-text").first).to_have_text("灣區通")
    expect(first.locator(".en strong")).to_have_text("Bay Area Connect")
    expect(page).to_have_url(f"{live_server['url']}/?q=%E6%B9%BE%E5%8C%BA%E9%80%9A")
    box.fill("")
    box.press_sequentially("hard connectivity", delay=20)
    expect(page.locator(".result").first.locator(".zh-forms .term-text").first).to_have_text(
        "硬聯通"
    )
    # The switch changes the results' script and is remembered.
    page.get_by_role("button", name="简").click()
    expect(page.locator(".result").first.locator(".zh-forms .term-text").first).to_have_text(
        "硬联通"
    )
    page.screenshot(path=str(ARTIFACTS / "search-simplified.png"), full_page=True)
    page.get_by_role("button", name="繁").click()


def test_annotate_the_article_with_hover_and_focus(page, live_server) -> None:
    article = PARAGRAPH
    page.goto(f"{live_server['url']}/annotate")
    page.get_by_label("Paste a paragraph").fill(article)
    page.get_by_role("button", name="Find the terms").click()
    marks = page.locator("mark.term")
    expect(marks.first).to_be_visible()
    # 規上 and 工業 are split by a blank line in print; it is still one term.
    split = page.locator("mark.term", has_text="規上")
    expect(split.first).to_be_visible()  # rendered, before its text is read at once
    assert any("\n" in t and "工業" in t for t in split.all_inner_texts())
    target = marks.filter(has_text="32連冠").first
    target.hover()
    tip = page.locator(f"#{target.get_attribute('aria-describedby')}")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("32 consecutive years")
    page.screenshot(path=str(ARTIFACTS / "annotate-hover.png"))
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    # Keyboard: focus a mark, its tip shows.
    page.mouse.move(0, 0)
    marks.nth(3).focus()
    expect(page.locator(f"#{marks.nth(3).get_attribute('aria-describedby')}")).to_be_visible()
    expect(page.locator(".found-list li").first).to_be_visible()


@pytest.mark.parametrize("how", ["hover", "focus"])
def test_a_mark_reached_before_the_script_ran_still_opens_its_tip(page, live_server, how) -> None:
    """The script is deferred: a reader (or a slow network) can reach a mark before it runs."""
    page.goto(f"{live_server['url']}/annotate")
    page.get_by_label("Paste a paragraph").fill(PARAGRAPH)
    held = []
    page.route(
        "**/static/glossary.js*", lambda route: held.append(route)
    )  # the answer's script waits
    page.get_by_role("button", name="Find the terms").click()
    target = page.locator("mark.term", has_text="32連冠").first
    expect(target).to_be_visible()
    getattr(target, how)()
    assert page.evaluate("document.documentElement.classList.contains('js')") is False
    tip = page.locator(f"#{target.get_attribute('aria-describedby')}")
    expect(tip).to_be_visible()  # the CSS-only tip, as a page without the script shows it
    while not held:
        page.wait_for_timeout(20)
    held[0].continue_()
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.classList.contains('js')") is True
    expect(tip).to_be_visible()  # the "js" class hides the CSS-only tip: the script opened it
    expect(tip).to_contain_text("32 consecutive years")
