"""Concept pages in a real browser: keyboard use, the script switch, an edit that meets a stale version."""

import json
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, concept_id

# Chromium against a live server with the shipped term base: seconds per test.
pytestmark = pytest.mark.slow


def test_entry_page_by_keyboard_and_script_switch(page, live_server) -> None:
    base = live_server["url"]
    concept = concept_id(base, "bay-area-connect")
    page.goto(f"{base}/concepts/{concept}")
    expect(page.locator("h1 .term-text")).to_have_text("灣區通")
    # The first Tab reaches the skip link, which is visible when focused.
    page.keyboard.press("Tab")
    expect(page.locator("a.skip")).to_be_focused()
    # Tab to the 简 button and press it with the keyboard.
    simplified = page.get_by_role("button", name="简")
    for _ in range(10):
        if page.evaluate("document.activeElement.textContent.trim()") == "简":
            break
        page.keyboard.press("Tab")
    expect(simplified).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("h1 .term-text")).to_have_text("湾区通")
    expect(simplified).to_have_attribute("aria-pressed", "true")
    # Remembered on other pages.
    page.goto(f"{base}/concepts")
    expect(page.locator(".brand span")).to_have_text("词汇库")


def test_copy_button_copies_the_rendering(page, live_server, browser) -> None:
    base = live_server["url"]
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page.goto(f"{base}/concepts/{concept_id(base, 'bay-area-connect')}")
    button = page.locator("button.copy[data-copy='Bay Area Connect']")
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == "Bay Area Connect"


def test_an_edit_that_meets_a_stale_version(page, live_server) -> None:
    base = live_server["url"]
    concept = concept_id(base, "hard-connectivity")
    page.goto(f"{base}/signin")
    page.get_by_label("Token").fill(live_server["editor"])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(f"{base}/concepts/{concept}/edit")
    page.get_by_label("Policy background note (English)").fill("My edit, made on version 1.")

    # Meanwhile another editor saves through the API.
    request = urllib.request.Request(
        f"{base}/api/concepts/{concept}",
        data=json.dumps({"notes": {"en": "Their edit, saved first."}}).encode(),
        method="PATCH",
        headers={
            "Authorization": f"Bearer {live_server['editor']}",
            "Content-Type": "application/merge-patch+json",
            "If-Match": f'"{concept}-1"',
        },
    )
    with urllib.request.urlopen(request) as response:
        assert response.status == 200

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Someone else changed this concept")).to_be_visible()
    expect(page.locator(".side").nth(0)).to_contain_text("My edit, made on version 1.")
    expect(page.locator(".side").nth(1)).to_contain_text("Their edit, saved first.")
    page.screenshot(path=str(ARTIFACTS / "edit-conflict.png"), full_page=True)
    page.get_by_role("link", name="Discard my changes").click()
    expect(page.locator(".background")).to_have_text("Their edit, saved first.")
