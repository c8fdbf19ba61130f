"""The live term prompter: sessions, committed text, provisional tail, recognition
diff and event log. A transcript arrives in chunks (from a speech recogniser or a
person typing); each chunk's recognition pass announces the terms that can no
longer change, provisional terms from the tail, and withdrawals of provisional
terms a revision removed, as numbered events that any worker can replay.

Modules:

* ``chunks``: the chunk shapes we accept (ours, Vosk's, FunASR's).
* ``recognition``: which hits have settled, and restart points for long texts.
* ``events``: provisional/settled/withdrawn bookkeeping, event data.
* ``sessions``: sessions and the event log in the database (flush, never commit).
* ``fanout``: one listener per process (PostgreSQL LISTEN/NOTIFY, or polling
  SQLite) waking the open streams.
* ``sse``: a session's events as a Server-Sent Events stream.
* ``replay``: feeding a transcript as a recogniser would, and timing what arrives.

Rule: may import glossary.index, glossary.text, glossary.lang, glossary.models,
glossary.db, glossary.store (term views, errors), glossary.numbers, sqlalchemy and
psycopg (through SQLAlchemy's engine). Never Flask, never glossary.web: the HTTP
stream, the pages and ``glossary live replay`` all adapt this package.
"""
