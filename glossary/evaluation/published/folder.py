"""A WMT25 track-2 zh→en folder: documents, dictionaries, system outputs, published figures.

The layout (``../shared/external/eval/hkma_wmt25/``, described by its MANIFEST):

* ``hkma.zh-en.YEAR.paragraphs.jsonl`` — one aligned paragraph per line,
  ``{"year", "doc", "para", "zh", "en"}``; joining a document's paragraphs with
  line breaks, leaving an empty line at every missing ``para``, restores the
  document WMT25 scored;
* ``hkma.zh-en.YEAR.terms.json`` — the year's ``proper`` dictionary
  (``{"terms": {zh: [en, …]}}``), applied to every document of the year and,
  as in WMT25, to every mode;
* ``submissions/SYSTEM.YEAR.zhen.MODE.jsonl`` — one ``{"zh", "en"}`` object per
  document, in the reference's order;
* ``submissions/track2_score_dict.json`` — the published scores
  (``{"zhen": {mode: {system: {"bleu4", "chrf2++", "proper_term_success_rate"}}}}``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PARAGRAPHS = re.compile(r"^hkma\.zh-en\.(\d{4})\.paragraphs\.jsonl$")
OUTPUT = re.compile(r"^(?P<system>.+)\.(?P<year>\d{4})\.zhen\.(?P<mode>[\w-]+)\.jsonl$")
SCORE_FILE = "track2_score_dict.json"
MODES = ("noterm", "proper", "random")
# The published figures' keys in the score file.
PUBLISHED_KEYS = {"bleu": "bleu4", "chrf": "chrf2++", "term_success": "proper_term_success_rate"}


class FolderError(ValueError):
    """A folder that is not laid out as expected, or whose files disagree."""


@dataclass(frozen=True)
class Document:
    year: int
    index: int  # 0-based within the year
    source: str  # whole document, stripped, as WMT25 scored it
    reference: str
    # (zh, en) of every aligned paragraph, for paragraph-level checks
    paragraphs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Published:
    bleu: float
    chrf: float
    term_success: float


@dataclass(frozen=True)
class Run:
    """One system in one mode: its output for every document, in corpus order."""

    system: str
    mode: str
    outputs: tuple[str, ...]
    published: Published | None = None

    @property
    def name(self) -> str:
        return f"{self.system} ({self.mode})"


@dataclass
class Folder:
    path: Path
    years: list[int]
    documents: list[Document]
    dictionaries: dict[int, dict[str, list[str]]]
    runs: list[Run]
    # published rows that have no outputs in the folder: (system, mode)
    missing: list[tuple[str, str]] = field(default_factory=list)


def load(path: Path) -> Folder:
    """Read and cross-check the whole folder.

    :raises FolderError: with the file and what is wrong with it.
    """
    if not path.is_dir():
        raise FolderError(f"{path}: no such folder")
    years = sorted(int(m[1]) for f in path.iterdir() if (m := PARAGRAPHS.match(f.name)))
    if not years:
        raise FolderError(f"{path}: no hkma.zh-en.YEAR.paragraphs.jsonl files")
    documents = [d for year in years for d in _documents(path, year)]
    dictionaries = {year: _dictionary(path / f"hkma.zh-en.{year}.terms.json") for year in years}
    published = _published(path / "submissions" / SCORE_FILE)
    outputs = _outputs(path / "submissions", years, documents)
    runs = [
        Run(system, mode, texts, published.get((system, mode)))
        for (system, mode), texts in _ordered(outputs, published)
    ]
    missing = [key for key in published if key not in outputs]
    return Folder(path, years, documents, dictionaries, runs, missing)


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise FolderError(f"{path}: {exc}") from exc
    for number, line in enumerate(lines, 1):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FolderError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise FolderError(f"{path}:{number}: not a JSON object")
        records.append(record)
    return records


def _documents(folder: Path, year: int) -> list[Document]:
    path = folder / f"hkma.zh-en.{year}.paragraphs.jsonl"
    by_doc: dict[int, dict[int, tuple[str, str]]] = {}
    for number, record in enumerate(_read_jsonl(path), 1):
        try:
            doc, para = int(record["doc"]), int(record["para"])
            pair = (str(record["zh"]), str(record["en"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise FolderError(f"{path}:{number}: needs doc, para, zh and en ({exc})") from exc
        by_doc.setdefault(doc, {})[para] = pair
    if sorted(by_doc) != list(range(len(by_doc))):
        raise FolderError(f"{path}: documents are not numbered 0, 1, 2, …")
    documents = []
    for doc in range(len(by_doc)):
        paras = by_doc[doc]
        lines = [paras.get(i, ("", "")) for i in range(max(paras) + 1)]
        documents.append(
            Document(
                year=year,
                index=doc,
                source="\n".join(zh for zh, _ in lines).strip(),
                reference="\n".join(en for _, en in lines).strip(),
                paragraphs=tuple(paras[i] for i in sorted(paras)),
            )
        )
    return documents


def _dictionary(path: Path) -> dict[str, list[str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FolderError(f"{path}: {exc}") from exc
    terms = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(terms, dict) or not all(
        isinstance(v, list) and all(isinstance(r, str) for r in v) for v in terms.values()
    ):
        raise FolderError(f'{path}: expected {{"terms": {{zh: [en, …]}}}}')
    return terms


def _published(path: Path) -> dict[tuple[str, str], Published]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))["zhen"]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise FolderError(f"{path}: no published zh→en scores ({exc})") from exc
    rows = {}
    for mode, systems in data.items():
        for system, scores in systems.items():
            if not scores:  # MADLAD and NLLB have empty entries for the modes they skipped
                continue
            try:
                values = {k: float(scores[key]) for k, key in PUBLISHED_KEYS.items()}
            except (KeyError, TypeError, ValueError) as exc:
                raise FolderError(f"{path}: {mode}/{system} lacks {exc}") from exc
            rows[(system, mode)] = Published(**values)
    return rows


def _outputs(
    folder: Path, years: list[int], documents: list[Document]
) -> dict[tuple[str, str], tuple[str, ...]]:
    by_run: dict[tuple[str, str], dict[int, Path]] = {}
    for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
        if (match := OUTPUT.match(path.name)) and int(match["year"]) in years:
            key = (match["system"], match["mode"])
            by_run.setdefault(key, {})[int(match["year"])] = path
    outputs = {}
    for key, files in by_run.items():
        absent = [str(y) for y in years if y not in files]
        if absent:
            raise FolderError(
                f"{folder}: {key[0]} ({key[1]}) has no output for {', '.join(absent)}"
            )
        texts: list[str] = []
        for year in years:
            texts += _output_file(files[year], [d for d in documents if d.year == year])
        outputs[key] = tuple(texts)
    return outputs


def _output_file(path: Path, documents: list[Document]) -> list[str]:
    records = _read_jsonl(path)
    if len(records) != len(documents):
        raise FolderError(f"{path}: {len(records)} documents, the reference has {len(documents)}")
    texts = []
    for number, (record, document) in enumerate(zip(records, documents, strict=True), 1):
        if not isinstance(record.get("en"), str):
            raise FolderError(f'{path}:{number}: no English output ("en")')
        # Outputs carry their source: a file out of order would be scored against the wrong
        # reference without this check.
        if isinstance(record.get("zh"), str) and record["zh"].strip() != document.source:
            raise FolderError(f"{path}:{number}: its source is not document {document.index}")
        texts.append(record["en"].strip())
    return texts


def _ordered(
    outputs: dict[tuple[str, str], tuple[str, ...]],
    published: dict[tuple[str, str], Published],
) -> list[tuple[tuple[str, str], tuple[str, ...]]]:
    """Runs grouped by system (in the score file's order, then by name), modes in task order."""
    systems = list(dict.fromkeys([s for s, _ in published] + sorted(s for s, _ in outputs)))
    rank = {m: i for i, m in enumerate(MODES)}
    return sorted(
        outputs.items(),
        key=lambda item: (systems.index(item[0][0]), rank.get(item[0][1], len(rank)), item[0][1]),
    )
