"""Evaluation: sacrebleu scores, term metrics and the reports people read.

* ``scores`` — corpus BLEU, chrF++ and TER through sacrebleu, with signatures,
  sentence-level scores; ``significance`` — bootstrap confidence intervals and
  paired tests (sacrebleu's paired bootstrap and approximate randomisation).
* ``dictionary`` — the terms to check: source forms, approved renderings and the
  deprecated or forbidden ones, from a dictionary file or from term base records.
* ``matching`` — where terms occur and how many occurrences a text satisfies;
  ``terms`` — term accuracy and its breakdown; ``wmt25`` — the WMT25 term
  success rate exactly as published.
* ``numbers`` — number accuracy (and number QA): each number of the source
  rendered in the translation, across magnitudes (glossary.numbers).
* ``inputs`` — plain text, TSV and JSONL segment readers; ``term_choice`` — which
  dictionary applies to which segment (one for all, one per file, or one per
  document or segment by a field); ``run`` ties it all together; ``report`` and
  ``html`` render the result; ``command`` is the ``evaluate`` command that
  scripts/evaluate.py and ``glossary evaluate`` share.
* ``published`` — the published WMT25 zh→en table reproduced, and what it does
  not show (scripts/reproduce_wmt25.py).

Rule: may import records, lang, text, formats, index and numbers. Never Flask, SQLAlchemy
or the web layer: a term base held in a database reaches this package as records.
"""
