"""The memory page in a real browser: a fuzzy lookup and a concordance search."""

import json
import urllib.request

import pytest
from playwright.sync_api import expect
from rapidfuzz.distance import Levenshtein

from glossary.text import fold
from tests.browser.conftest import ARTIFACTS

# Chromium against a live server with the shipped term base: seconds per test.
pytestmark = pytest.mark.slow

QUERY = "2025年深圳外贸出口实现「33连冠」"  # Simplified, and edited
UNITS = [
    (
        "2024年深圳外貿出口實現「32連冠」",
        "In 2024 Shenzhen was the top exporter for 32 consecutive years",
    ),
    (
        "深入實施「灣區通」工程，加強基礎設施「硬聯通」",
        "Fully implement the Bay Area Connect project and strengthen hard connectivity of infrastructure",
    ),
]


@pytest.fixture(scope="module")
def memory(live_server) -> str:
    base, token = live_server["url"], live_server["editor"]

    def post(path: str, body: dict) -> None:
        request = urllib.request.Request(
            f"{base}{path}",
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request) as response:
            assert response.status in (200, 201)

    post("/api/memories", {"name": "browser-policy"})
    for source, target in UNITS:
        post(
            "/api/memories/browser-policy/units",
            {"source": source, "target": target, "source_lang": "zh-Hant", "target_lang": "en"},
        )
    return "browser-policy"


def test_fuzzy_lookup_and_concordance(page, live_server, memory) -> None:
    page.goto(f"{live_server['url']}/memory")
    page.get_by_label("Segment or text").fill(QUERY)
    page.get_by_label("Memory", exact=True).select_option(memory)
    page.get_by_role("button", name="Search").click()
    match = page.locator(".match").first
    # Two characters differ once folded; the script difference costs one point.
    score = 100 * Levenshtein.normalized_similarity(fold(QUERY), fold(UNITS[0][0]))
    expect(match.locator(".percent")).to_have_text(f"{score - 1:.0f}%")
    expect(match.locator(".source mark.diff")).to_have_text(["4", "2"])
    expect(match.locator(".target")).to_contain_text("top exporter for 32 consecutive years")
    page.screenshot(path=str(ARTIFACTS / "memory-fuzzy.png"), full_page=True)

    page.get_by_label("Concordance: segments containing a text").check()
    page.get_by_label("Segment or text").fill("湾区通")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("table.concordance mark.diff").first).to_have_text("灣區通")
    page.screenshot(path=str(ARTIFACTS / "memory-concordance.png"), full_page=True)
