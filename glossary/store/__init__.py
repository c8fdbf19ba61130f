"""Use cases over an SQLAlchemy Session: the term base, memories, tokens, audit, schema.

Functions here take a Session and plain records or values, and return model
objects or plain data. They flush but never commit: the caller owns the
transaction (one request, one CLI command).

Rule: may import models, db, records, lang, text, formats and index. Never Flask.
"""
