"""Bootstrap confidence intervals and paired significance tests on segment statistics.

The same procedures as sacrebleu's ``significance`` module (its ``PairedTest``
and ``corpus_score(n_bootstrap=…)``): the same random draws for the same seed,
the same 95 % interval (the 2.5 % and 97.5 % resampled scores, as a half-width
around their mean) and the same p-values. They run here on statistics
extracted once per system, so TER's slow extraction is not repeated for every
test, and they serve our term accuracy as well as sacrebleu's metrics.

* Paired bootstrap (``bs``, Koehn 2004 as in Moses): resample segments with
  replacement, the same draws for both systems; p = share of resamples whose
  centred |difference| exceeds the observed one.
* Approximate randomisation (``ar``, Riezler & Maxwell 2005 as in multeval):
  swap each segment's output between the systems at random.

One deliberate difference: two systems with equal scores get p = 1.

The seed is sacrebleu's: ``SACREBLEU_SEED`` (default 12345; ``none`` draws from
the operating system).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

ScoreFn = Callable[[np.ndarray], float]

BOOTSTRAP_SAMPLES = 1000
AR_TRIALS = 10_000
# Resamples summed per matrix product: bounds memory on large corpora.
CHUNK = 200


def seed() -> int | None:
    value = os.environ.get("SACREBLEU_SEED", "12345")
    return None if value.lower() == "none" else int(value)


@dataclass(frozen=True)
class Interval:
    """The bootstrap mean and the half-width of the 95 % interval around it."""

    mean: float
    half_width: float

    @property
    def low(self) -> float:
        return self.mean - self.half_width

    @property
    def high(self) -> float:
        return self.mean + self.half_width


def _as_array(stats: np.ndarray | list) -> np.ndarray:
    return np.asarray(stats, dtype=np.float64)


def _resample_indices(n: int, samples: int) -> np.ndarray:
    rng = np.random.default_rng(seed())
    return rng.choice(n, size=(samples, n), replace=True)


def _resampled_sums(stats: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """Σ stats over each row of ``indices`` (a row is one resample)."""
    n = stats.shape[0]
    sums = []
    for start in range(0, len(indices), CHUNK):
        block = indices[start : start + CHUNK]
        # How often each segment was drawn in each resample, as one bincount.
        flat = (np.arange(len(block))[:, None] * n + block).ravel()
        counts = np.bincount(flat, minlength=len(block) * n).reshape(len(block), n)
        sums.append(counts.astype(np.float64) @ stats)
    return np.concatenate(sums) if sums else np.zeros((0, stats.shape[1]))


def estimate(scores: np.ndarray) -> Interval:
    """Mean and 95 % half-width of resampled scores (sacrebleu's ``estimate_ci``)."""
    ordered = np.sort(scores)
    lower = len(ordered) // 40
    upper = len(ordered) - lower - 1
    return Interval(float(ordered.mean()), float(0.5 * (ordered[upper] - ordered[lower])))


def bootstrap(
    stats: np.ndarray | list, score: ScoreFn, samples: int = BOOTSTRAP_SAMPLES
) -> Interval:
    """The 95 % bootstrap interval of a corpus score."""
    array = _as_array(stats)
    sums = _resampled_sums(array, _resample_indices(len(array), samples))
    return estimate(np.array([score(s) for s in sums]))


def paired_bootstrap(
    baseline: np.ndarray | list,
    system: np.ndarray | list,
    score: ScoreFn,
    samples: int = BOOTSTRAP_SAMPLES,
) -> tuple[float, Interval]:
    """p-value of the difference from the baseline, and the system's interval."""
    base, other = _as_array(baseline), _as_array(system)
    indices = _resample_indices(len(base), samples)
    base_scores = resampled_scores(base, score, indices)
    other_scores = resampled_scores(other, score, indices)
    observed = abs(score(base.sum(0)) - score(other.sum(0)))
    return paired_p_value(base_scores, other_scores, observed), estimate(other_scores)


def resample_indices(n: int, samples: int = BOOTSTRAP_SAMPLES) -> np.ndarray:
    """The bootstrap draws (one row per resample), the same for every system compared.

    Drawn once, they let a table of many systems compute each system's resampled
    scores once (``resampled_scores``) and test every pair from them
    (``paired_p_value``): the same numbers as ``paired_bootstrap`` pair by pair.
    """
    return _resample_indices(n, samples)


def resampled_scores(stats: np.ndarray | list, score: ScoreFn, indices: np.ndarray) -> np.ndarray:
    """The corpus score of each resample."""
    return np.array([score(s) for s in _resampled_sums(_as_array(stats), indices)])


def paired_p_value(base_scores: np.ndarray, other_scores: np.ndarray, observed: float) -> float:
    """Paired bootstrap p-value from two systems' scores on the same resamples."""
    differences = np.abs(other_scores - base_scores)
    return _p_value(differences - differences.mean(), observed)


def approximate_randomisation(
    baseline: np.ndarray | list,
    system: np.ndarray | list,
    score: ScoreFn,
    trials: int = AR_TRIALS,
) -> float:
    """p-value of the difference from the baseline under random output swaps."""
    base, other = _as_array(baseline), _as_array(system)
    rng = np.random.default_rng(seed())
    keep = rng.integers(2, size=(trials, len(base)), dtype=bool)
    observed = abs(score(base.sum(0)) - score(other.sum(0)))
    # A trial keeps some segments' outputs and swaps the rest: with d = base − other,
    # pseudo-system a sums to Σother + keep·d and pseudo-system b to Σbase − keep·d.
    delta = base - other
    base_sum, other_sum = base.sum(0), other.sum(0)
    differences: list[float] = []
    for start in range(0, trials, CHUNK):
        moved = keep[start : start + CHUNK].astype(np.float64) @ delta
        shuffled_a = other_sum + moved
        shuffled_b = base_sum - moved
        differences.extend(
            abs(score(a) - score(b)) for a, b in zip(shuffled_a, shuffled_b, strict=True)
        )
    return _p_value(np.array(differences), observed)


def _p_value(statistics: np.ndarray, observed: float) -> float:
    if observed == 0.0:
        # Equal scores: sacrebleu would answer 1/(N+1) here and call two identical
        # systems significantly different. Nothing differs, so p is 1.
        return 1.0
    # +1 on both sides, as multeval and sacrebleu: a p-value is never 0.
    return (int(np.sum(statistics > observed)) + 1) / (len(statistics) + 1)
