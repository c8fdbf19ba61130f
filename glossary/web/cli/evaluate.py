"""``glossary evaluate`` and ``glossary qa``: the evaluation package's commands, with
the term base of the configured database behind ``--termbase``."""

from __future__ import annotations

from glossary.evaluation.command import build_command
from glossary.evaluation.dictionary import TermList, from_concepts
from glossary.evaluation.qa_command import build_qa_command
from glossary.store.concepts import concept_to_record, list_concepts
from glossary.web.cli import main, make_app, session_scope
from glossary.web.database import database


def termbase_from_database(source_lang: str, target_lang: str) -> TermList:
    app = make_app()
    with session_scope(app) as session:
        concepts, _ = list_concepts(session, limit=1_000_000)
        records = [concept_to_record(c) for c in concepts]
    origin = database(app).engine.url.render_as_string(hide_password=True)
    return from_concepts(records, source_lang, target_lang, f"term base at {origin}")


main.add_command(build_command(termbase_from_database), "evaluate")
main.add_command(build_qa_command(termbase_from_database), "qa")
