"""A small WMT25 track-2 folder written for tests, with its published figures computed here.

Two years of two documents each (one with a missing paragraph, whose blank line
the document keeps), a dictionary per year, two systems (alpha in two modes,
beta in one) and a score file whose figures come straight from sacrebleu on
whole documents and from the success-rate definition, one entry at a time.
The sentences are made up.
"""

from __future__ import annotations

import json
from pathlib import Path

from sacrebleu.metrics import BLEU, CHRF

YEARS = (2016, 2018)
# year → documents → paragraphs {para: (zh, en)}
PARAGRAPHS = {
    2016: [
        {
            0: ("# 總裁報告", "# Chief Executive’s Statement"),
            2: ("債券通和大灣區發展。", "Bond Connect and the Greater Bay Area grew."),
        },
        {
            0: (
                "中國人民銀行與金管局合作。",
                "The People’s Bank of China and the HKMA work together.",
            ),
            1: ("金管局發言。", "The Authority spoke."),
        },
    ],
    2018: [
        {0: ("金融 資產與金融資產。", "Financial assets and financial assets.")},
        {
            0: ("大灣區。", "The GBA."),
            1: ("債券通。", "Bond Connect."),
            2: ("增長5.8%，達3.68萬億元。", "Growth of 5.8 percent to 3.68 trillion yuan."),
        },
    ],
}
DICTIONARIES = {
    2016: {
        "債券通": ["Bond Connect"],
        "大灣區": ["Greater Bay Area", "GBA"],
        "中國人民銀行": ["People’s Bank of China"],
        "金管局": ["HKMA"],
        "發展": ["grew"],
    },
    2018: {"金融資產": ["financial assets"], "大灣區": ["GBA"], "缺席": ["absent"]},
}
# (system, mode) → year → one output per document
OUTPUTS = {
    ("alpha", "proper"): {
        2016: [
            "# Chief Executive’s Statement\n\nBond Connect and the Greater Bay Area developed.",
            "The People's Bank of China and the HKMA work together.\nThe HKMA spoke.",
        ],
        2018: [
            "Financial assets and other assets.",
            "The GBA.\nBond Connect.\nGrowth of 5.8% to 3.7 trillion yuan.",
        ],
    },
    ("alpha", "noterm"): {
        2016: [
            "# Statement\n\nThe bond link and the bay area expanded.",
            "The central bank, HKMA.",
        ],
        2018: ["Assets and assets.", "The Bay Area.\nThe bond link.\nIt grew."],
    },
    ("beta", "noterm"): {
        2016: ["Statement. Bond Connect, Bay Area.", "People’s Bank of China, HKMA."],
        2018: ["Financial assets.", "GBA. Bond link. It grew 5.8 per cent, to RMB 3,680 billion."],
    },
}


def documents(year: int, side: int) -> list[str]:
    """A year's documents as WMT25 scored them: lines joined, gaps kept, stripped."""
    found = []
    for paragraphs in PARAGRAPHS[year]:
        lines = [paragraphs.get(i, ("", ""))[side] for i in range(max(paragraphs) + 1)]
        found.append("\n".join(lines).strip())
    return found


def success_rate(sources, translations, references, dictionaries) -> float:
    """The WMT25 definition, one entry at a time."""
    pairs, total = 0, 0.0
    for source, translation, reference, entries in zip(
        sources, translations, references, dictionaries, strict=True
    ):
        for term, renderings in entries.items():
            lowered = [r.lower() for r in renderings]
            if term.lower() in source.lower() and any(r in reference.lower() for r in lowered):
                pairs += 1
                found = sum(translation.lower().count(r) for r in lowered)
                total += min(found / source.lower().count(term.lower()), 1.0)
    return total / pairs


def published() -> dict[tuple[str, str], dict[str, float]]:
    sources = [d for y in YEARS for d in documents(y, 0)]
    references = [d for y in YEARS for d in documents(y, 1)]
    dictionaries = [DICTIONARIES[y] for y in YEARS for _ in PARAGRAPHS[y]]
    scores = {}
    for key, by_year in OUTPUTS.items():
        outputs = [text.strip() for y in YEARS for text in by_year[y]]
        scores[key] = {
            "bleu4": BLEU().corpus_score(outputs, [references]).score,
            "chrf2++": CHRF(word_order=2).corpus_score(outputs, [references]).score,
            "proper_term_success_rate": success_rate(sources, outputs, references, dictionaries),
        }
    return scores


def write_folder(folder: Path, scores: dict | None = None, skip: tuple = ()) -> Path:
    """The folder; ``scores`` replaces the published figures, ``skip`` leaves out output files."""
    submissions = folder / "submissions"
    submissions.mkdir(parents=True)
    for year in YEARS:
        lines = [
            {"year": year, "doc": d, "para": p, "zh": zh, "en": en}
            for d, paragraphs in enumerate(PARAGRAPHS[year])
            for p, (zh, en) in sorted(paragraphs.items())
        ]
        (folder / f"hkma.zh-en.{year}.paragraphs.jsonl").write_text(
            "\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n", "utf-8"
        )
        terms = {"year": year, "direction": "zh-en", "terms": DICTIONARIES[year]}
        (folder / f"hkma.zh-en.{year}.terms.json").write_text(
            json.dumps(terms, ensure_ascii=False), "utf-8"
        )
        for (system, mode), by_year in OUTPUTS.items():
            if (system, mode, year) in skip:
                continue
            records = [
                {"zh": zh, "en": en}
                for zh, en in zip(documents(year, 0), by_year[year], strict=True)
            ]
            (submissions / f"{system}.{year}.zhen.{mode}.jsonl").write_text(
                "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", "utf-8"
            )
    table: dict[str, dict[str, dict]] = {"noterm": {}, "proper": {}, "random": {}}
    for (system, mode), values in (scores or published()).items():
        table[mode][system] = values
    table["proper"]["beta"] = {}  # as MADLAD and NLLB: an empty entry for a skipped mode
    (submissions / "track2_score_dict.json").write_text(json.dumps({"zhen": table}), "utf-8")
    return folder
