"""In-memory indexes: the term automaton and the fuzzy translation-memory index.

Pure computation over records and folded text: no I/O, no Flask, no SQLAlchemy.
The store builds them from the database; the web layer keeps them current
through the change log (glossary.web.indexes). ``term_views`` turns what the term
index finds into what a reader sees (plain dicts, no query), for the API, the
pages, the command line and the live prompter alike.
"""
