"""In-memory indexes: the term automaton and the fuzzy translation-memory index.

Pure computation over records and folded text: no I/O, no Flask, no SQLAlchemy.
The store builds them from the database; the web layer keeps them current
through the change log (glossary.web.indexes).
"""
