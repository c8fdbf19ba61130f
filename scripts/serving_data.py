"""The data of scripts/bench_serving.py: a generated memory imported and indexed with the real CLI,
and the query sets every phase shares.

The memory comes from bench_tm's generator (real pairs from ../shared where present, extended
by small edits); the term base is the shipped one (``glossary init``). Every step runs the
``glossary`` command as a deployment would, as a child process whose wall time, CPU and peak
RSS are measured on their own (by a small launcher process that waits for it).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote

import opencc
from bench_tm import extend, make_queries, real_pairs

from glossary.formats.termbase_toml import read_termbase
from glossary.formats.tmx import write_tmx
from glossary.records import UnitRecord

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MEMORY = "bench"
# Written for this benchmark (about 300 characters), dense with terms of the shipped term base.
PARAGRAPH = (
    "今年，深圳將以新質生產力推動高質量發展，加快建設現代化產業體系，重點培育低空經濟、人工智能終端、"
    "新能源汽車和集成電路等戰略性新興產業。在粵港澳大灣區建設方面，全面推進「灣區通」工程，加強基礎設施"
    "「硬聯通」和規則機制「軟聯通」，深化前海深港現代服務業合作區和河套深港科技創新合作區的改革開放。"
    "金融領域將擴大「跨境理財通」和「債券通」試點，推動數字人民幣的跨境應用，服務香港國際金融中心建設。"
    "同時，持續優化營商環境，落實民營經濟促進法，支持專精特新企業和獨角獸企業成長，並加快皇崗口岸重建"
    "和港深西部鐵路的規劃，讓港澳居民在深圳就業創業更加便利，努力實現居民收入增長和經濟增長同步，與港澳攜手共建人文灣區。"
)


@dataclass
class Step:
    """One ``glossary`` command: its wall time and its own peak resident set."""

    command: str
    seconds: float
    peak_rss_mb: float  # the largest of the command and any child process it waited for
    cpu_seconds: float = 0.0  # user + system, with its children: steadier on a busy machine


@dataclass
class DataResult:
    units: int
    real_pairs: int
    reused: bool  # the database of an earlier run (--keep, --database): not imported now
    database: str
    tmx_mb: float = 0.0
    taken: int = 0  # the import's report: new units, duplicates merged, units skipped
    merged: int = 0
    skipped: int = 0
    init: Step | None = None
    import_: Step | None = None
    import_units_per_s: float = 0.0
    build: Step | None = None
    cli_baseline_mb: float = 0.0  # peak RSS of `glossary index status`: the command's own floor
    generation: str = ""
    generation_mb: float = 0.0
    generation_terms: int = 0
    memories: dict[str, int] = field(default_factory=dict)


@dataclass
class Queries:
    """What every phase asks, the same in HTTP and in process."""

    terms: list[str]  # term-base terms, both scripts
    tm: list[str]  # stored sources with 1–4 edits, half in the other script
    needles: dict[int, list[str]]  # concordance: 2, 3, 4 characters, either script

    def all_needles(self) -> list[str]:
        return [n for group in zip(*self.needles.values(), strict=False) for n in group]


@dataclass
class Setup:
    """Where the data lives and what the servers need to find it."""

    folder: Path
    database_url: str
    index_dir: Path
    root: Path  # the index generations of this database (GLOSSARY_INDEX_DIR/<key>)
    data: DataResult
    queries: Queries

    def env(self, **extra: str) -> dict[str, str]:
        return glossary_env(self.database_url, self.index_dir, **extra)


def glossary_env(database_url: str, index_dir: Path | str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "GLOSSARY_DATABASE_URL": database_url,
        "GLOSSARY_INDEX_DIR": str(index_dir),
        "GLOSSARY_SECRET_KEY": "bench-serving",
        **extra,
    }


# Runs a command and writes its wall time and rusage as JSON. A small process of its own: on
# Linux a child's ru_maxrss keeps the high-water mark of the address space it was forked
# from, so a command started straight from this (large) process would report our RSS.
LAUNCHER = """
import json, os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - started
with open(sys.argv[1], "w") as out:
    json.dump({"code": os.waitstatus_to_exitcode(status), "seconds": seconds,
               "maxrss_kib": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime}, out)
