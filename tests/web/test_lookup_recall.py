"""Lookups through the API agree with a brute-force scan, on real policy text in both scripts.

A memory of HKMA annual-report paragraphs (Traditional Chinese, from
../shared/external/corpus) goes in through a TMX upload; edited copies of stored
paragraphs, half of them turned into Simplified, go to /api/tm/lookup and to
/tmserver; the scores must be exactly the best a scan of every unit finds.
"""

from __future__ import annotations

import io
import json
import random
from urllib.parse import quote

import opencc
import pytest
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from glossary.formats.tmx import write_tmx
from glossary.records import UnitRecord
from glossary.text import fold
from tests.conftest import SHARED
from tests.helpers import bearer

HKMA = (
    SHARED
    / "external"
    / "corpus"
    / "parallel"
    / "hkma_annual_report_2015-2024.zh-Hant_en.paragraphs.jsonl"
)
UNITS = 2500
QUERIES = 40


@pytest.fixture(scope="module")
def pairs() -> list[tuple[str, str]]:
    if not HKMA.exists():
        pytest.skip(f"{HKMA} is absent")
    rows = [json.loads(line) for line in HKMA.read_text(encoding="utf-8").splitlines()]
    seen: set[str] = set()
    pairs = []
    for row in rows:
        zh, en = row["zh"].strip(), row["en"].strip()
        if zh and en and zh not in seen and len(zh) <= 300:
            seen.add(zh)
            pairs.append((zh, en))
    return pairs[:UNITS]


def _queries(pairs: list[tuple[str, str]]) -> list[tuple[str, str, bool]]:
    """(text, language, converted): stored paragraphs with 1–3 character edits; every second
    one in Simplified (``converted`` when that changed a character)."""
    rng = random.Random(5)
    alphabet = sorted({c for zh, _ in pairs for c in zh if "\u4e00" <= c <= "\u9fff"})
    to_hans = opencc.OpenCC("t2s")
    queries = []
    while len(queries) < QUERIES:
        zh = rng.choice(pairs)[0]
        if not 6 <= len(zh) <= 120:
            continue
        chars = list(zh)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(chars))
            if rng.random() < 0.6:
                chars[at] = rng.choice(alphabet)
            else:
                chars.insert(at, rng.choice(alphabet))
        text = "".join(chars)
        if len(queries) % 2:
            hans = to_hans.convert(text)
            queries.append((hans, "zh-Hans", hans != text))
        else:
            queries.append((text, "zh-Hant-HK", False))
    return queries


def _brute_force(sources: list[str], query: str, threshold: float, k: int) -> list[float]:
    found = process.extract(
        fold(query),
        sources,
        scorer=Levenshtein.normalized_similarity,
        score_cutoff=threshold - 1e-6,
        limit=None,
    )
    return sorted((s for _, s, _ in found if s >= threshold - 1e-9), reverse=True)[:k]


@pytest.mark.slow  # brute force over the memory
def test_lookups_equal_brute_force_in_both_scripts(client, tokens, pairs) -> None:
    units = [UnitRecord(zh, en, "zh-Hant-HK", "en") for zh, en in pairs]
    tmx = io.BytesIO()
    write_tmx(units, tmx, srclang="zh-Hant-HK")
    imported = client.post(
        "/api/memories/hkma/import",
        data=tmx.getvalue(),
        headers={**bearer(tokens["editor"]), "Content-Type": "application/x-tmx+xml"},
    )
    assert imported.get_json()["taken"] == len(units)
    sources = [fold(zh) for zh, _ in pairs]
    queries = _queries(pairs)
    compared = 0
    flagged: list[bool] = []
    for threshold in (70, 85):
        for text, tag, converted in queries:
            body = {
                "text": text,
                "source_lang": tag,
                "target_lang": "en",
                "threshold": threshold,
                "limit": 5,
            }
            result = client.post("/api/tm/lookup", json=body).get_json()["results"][0]
            assert result["exact"] is True
            got = sorted((m["score"] / 100 for m in result["matches"]), reverse=True)
            want = _brute_force(sources, text, threshold / 100, 5)
            assert got == pytest.approx(want, abs=1e-9), text
            compared += len(want)
            if converted and result["matches"]:
                best = max(result["matches"], key=lambda m: m["score"])
                flagged.append("script" in best["flags"])
    assert compared >= QUERIES  # every edited paragraph finds at least its original
    # A Simplified query's best match is flagged, unless the characters that
    # differ between the scripts all fell where the edits were.
    assert sum(flagged) >= 0.8 * len(flagged) and flagged
    # The tmserver protocol gives the same matches, as Weblate would ask for them.
    for text, tag, _ in queries:
        code = {"zh-Hans": "zh_hans", "zh-Hant-HK": "zh_hant"}[tag]
        served = client.get(f"/tmserver/{code}/en/unit/{quote(text, safe='')}").get_json()
        assert isinstance(served, list), (text, served)
        got = sorted((m["score"] / 100 for m in served), reverse=True)
        assert got == pytest.approx(_brute_force(sources, text, 0.7, 5), abs=1e-9), text
