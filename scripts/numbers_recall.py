#!/usr/bin/env python3
"""Precision and recall of number finding (glossary.numbers.find_numbers) against annotations.

    .venv/bin/python scripts/numbers_recall.py [--show] [--json FILE]

Two annotated sets, in tests/numbers/gold/ (how they were made: its README):

* ``policy.jsonl`` — every line of the shipped evaluation set's source
  (tm_data/eval/policy.zh-Hant.txt);
* ``hkma.jsonl`` and ``hkma-heldout.jsonl`` — 150 and 100 other paragraphs
  drawn at random from the Chinese side of the HKMA annual reports 2020 and
  2024 (../shared/external/eval/hkma_wmt25). The first sample was measured and
  then used to fix the finder; the second was annotated afterwards and measured
  once, with no change made for it. Only references are stored (file,
  paragraph, offsets, value, kind); the text is read from ../shared at run
  time, and these sets are skipped when it is absent.

A number found counts as correct when its span overlaps an annotated number's
and its value is the same (for dates, the ISO date; for ranges and digit
counts, both ends); each annotated number is matched at most once. The kind is
compared too and reported on its own. ``--show`` prints each miss and each
false find with its context, on the terminal only.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from glossary.numbers import NumberExpr, find_numbers
from scripts.shared_data import find_shared

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "numbers" / "gold"


@dataclass
class Tally:
    name: str
    segments: int = 0
    gold: int = 0
    found: int = 0
    correct: int = 0
    same_kind: int = 0
    misses: list[tuple[str, str, dict]] = field(default_factory=list)  # (where, context, gold)
    false: list[tuple[str, str, NumberExpr]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    def as_dict(self) -> dict[str, object]:
        return {
            "set": self.name,
            "segments": self.segments,
            "annotated": self.gold,
            "found": self.found,
            "correct": self.correct,
            "precision": self.precision,
            "recall": self.recall,
            "same_kind": self.same_kind,
            "misses": [
                {"where": w, "value": g["value"], "kind": g["kind"]} for w, _, g in self.misses
            ],
            "false": [
                {"where": w, "value": _value(n), "kind": n.kind, "english": n.english}
                for w, _, n in self.false
            ],
        }


def _value(expr: NumberExpr) -> str:
    """The value in the annotation's notation: a number, date:ISO or LOW..HIGH."""
    if expr.kind == "date" or expr.range_of == "date":
        return f"date:{expr.date}"
    if expr.value is None:
        return f"{expr.low}..{expr.high}"
    return str(expr.value)


def _same_value(expr: NumberExpr, gold: str) -> bool:
    found = _value(expr)
    if found.startswith("date:") or gold.startswith("date:") or ".." in gold or ".." in found:
        return found == gold
    return Decimal(found) == Decimal(gold)


def score(tally: Tally, where: str, text: str, gold: list[dict]) -> None:
    """Compare the numbers found in one segment with its annotation."""
    found = find_numbers(text)
    tally.segments += 1
    tally.gold += len(gold)
    tally.found += len(found)
    used = [False] * len(gold)
    for expr in found:
        match = next(
            (
                i
                for i, g in enumerate(gold)
                if not used[i]
                and g["start"] < expr.end
                and expr.start < g["end"]
                and _same_value(expr, g["value"])
            ),
            None,
        )
        if match is None:
            tally.false.append((where, _context(text, expr.start, expr.end), expr))
            continue
        used[match] = True
        tally.correct += 1
        tally.same_kind += gold[match]["kind"] == expr.kind
    for g, hit in zip(gold, used, strict=True):
        if not hit:
            tally.misses.append((where, _context(text, g["start"], g["end"]), g))


def _context(text: str, start: int, end: int) -> str:
    flat = lambda s: s.replace("\n", "⏎")  # noqa: E731
    return f"{flat(text[max(0, start - 10) : start])}【{flat(text[start:end])}】{flat(text[end : end + 10])}"


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def policy_set() -> Tally:
    tally = Tally("shipped evaluation set (tm_data/eval, zh-Hant)")
    lines = (ROOT / "tm_data" / "eval" / "policy.zh-Hant.txt").read_text(encoding="utf-8")
    texts = lines.split("\n")
    for row in _read_jsonl(GOLD / "policy.jsonl"):
        score(tally, f"line {row['line']}", texts[row["line"] - 1], row["numbers"])
    return tally


HKMA_SETS = (
    ("hkma.jsonl", "HKMA 2020 + 2024, 150 random paragraphs (development sample)"),
    ("hkma-heldout.jsonl", "HKMA 2020 + 2024, 100 other random paragraphs (held out)"),
)


def hkma_set(shared: Path, gold: str, name: str) -> Tally | None:
    folder = shared / "external" / "eval"
    if not (folder / "hkma_wmt25").is_dir():
        return None
    tally = Tally(name)
    paragraphs: dict[tuple[str, int, int], str] = {}
    for row in _read_jsonl(GOLD / gold):
        if not any(key[0] == row["file"] for key in paragraphs):
            for para in _read_jsonl(folder / row["file"]):
                paragraphs[(row["file"], para["doc"], para["para"])] = para["zh"]
        text = paragraphs[(row["file"], row["doc"], row["para"])]
        if len(text) != row["length"]:
            raise SystemExit(f"{row['file']} {row['doc']}/{row['para']}: the text has changed")
        score(tally, f"{row['year']}/{row['doc']}/{row['para']}", text, row["numbers"])
    return tally


def report(tallies: list[Tally], show: bool) -> str:
    lines = [
        "| set | segments | annotated | found | correct | precision | recall | same kind |",
        "| --- | --: | --: | --: | --: | --: | --: | --: |",
    ]
    for t in tallies:
        lines.append(
            f"| {t.name} | {t.segments} | {t.gold} | {t.found} | {t.correct} | "
            f"{t.precision:.1%} | {t.recall:.1%} | {t.same_kind}/{t.correct} |"
        )
    for t in tallies:
        lines += ["", f"{t.name}: {len(t.misses)} missed, {len(t.false)} found wrongly"]
        if show:
            lines += [f"  missed  {w}: {c} ({g['kind']} {g['value']})" for w, c, g in t.misses]
            lines += [f"  wrong   {w}: {c} ({n.kind} {_value(n)})" for w, c, n in t.false]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="print every miss and false find")
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    args = parser.parse_args(argv)
    tallies = [policy_set()]
    for gold, name in HKMA_SETS:
        hkma = hkma_set(find_shared(), gold, name)
        if hkma is None:
            print(f"HKMA data not found (../shared/external/eval): {gold} skipped", file=sys.stderr)
        else:
            tallies.append(hkma)
    print(report(tallies, args.show))
    if args.json:
        args.json.write_text(
            json.dumps([t.as_dict() for t in tallies], ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
