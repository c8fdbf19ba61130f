"""The README documents every API route and its commands."""

import re

from glossary.web.openapi import documented_rules
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _shape(path: str) -> str:
    path = re.sub(r"<[^>]*>", "<>", path.split("?")[0])
    return path.rstrip("/") or "/"


def test_every_api_route_is_in_the_readme(app) -> None:
    documented = {
        (m, _shape(p)) for m, p in re.findall(r"^\| `([A-Z]+) (/[^`\s]*)`", README, re.MULTILINE)
    }
    for rule, method, _ in documented_rules(app):
        assert (method, _shape(rule)) in documented, f"README lacks {method} {rule}"


def test_the_two_commands_are_there() -> None:
    assert "make run" in README and "make test" in README
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, re.MULTILINE) and re.search(r"^test:", makefile, re.M)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
