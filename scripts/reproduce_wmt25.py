#!/usr/bin/env python3
"""Reproduce the whole published WMT25 zh→en terminology table (track 2), and more.

    .venv/bin/python scripts/reproduce_wmt25.py [--data DIR] [--json OUT] [--html OUT]
        [--report-json OUT] [--termbase DIR] [--resamples N] [--jobs N]

Reads ``DIR`` (default: ``../shared/external/eval/hkma_wmt25``, found as the
benchmarks find the shared data) and prints every published zh→en row — system,
mode, BLEU, chrF++, term success — beside the published figure and the
difference, then what the table does not show: each year, the reference's own
term success, paired bootstrap tests within each mode, term success on folded
text, the terms every system misses (with the shipped term base's rendering),
and number accuracy.

Exit status: 0 when every published row is reproduced within 0.01 (BLEU),
0.01 (chrF++) and 0.001 (term success); 1 when one is not (or has no outputs);
2 for a folder that cannot be read.

``--json`` writes the rows: a list of ``{"system", "mode", "bleu", "chrf",
"term_success", "published", "difference", "years", "paired_tests", …}``;
``--report-json`` the whole report; ``--html`` a standalone page with charts.
Nothing is cached between runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from shared_data import ROOT, find_shared

from glossary.evaluation.published.folder import FolderError
from glossary.evaluation.published.report import rows, to_dict
from glossary.evaluation.published.reproduce import RESAMPLES, failures, reproduce
from glossary.evaluation.published.text import to_text
from glossary.formats.errors import FormatError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=find_shared() / "external" / "eval" / "hkma_wmt25",
        help="the WMT25 track-2 zh→en folder (default: %(default)s)",
    )
    parser.add_argument("--json", type=Path, help="write the rows as a JSON list")
    parser.add_argument("--html", type=Path, help="write a standalone HTML report with charts")
    parser.add_argument("--report-json", type=Path, help="write the whole report as JSON")
    parser.add_argument(
        "--termbase",
        type=Path,
        default=ROOT / "tm_data" / "termbase",
        help="term base for the per-term view (default: the shipped one)",
    )
    parser.add_argument(
        "--resamples",
        type=int,
        default=RESAMPLES,
        help="paired bootstrap resamples per mode; 0 for no tests (default: %(default)s)",
    )
    parser.add_argument(
        "--jobs", type=int, help="worker processes for sacrebleu's statistics (default: 2)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        reproduction = reproduce(args.data, args.termbase, max(args.resamples, 0), args.jobs)
    except (FolderError, FormatError) as exc:
        print(f"reproduce_wmt25.py: {exc}", file=sys.stderr)
        return 2
    if args.json:
        args.json.write_text(
            json.dumps(rows(reproduction), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    if args.report_json:
        args.report_json.write_text(
            json.dumps(to_dict(reproduction), ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )
    if args.html:
        from glossary.evaluation.published.html import to_html

        args.html.write_text(to_html(reproduction), encoding="utf-8")
    sys.stdout.write(to_text(reproduction))
    print(f"Wall time: {time.perf_counter() - started:.1f} s including the reports.")
    return 1 if failures(reproduction) else 0


if __name__ == "__main__":
    sys.exit(main())
