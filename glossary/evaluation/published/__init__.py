"""The published WMT25 zh→en terminology table (track 2), reproduced, and what it does not show.

``scripts/reproduce_wmt25.py`` reads a folder laid out as
``../shared/external/eval/hkma_wmt25/`` (its MANIFEST says how the published
figures arise) and scores every published zh→en row the way WMT25 did: the
documents of every year concatenated in year order, BLEU (13a) and chrF++ on
whole stripped documents, the term success rate with each year's own
dictionary. Beside the table: each year on its own, the reference's own term
success (the ceiling), paired bootstrap tests within each mode, the success
rate on folded text next to the task's lower-cased substrings, the terms every
system misses (with the shipped term base's rendering where it has the concept)
and charts.

* ``folder`` — reading the folder: documents, dictionaries, system outputs,
  published figures;
* ``table`` — the scores: sacrebleu statistics once per document and run
  (in worker processes), corpus and per-year scores, ceilings, significance;
* ``terms`` — folding against substrings, the per-term view, the term base;
* ``numbers`` — the place for number accuracy (``glossary.numbers``);
* ``reproduce`` — one run of all the above, the tolerances and what failed;
* ``report`` — the JSON; ``text`` and ``html`` — the terminal and HTML reports.

Rule: may import the rest of ``glossary.evaluation`` and what it may import
(records, lang, text, formats, index). Never Flask, SQLAlchemy or the web layer.
"""
