"""Corpus BLEU, chrF++ and TER through sacrebleu, with signatures and sentence scores.

Settings follow the target language (notes/evaluation.md §1.2):

* English (any non-Chinese) target: ``BLEU()`` (tokenizer 13a), ``CHRF(word_order=2)``
  and ``TER()``, as WMT25 scored its zh→en submissions;
* Chinese target: ``BLEU(tokenize="zh")`` (13a would see each sentence as one
  word and give 0), the same chrF++, and ``TER(normalized=True,
  asian_support=True)`` (``asian_support`` alone does nothing).

Every score carries sacrebleu's own signature string, which records exactly
these settings and sacrebleu's version.

Statistics are extracted once per system and segment; corpus scores, sentence
scores, confidence intervals and paired tests are all computed from them, the
way sacrebleu's significance module does (``Metric._extract_corpus_statistics``
split per segment so a progress bar can follow TER, which is slow on long
segments). The sacrebleu version is pinned below 2.7 in pyproject.toml because
of these calls.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric

from glossary import lang
from glossary.text.cjk import HAN

METRICS = ("bleu", "chrf", "ter")
LABELS = {"bleu": "BLEU", "chrf": "chrF++", "ter": "TER"}
_HAN = re.compile(f"[{HAN}]")


def _is_chinese(tag: str) -> bool:
    return lang.base_language(tag) == "zh"


def make_metric(name: str, target_lang: str, *, sentence: bool = False) -> Metric:
    """The sacrebleu metric ``name`` configured for ``target_lang``."""
    chinese = _is_chinese(target_lang)
    if name == "bleu":
        # Sentence BLEU needs effective order, or short sentences score 0.
        return BLEU(tokenize="zh" if chinese else "13a", effective_order=sentence)
    if name == "chrf":
        return CHRF(word_order=2)
    if name == "ter":
        return TER(normalized=True, asian_support=True) if chinese else TER()
    raise ValueError(f"unknown metric {name!r}; choose from {', '.join(METRICS)}")


class Scorer:
    """One sacrebleu metric against fixed references (one stream or several)."""

    def __init__(self, name: str, target_lang: str, references: Sequence[Sequence[str]]) -> None:
        self.name = name
        self.label = LABELS[name]
        self.metric = make_metric(name, target_lang)
        self._sentence_metric = make_metric(name, target_lang, sentence=True)
        self._references = self.metric._cache_references(references)
        # The sentence-level metric shares the statistics; it only needs the count.
        self._sentence_metric.num_refs = self.metric.num_refs

    def segment_stats(
        self, hypotheses: Sequence[str], advance: Callable[[int], Any] | None = None
    ) -> np.ndarray:
        """One row of sufficient statistics per segment."""
        metric = self.metric
        rows = []
        for hypothesis, reference in zip(hypotheses, self._references, strict=True):
            segment = metric._preprocess_segment(hypothesis)
            rows.append(metric._compute_segment_statistics(segment, reference))
            if advance:
                advance(1)
        return np.asarray(rows, dtype=np.float64)

    def corpus(self, stats: np.ndarray) -> float:
        return float(self.metric._compute_score_from_stats(stats.sum(0)).score)

    def describe(self, stats: np.ndarray) -> str:
        """sacrebleu's own one-line rendering of the corpus score (BLEU's n-gram detail)."""
        return str(self.metric._compute_score_from_stats(stats.sum(0)))

    def score_of(self, summed: np.ndarray) -> float:
        # sacrebleu annotates the statistics as a list, but its own significance
        # module passes numpy rows here, as we do.
        return float(self.metric._compute_score_from_stats(summed).score)  # type: ignore[arg-type]

    def sentence_scores(self, stats: np.ndarray) -> list[float]:
        compute = self._sentence_metric._compute_score_from_stats
        return [float(compute(row).score) for row in stats]

    def signature(self) -> str:
        return str(self.metric.get_signature())


def tokens(text: str) -> int:
    """About how many TER tokens a text has: words, plus one per Han character."""
    return len(text.split()) + len(_HAN.findall(text))
