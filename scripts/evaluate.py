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

    .venv/bin/python scripts/evaluate.py qa --src source.txt --tgt translation.txt \
        --terms tm_data/termbase

is term QA of a file, as `glossary qa`.
"""

from __future__ import annotations

import os

import sqlalchemy as sa

from glossary.db import make_engine, make_sessionmaker
from glossary.evaluation.command import build_command
from glossary.evaluation.dictionary import TermList
from glossary.evaluation.qa_command import build_qa_command
from glossary.evaluation.recognition import termbase_of_index
from glossary.models import Concept
from glossary.store.terms import build_term_index

DEFAULT_DATABASE_URL = "sqlite:///instance/glossary.sqlite3"


def termbase_from_database(source_lang: str, target_lang: str) -> TermList:
    """The term base in GLOSSARY_DATABASE_URL, recognised as the service recognises it."""
    url = os.environ.get("GLOSSARY_DATABASE_URL", DEFAULT_DATABASE_URL)
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            index = build_term_index(session)
            names = {id_: ref for id_, ref in session.execute(sa.select(Concept.id, Concept.ref))}
    finally:
        engine.dispose()
    origin = f"term base at {engine.url.render_as_string(hide_password=True)}"
    return termbase_of_index(index, source_lang, target_lang, origin, names)


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["qa"]:  # scripts/evaluate.py qa --src … --tgt …: term QA of a file
        build_qa_command(termbase_from_database)(sys.argv[2:], prog_name="evaluate.py qa")
    build_command(termbase_from_database)(prog_name="evaluate.py")
