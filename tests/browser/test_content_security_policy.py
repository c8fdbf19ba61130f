"""Every page runs under its Content-Security-Policy in Chromium without a single violation."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import _pages

# Chromium against a live server with the shipped term base: seconds per test.
pytestmark = pytest.mark.slow

# Collects what the browser refuses, from the first moment of every document.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective}: ${event.blockedURI || "inline"}`);
});
"""


def _watch(page) -> list[str]:
    messages: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return messages


def test_no_page_breaks_its_policy(page, live_server) -> None:
    console = _watch(page)
    failures = {}
    seen = []
    for name in _pages(page, live_server["url"], live_server["editor"]):
        seen.append(name)
        assert page.evaluate("document.querySelector('script[src]') !== null"), name
        violations = page.evaluate("window.__cspViolations")
        if violations or console:
            failures[name] = violations + console
            console.clear()
    assert len(seen) >= 8
    assert not failures, failures


def test_the_policy_is_in_force(page, live_server) -> None:
    """An inline script and an inline style are refused, and the test above would see it."""
    console = _watch(page)
    page.goto(f"{live_server['url']}/")
    ran = page.evaluate(
        """() => {
          window.__ran = false;
          const script = document.createElement("script");
          script.textContent = "window.__ran = true";
          document.body.append(script);
          const style = document.createElement("style");
          style.textContent = "body { color: red }";
          document.head.append(style);
          return window.__ran;
        }"""
    )
    page.wait_for_timeout(100)  # violation events are dispatched as a task
    assert ran is False
    violations = page.evaluate("window.__cspViolations")
    assert any(v.startswith("script-src") for v in violations), violations
    assert any(v.startswith("style-src") for v in violations), violations
    assert any("Content Security Policy" in m for m in console), console
