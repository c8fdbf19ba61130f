"""Intervals and paired tests: the same numbers as sacrebleu's own implementations."""

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.significance import PairedTest

from glossary.evaluation import significance
from glossary.evaluation.scores import Scorer
from tests.evaluation.test_scores import HYPS, REFS

BASELINE = HYPS * 5
SYSTEM = [
    "Bay Area Connect lets people use services across the boundary.",
    "We will push hard connectivity and soft connectivity.",
    "Shenzhen is first on both counts.",
    "The city was first.",
] * 5
REFERENCES = [REFS * 5]


@pytest.fixture(autouse=True)
def _seed(monkeypatch) -> None:
    monkeypatch.setenv("SACREBLEU_SEED", "12345")


@pytest.mark.parametrize(
    ("name", "metric"), [("bleu", BLEU()), ("chrf", CHRF(word_order=2)), ("ter", TER())]
)
def test_paired_tests_and_intervals_match_sacrebleu(name, metric) -> None:
    scorer = Scorer(name, "en", REFERENCES)
    base, other = scorer.segment_stats(BASELINE), scorer.segment_stats(SYSTEM)
    named = [("base", BASELINE), ("other", SYSTEM)]
    _, bs = PairedTest(named, {name: metric}, REFERENCES, test_type="bs", n_samples=200)()
    _, ar = PairedTest(named, {name: metric}, REFERENCES, test_type="ar", n_samples=500)()
    (key,) = [k for k in bs if k != "System"]
    p_bs, interval = significance.paired_bootstrap(base, other, scorer.score_of, 200)
    p_ar = significance.approximate_randomisation(base, other, scorer.score_of, 500)
    assert p_bs == pytest.approx(bs[key][1].p_value)
    assert interval.mean == pytest.approx(bs[key][1].mean, abs=1e-4)
    assert interval.half_width == pytest.approx(bs[key][1].ci, abs=1e-4)
    assert p_ar == pytest.approx(ar[key][1].p_value)
    baseline = significance.bootstrap(base, scorer.score_of, 200)
    assert baseline.mean == pytest.approx(bs[key][0].mean, abs=1e-4)
    assert baseline.half_width == pytest.approx(bs[key][0].ci, abs=1e-4)


def test_identical_systems_are_not_significantly_different() -> None:
    scorer = Scorer("bleu", "en", REFERENCES)
    stats = scorer.segment_stats(BASELINE)
    p, _ = significance.paired_bootstrap(stats, stats, scorer.score_of, 100)
    assert p == 1.0
    assert significance.approximate_randomisation(stats, stats, scorer.score_of, 100) == 1.0