"""


def run_glossary(args: list[str], env: dict[str, str], log: Path) -> tuple[Step, str]:
    """Run ``glossary ARGS``; its output goes to ``log``; fail loudly with the log's tail."""
    measured = log.with_suffix(".rusage.json")
    with log.open("w") as out:
        subprocess.run(
            [sys.executable, "-c", LAUNCHER, str(measured), str(BIN / "glossary"), *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=True,
        )
    usage = json.loads(measured.read_text())
    text = log.read_text(errors="replace")
    if usage["code"] != 0:
        raise SystemExit(f"glossary {' '.join(args)} failed ({usage['code']}):\n{text[-3000:]}")
    step = Step("glossary " + " ".join(args), usage["seconds"], usage["maxrss_kib"] / 1024)
    step.cpu_seconds = usage["cpu"]
    return step, text


def prepare(folder: Path, units: int, database: str | None, tm_queries: int, needles: int) -> Setup:
    """Generate, import and index the memory (unless reused), and make the query sets."""
    pairs = real_pairs()
    records = extend(pairs, units)
    queries = Queries(
        term_queries(), make_queries(records, tm_queries), make_needles(records, needles)
    )
    index_dir = folder / "index"
    marker = folder / "dataset.json"
    url = database or f"sqlite:///{folder / 'bench.sqlite3'}"
    env = glossary_env(url, index_dir)
    if database is not None:
        data = DataResult(units, min(len(pairs), units), True, _hide_password(url))
    elif marker.exists() and json.loads(marker.read_text()).get("units") == units:
        data = _reload(json.loads(marker.read_text()))
        print(f"reusing the database in {folder}", flush=True)
    else:
        data = _import(folder, records, env, min(len(pairs), units))
        marker.write_text(json.dumps(asdict(data), indent=1))
    del records
    _build(folder, index_dir, env, data)
    root = Path(_status(env, folder)[0]["root"])
    return Setup(folder, url, index_dir, root, data, queries)


def _import(folder: Path, records: list[UnitRecord], env: dict[str, str], real: int) -> DataResult:
    tmx = folder / "memory.tmx"
    with tmx.open("wb") as stream:
        write_tmx(records, stream, srclang="*all*")
    data = DataResult(len(records), real, False, env["GLOSSARY_DATABASE_URL"])
    data.tmx_mb = tmx.stat().st_size / 1e6
    data.init, _ = run_glossary(["init"], env, folder / "init.log")
    # The import alone: with GLOSSARY_INDEX_DIR=off it leaves no generation (built next, timed).
    off = {**env, "GLOSSARY_INDEX_DIR": "off"}
    data.import_, text = run_glossary(
        ["import", str(tmx), "--memory", MEMORY], off, folder / "import.log"
    )
    data.import_units_per_s = len(records) / data.import_.seconds
    print(f"import: {len(records):,} units in {data.import_.seconds:.1f} s", flush=True)
    counts = re.search(r"took (\d+) units, merged (\d+), skipped (\d+)", text)
    if counts is None:
        raise SystemExit(f"glossary import printed no counts:\n{text[-1000:]}")
    data.taken, data.merged, data.skipped = (int(n) for n in counts.groups())
    tmx.unlink()
    return data


def _reload(saved: dict) -> DataResult:
    data = DataResult(**{k: v for k, v in saved.items() if k not in ("init", "import_", "build")})
    data.init = Step(**saved["init"]) if saved.get("init") else None
    data.import_ = Step(**saved["import_"]) if saved.get("import_") else None
    data.reused = True
    return data


def _build(folder: Path, index_dir: Path, env: dict[str, str], data: DataResult) -> None:
    """A full build from nothing: earlier generations would let it hard-link unchanged memories."""
    shutil.rmtree(index_dir, ignore_errors=True)
    data.build, _ = run_glossary(["index", "build"], env, folder / "build.log")
    info, step = _status(env, folder)
    data.cli_baseline_mb = step.peak_rss_mb
    data.generation = info["current"]
    data.generation_mb = info["bytes"] / 1e6
    data.generation_terms = info["terms"]
    data.memories = {m["name"]: m["units"] for m in info["memories"].values()}
    print(
        f"index build: {data.build.seconds:.1f} s, peak RSS {data.build.peak_rss_mb:.0f} MB, "
        f"generation {data.generation_mb:.0f} MB",
        flush=True,
    )


def _status(env: dict[str, str], folder: Path) -> tuple[dict, Step]:
    step, text = run_glossary(["index", "status", "--json"], env, folder / "status.log")
    return json.loads(text[text.index("{") :]), step


def _hide_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


# -- query sets --------------------------------------------------------------------------------


def term_queries() -> list[str]:
    """Every Chinese term of the shipped term base, both scripts, shuffled (fixed seed)."""
    terms = sorted(
        {
            term.text
            for concept in read_termbase(ROOT / "tm_data" / "termbase")
            for term in concept.terms
            if term.lang.startswith("zh")
        }
    )
    random.Random(5).shuffle(terms)
    return terms


def make_needles(records: list[UnitRecord], per_length: int, seed: int = 4) -> dict[int, list[str]]:
    """``per_length`` runs of 2, 3 and 4 Han characters from stored sources; every second one
    converted to the other script."""
    rng = random.Random(seed)
    to_hant, to_hans = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    needles: dict[int, list[str]] = {2: [], 3: [], 4: []}
    for length, found in needles.items():
        while len(found) < per_length:
            unit = records[rng.randrange(len(records))]
            text = unit.source
            if len(text) < length:
                continue
            at = rng.randrange(len(text) - length + 1)
            needle = text[at : at + length]
            if not all("\u4e00" <= c <= "\u9fff" for c in needle):
                continue
            if len(found) % 2:
                hant = unit.source_lang.startswith("zh-Hant")
                needle = (to_hans if hant else to_hant).convert(needle)
            found.append(needle)
    return needles


def term_path(term: str) -> str:
    return "/api/terms?q=" + quote(term, safe="")


def concordance_path(needle: str) -> str:
    return "/api/tm/concordance?q=" + quote(needle, safe="")


def lookup_body(text: str) -> bytes:
    body = {"text": text, "source_lang": "zh", "target_lang": "en", "threshold": 70}
    return json.dumps(body).encode()


def annotate_body(numbers: bool = True) -> bytes:
    """The paragraph to annotate; ``numbers=False`` asks for the terms alone."""
    body: dict[str, object] = {"text": PARAGRAPH}
    if not numbers:
        body["numbers"] = False
    return json.dumps(body).encode()
