"""Every page passes axe-core's WCAG 2 A and AA rules, and fits a phone's width."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, CHINESE_WITHOUT_LANG, concept_id

# Chromium against a live server with the shipped term base: seconds per test.
pytestmark = pytest.mark.slow

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _pages(page, base: str, editor: str):
    """Visit every kind of page, in the state a translator sees it, yielding its name.

    Each page is yielded once it has loaded: a form's button only starts its navigation,
    and under load the next page may not have a body yet when the click returns.
    """
    for name in _visits(page, base, editor):
        page.wait_for_load_state("load")
        yield name


def _visits(page, base: str, editor: str):
    page.goto(f"{base}/?q=灣區")
    yield "search"
    page.goto(f"{base}/concepts/{concept_id(base, 'bay-area-connect')}")
    yield "entry"
    page.goto(f"{base}/concepts")
    yield "browse"
    page.goto(f"{base}/annotate")
    page.get_by_label("Paste a paragraph").fill(
        "深入實施「灣區通」工程，加強基礎設施「硬聯\n通」。"
    )
    page.get_by_role("button", name="Find the terms").click()
    page.locator("mark.term").first.focus()
    yield "annotate"
    page.goto(f"{base}/memory?q=灣區通")
    yield "memory"
    page.goto(f"{base}/memory?mode=concordance&q=灣區通")
    yield "concordance"
    page.goto(f"{base}/qa")
    page.get_by_label("Source text").fill("深入實施「灣區通」工程，加強「硬聯通」。")
    page.get_by_label("Translation").fill("Implement the Bay Area Pass project.")
    page.get_by_role("button", name="Check the terms").click()
    yield "qa"
    page.goto(f"{base}/help")
    yield "help"
    page.goto(f"{base}/no/such/page")
    yield "no-such-page"
    page.goto(f"{base}/signin")
    yield "signin"
    page.get_by_label("Token").fill(editor)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(f"{base}/concepts/{concept_id(base, 'soft-connectivity')}/edit")
    yield "edit"
    page.goto(f"{base}/concepts/new")
    yield "new"
    page.goto(f"{base}/review")  # signed in: each rendering has its button
    yield "review"
    page.goto(f"{base}/concepts/999999")
    yield "not-found"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_wcag_violations(browser, live_server, scheme) -> None:
    """axe-core's WCAG rules (contrast included) in the light theme and in the dark one."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    axe = Axe()
    failures = {}
    for name in _pages(page, live_server["url"], live_server["editor"]):
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            failures[name] = results.generate_report()
        if scheme == "dark":
            page.screenshot(path=str(ARTIFACTS / f"dark-{name}.png"), full_page=True)
    context.close()
    assert not failures, "\n\n".join(f"{k}:\n{v}" for k, v in failures.items())


def test_every_chinese_text_has_a_chinese_lang(page, live_server) -> None:
    """No Chinese text node or text box without a zh-* lang around it, on any page."""
    offenders = {}
    for name in _pages(page, live_server["url"], live_server["editor"]):
        bad = page.evaluate(CHINESE_WITHOUT_LANG)
        if bad:
            offenders[name] = bad
    assert not offenders, offenders


def test_dark_theme_follows_the_system(browser, live_server) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(live_server["url"])
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        context.close()
    assert colours == {"light": "rgb(255, 255, 255)", "dark": "rgb(22, 24, 29)"}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    yield page
    context.close()


def test_pages_fit_a_phone(phone, live_server) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    too_wide = []
    for name in _pages(phone, live_server["url"], live_server["editor"]):
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            too_wide.append(f"{name} (+{overflow}px)")
        phone.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)
    assert not too_wide, too_wide
