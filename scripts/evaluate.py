#!/usr/bin/env python3
"""Score machine or human translations: sacrebleu BLEU, chrF++ and TER with their
signatures, term accuracy against a dictionary or the term base, and the WMT25
term success rate. Prints Markdown; --json and --html write the full results.

    .venv/bin/python scripts/evaluate.py \\
        --src tm_data/eval/policy.zh-Hant.txt --ref tm_data/eval/policy.en.txt \\
        --hyp careful=tm_data/eval/careful.en.txt --hyp careless=tm_data/eval/careless.en.txt \\
        --terms tm_data/termbase --html report.html

``--termbase`` checks the term base in the database named by
GLOSSARY_DATABASE_URL (default: the development database in instance/).
`glossary evaluate` is the same command. Run with --help for every option.
"""

from __future__ import annotations

import os

from glossary.db import make_engine, make_sessionmaker
from glossary.evaluation.command import build_command
from glossary.evaluation.dictionary import TermList, from_concepts
from glossary.store.concepts import concept_to_record, list_concepts

DEFAULT_DATABASE_URL = "sqlite:///instance/glossary.sqlite3"


def termbase_from_database(source_lang: str, target_lang: str) -> TermList:
    url = os.environ.get("GLOSSARY_DATABASE_URL", DEFAULT_DATABASE_URL)
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            concepts, _ = list_concepts(session, limit=1_000_000)
            records = [concept_to_record(c) for c in concepts]
    finally:
        engine.dispose()
    origin = engine.url.render_as_string(hide_password=True)
    return from_concepts(records, source_lang, target_lang, f"term base at {origin}")


if __name__ == "__main__":
    build_command(termbase_from_database)(prog_name="evaluate.py")
