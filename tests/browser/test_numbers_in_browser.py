"""Numbers on the annotate page, in a real browser: tips on hover and focus, and axe's rules."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_accessibility import AXE_OPTIONS

# Chromium against a live server with the shipped term base: seconds per test.
pytestmark = pytest.mark.slow

TEXT = """2024年，深圳全市地區生產總值3.68萬
億元，增長5.8%；今年新增就業20萬人，新推廣新能源汽車30萬輛以上，
全社會研發投入保持兩位數增長。"""


def test_number_tips_on_hover_and_focus(page, live_server) -> None:
    page.goto(f"{live_server['url']}/annotate")
    page.get_by_label("Paste a paragraph").fill(TEXT)
    page.get_by_role("button", name="Find the terms").click()
    numbers = page.locator("mark.number")
    # 兩位數增長 and 新增就業20萬人 are terms of the shipped term base too: their numbers are
    # listed, but marked once, as the terms.
    expect(numbers).to_have_count(4)
    amount = numbers.filter(has_text="3.68")
    amount.hover()
    tip = page.locator(f"#{amount.get_attribute('aria-describedby')}")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("3.68 trillion yuan")
    page.screenshot(path=str(ARTIFACTS / "annotate-numbers-hover.png"))
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    page.mouse.move(0, 0)
    vehicles = numbers.filter(has_text="30萬輛以上")
    vehicles.focus()
    expect(page.locator(f"#{vehicles.get_attribute('aria-describedby')}")).to_contain_text(
        "more than 300,000 vehicles"
    )
    listed = page.locator(".number-list li")
    expect(listed).to_have_count(6)
    expect(listed.nth(5)).to_contain_text("double-digit growth")
    results = Axe().run(page, options=AXE_OPTIONS)
    assert not results.violations_count, results.generate_report()
