"""``glossary evaluate`` and ``glossary qa``: the evaluation package's commands, with
the term base of the configured database behind ``--termbase``."""

from __future__ import annotations

import sqlalchemy as sa

from glossary.evaluation.command import build_command
from glossary.evaluation.dictionary import TermList
from glossary.evaluation.qa_command import build_qa_command
from glossary.evaluation.recognition import termbase_of_index
from glossary.models import Concept
from glossary.store.terms import build_term_index
from glossary.web.cli import main, make_app, session_scope
from glossary.web.database import database


def termbase_from_database(source_lang: str, target_lang: str) -> TermList:
    """The configured database's term base, recognised as /api/annotate recognises it."""
    app = make_app()
    with session_scope(app) as session:
        index = build_term_index(session)
        names = {id_: ref for id_, ref in session.execute(sa.select(Concept.id, Concept.ref))}
    origin = database(app).engine.url.render_as_string(hide_password=True)
    return termbase_of_index(index, source_lang, target_lang, f"term base at {origin}", names)


main.add_command(build_command(termbase_from_database), "evaluate")
main.add_command(build_qa_command(termbase_from_database), "qa")
