"""Each layer imports only what it is allowed to (the rules of glossary/*/__init__.py,
the docstrings of db.py, models.py, lang.py and records.py, and DESIGN.md's layout).

The rules are allow-lists: a layer names the layers of the package and the third-party
distributions it may import; anything else, the standard library aside, is a violation.
Every import form counts: ``import glossary.x.y``, ``from glossary.x import y``,
``from glossary import x``, relative imports, imports inside functions or under
``if TYPE_CHECKING``, and ``importlib.import_module("...")`` with a literal name.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "glossary"
SCRIPTS = ROOT / "scripts"

TEXT = "glossary.text"
LANG = "glossary.lang"
RECORDS = "glossary.records"
NUMBERS = "glossary.numbers"
INDEX = "glossary.index"
FORMATS = "glossary.formats"
EVALUATION = "glossary.evaluation"
DB = "glossary.db"
MODELS = "glossary.models"
STORE = "glossary.store"
LIVE = "glossary.live"
MIGRATIONS = "glossary.migrations"
WEB = "glossary.web"
API = "glossary.web.api"
PAGES = "glossary.web.pages"
CLI = "glossary.web.cli"

# Everything below the web layer and the command line.
CORE = {TEXT, LANG, RECORDS, NUMBERS, INDEX, FORMATS, EVALUATION, DB, MODELS, STORE, LIVE}
WEB_THIRD_PARTY = {
    "flask",
    "flask_wtf",
    "werkzeug",
    "jinja2",
    "markupsafe",
    "pydantic",
    "orjson",
    "gunicorn",
    "click",
    "sqlalchemy",
    "opencc",
    "rapidfuzz",
}

# layer → (layers of the package it may import, third-party top-level modules it may import).
# Every layer may import itself, the standard library and the bare package (its version).
RULES: dict[str, tuple[set[str], set[str]]] = {
    "glossary": (set(), set()),
    LANG: (set(), set()),
    RECORDS: (set(), set()),
    TEXT: (set(), {"numpy", "opencc"}),
    NUMBERS: ({TEXT, LANG}, {"numpy"}),
    INDEX: ({TEXT, LANG, RECORDS}, {"daachorse", "numpy", "rapidfuzz"}),
    FORMATS: ({TEXT, LANG, RECORDS}, {"lxml", "openpyxl"}),
    EVALUATION: (
        {TEXT, LANG, RECORDS, NUMBERS, INDEX, FORMATS},
        # click: the evaluate command shared by scripts/evaluate.py and `glossary evaluate`.
        {"sacrebleu", "matplotlib", "jinja2", "tqdm", "numpy", "daachorse", "click"},
    ),
    DB: (set(), {"sqlalchemy"}),
    MODELS: ({DB, RECORDS, TEXT}, {"sqlalchemy"}),
    STORE: (
        {DB, MODELS, RECORDS, LANG, TEXT, FORMATS, INDEX},
        {"sqlalchemy", "alembic", "rapidfuzz"},
    ),
    LIVE: ({DB, MODELS, STORE, INDEX, TEXT, LANG, NUMBERS}, {"sqlalchemy", "numpy"}),
    # env.py hands the models' metadata to autogenerate; data migrations fold text.
    # A migration never calls the store or the indexes, whose code changes after it.
    MIGRATIONS: ({DB, MODELS, TEXT}, {"alembic", "sqlalchemy"}),
    # The web layer adapts the core; the API, the pages and the command line are peers
    # over it that never import one another (pages share the store's data functions,
    # not the API's modules).
    WEB: (CORE, WEB_THIRD_PARTY),
    API: (CORE | {WEB}, WEB_THIRD_PARTY),
    PAGES: (CORE | {WEB}, WEB_THIRD_PARTY),
    CLI: (CORE | {WEB}, WEB_THIRD_PARTY),
    # Scripts call the package, never the web layer (benchmarks serve it as a process).
    "scripts": (
        CORE,
        {
            "flask",
            "gunicorn",
            "sqlalchemy",
            "opencc",
            "sacrebleu",
            "rapidfuzz",
            "numpy",
            "ahocorasick",
        },
    ),
    "wsgi": ({WEB}, set()),
}

# Single modules allowed more than their layer.
MODULE_EXTRAS = {
    # The application factory registers the API's and the pages' blueprints.
    WEB: {API, PAGES},
    # Measures the WSGI app in process: the hot layer against Flask alone behind it.
    "scripts.bench_routes": {WEB, API},
}

SCRIPT_MODULES = {p.stem for p in SCRIPTS.glob("*.py")}


def layer_of(name: str) -> str:
    """The layer a dotted module name (or a name imported from a module) belongs to."""
    top, _, rest = name.partition(".")
    if top == "glossary":
        layer = max((k for k in RULES if name == k or name.startswith(k + ".")), key=len)
        if layer == "glossary" and rest and not rest.startswith("__"):
            return "glossary." + rest.split(".")[0]  # a room with no rules yet
        return layer
    if top == "scripts" or top in SCRIPT_MODULES:
        return "scripts"
    return top


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, dotted name) of every import in ``source``, relative ones resolved.

    ``from a.b import c`` gives ``a.b.c``: ``c`` may be a module, and if it is only
    an attribute the name still falls in ``a.b``'s layer.
    """
    package = module.split(".") if is_package else module.split(".")[:-1]
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                if node.level - 1 >= len(package):
                    names.append((node.lineno, "<relative import beyond the top level>"))
                    continue
                base = package[: len(package) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            for alias in node.names:
                names.append(
                    (node.lineno, origin if alias.name == "*" else f"{origin}.{alias.name}")
                )
        elif (
            isinstance(node, ast.Call)
            and _called_name(node.func) in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.append((node.lineno, node.args[0].value))
    return names


def _called_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def violations(source: str, module: str, is_package: bool = False) -> list[str]:
    """Every import of ``source`` (as the module ``module``) that its layer does not allow."""
    own = layer_of(module)
    if own not in RULES:
        return [f"{module} belongs to {own}, which has no import rules"]
    layers, third_party = RULES[own]
    allowed = layers | MODULE_EXTRAS.get(module, set()) | {own, "glossary"}
    found = []
    for line, name in imported_names(source, module, is_package):
        target = layer_of(name)
        if target.startswith(("glossary", "scripts", "<")) or target == "wsgi":
            ok = target in allowed
        else:
            ok = target in sys.stdlib_module_names or target in third_party
        if not ok:
            found.append(f"{module}:{line} imports {name} ({target}), which {own} may not")
    return found


def _checked_files() -> list[Path]:
    return [*sorted(PACKAGE.rglob("*.py")), *sorted(SCRIPTS.glob("*.py")), ROOT / "wsgi.py"]


@pytest.mark.parametrize("path", _checked_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_layer_rules(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert violations(source, module_name(path), path.name == "__init__.py") == []


def test_every_room_of_the_package_has_rules() -> None:
    rooms = {p.stem for p in PACKAGE.glob("*.py")} | {
        p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))
    }
    rooms.discard("__init__")
    for sub in ("api", "pages", "cli"):
        assert (PACKAGE / "web" / sub).is_dir()
    assert {r for r in rooms if f"glossary.{r}" not in RULES} == set()


# Source placed as if in glossary/index/x.py: each reaches the web layer another way.
WEB_FROM_INDEX = [
    "import glossary.web",
    "import glossary.web.api.terms",
    "import glossary.web.errors as errors",
    "from glossary import web",
    "from glossary import lang, web",
    "from glossary.web import api",
    "from glossary.web.errors import ApiError",
    "from .. import web",
    "from ..web import errors",
    "from ..web.errors import ApiError",
    "def f():\n    from glossary import web\n",
    "class C:\n    def m(self):\n        import glossary.web.indexes\n",
    "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from glossary.web import indexes\n",
    "import importlib\nimportlib.import_module('glossary.web.indexes')",
    "__import__('glossary.web')",
]


@pytest.mark.parametrize("source", WEB_FROM_INDEX)
def test_each_import_form_is_caught(source: str) -> None:
    found = violations(source, "glossary.index.x")
    assert len(found) == 1 and " imports glossary.web" in found[0], found


@pytest.mark.parametrize(
    ("source", "module", "is_package", "layer"),
    [
        ("from glossary import evaluation", "glossary.text.fold", False, EVALUATION),
        ("from .. import evaluation", "glossary.text", True, EVALUATION),
        ("from glossary import store", "glossary.formats.tmx", False, STORE),
        ("from glossary.store import concepts", "glossary.migrations.env", False, STORE),
        (
            "from glossary.store import concepts",
            "glossary.migrations.versions.0009_x",
            False,
            STORE,
        ),
        ("from glossary.web import create_app", "scripts.bench_tm", False, WEB),
        ("from glossary.web.api import terms", "glossary.web.pages.search", False, API),
        ("from ..pages import search", "glossary.web.api.terms", False, PAGES),
        ("from glossary.web.cli import main", "glossary.web.indexes", False, CLI),
        ("from glossary import newroom", "glossary.store.x", False, "glossary.newroom"),
        ("import flask", "glossary.evaluation.run", False, "flask"),
        ("from flask import Flask", "glossary.live.sse", False, "flask"),
        ("import sqlalchemy.orm", "glossary.numbers.find", False, "sqlalchemy"),
        ("from lxml import etree", "glossary.index.terms", False, "lxml"),
        ("import translate.storage.tmx", "glossary.formats.tmx", False, "translate"),
        ("from .text import fold", "glossary", True, TEXT),
        ("from ... import web", "glossary.index", True, "<relative import beyond the top level>"),
    ],
)
def test_forbidden_imports_are_caught(
    source: str, module: str, is_package: bool, layer: str
) -> None:
    found = violations(source, module, is_package)
    assert len(found) == 1 and f"({layer})" in found[0], found


@pytest.mark.parametrize(
    ("source", "module", "is_package"),
    [
        ("from glossary import lang", "glossary.index.repair", False),
        (
            "import glossary\nfrom glossary import __version__",
            "glossary.store.memory_export",
            False,
        ),
        ("from . import terms\nfrom .terms import TermIndex", "glossary.index.x", False),
        ("from . import fold", "glossary.text", True),
        ("from glossary.text import fold\nimport numpy as np", "glossary.numbers.find", False),
        ("import os.path\nfrom collections import abc", "glossary.lang", False),
        ("from glossary.web import create_app", "glossary.web.cli", True),
        ("from glossary.web.pages import bp", "glossary.web", True),
        ("from glossary.text import fold", "glossary.migrations.versions.0002_x", False),
        ("import bench_tm\nfrom scripts.shared_data import find_shared", "scripts.bench_x", False),
        ("from glossary.web import create_app", "wsgi", False),
    ],
)
def test_allowed_imports_pass(source: str, module: str, is_package: bool) -> None:
    assert violations(source, module, is_package) == []
