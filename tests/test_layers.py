"""Each package imports only what its docstring allows (see glossary/*/__init__.py)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "glossary"

# layer (module path prefix) → imports it must not make
FORBIDDEN = {
    "glossary/lang.py": ("glossary.", "flask", "sqlalchemy"),
    "glossary/records.py": ("glossary.", "flask", "sqlalchemy"),
    "glossary/text/": (
        "glossary.formats",
        "glossary.store",
        "glossary.web",
        "glossary.models",
        "glossary.db",
        "glossary.index",
        "flask",
        "sqlalchemy",
    ),
    "glossary/index/": (
        "glossary.formats",
        "glossary.store",
        "glossary.web",
        "glossary.models",
        "glossary.db",
        "flask",
        "sqlalchemy",
        "lxml",
    ),
    "glossary/formats/": (
        "glossary.store",
        "glossary.web",
        "glossary.models",
        "glossary.db",
        "glossary.index",
        "flask",
        "sqlalchemy",
    ),
    "glossary/db.py": ("glossary.", "flask"),
    "glossary/models.py": ("glossary.web", "glossary.store", "glossary.formats", "flask"),
    "glossary/store/": ("glossary.web", "flask"),
    "glossary/evaluation/": ("glossary.web", "flask", "sqlalchemy"),
    # Numbers may use the text fold and language tags, nothing else of the package.
    "glossary/numbers/": (
        "glossary.formats",
        "glossary.store",
        "glossary.web",
        "glossary.models",
        "glossary.db",
        "glossary.index",
        "glossary.evaluation",
        "glossary.records",
        "flask",
        "sqlalchemy",
    ),
    "glossary/live/": ("glossary.web", "flask", "glossary.formats", "glossary.evaluation"),
}


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_layer_rules(path: Path) -> None:
    rel = str(path.relative_to(PACKAGE.parent))
    for prefix, forbidden in FORBIDDEN.items():
        if rel == prefix or (prefix.endswith("/") and rel.startswith(prefix)):
            for name in _imports(path):
                bad = [f for f in forbidden if name == f.rstrip(".") or name.startswith(f)]
                allowed_self = name.startswith("glossary.") and (
                    rel.startswith(name.replace(".", "/"))
                    or prefix.startswith("glossary/text")
                    and name.startswith("glossary.text")
                )
                assert not bad or allowed_self, f"{rel} imports {name}"


def test_nothing_outside_web_imports_web() -> None:
    for path in _files():
        rel = str(path.relative_to(PACKAGE.parent))
        if not rel.startswith("glossary/web/"):
            assert not any(n.startswith("glossary.web") for n in _imports(path)), rel


def test_scripts_never_import_the_web_layer() -> None:
    for path in sorted((PACKAGE.parent / "scripts").glob("*.py")):
        assert not any(n.startswith("glossary.web") for n in _imports(path)), path.name
