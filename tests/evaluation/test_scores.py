"""Our per-segment statistics give exactly sacrebleu's own corpus and sentence scores."""

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from glossary.evaluation.scores import Scorer

HYPS = [
    "The Greater Bay Area Connect scheme lets residents use services across borders.",
    "We will promote hard connectivity of infrastructure and soft connectivity of rules.",
    "",  # an empty output line is a valid (and bad) translation
    "The university aims at double first-class status.",
]
REFS = [
    "The Bay Area Connect scheme allows residents to access services across the boundary.",
    "We will advance hard connectivity in infrastructure and soft connectivity in rules.",
    "Shenzhen ranked first on both counts.",
    "The city came first on both counts.",
]
REFS2 = [
    "Bay Area Connect lets residents use services across the border.",
    "We will push forward hard connectivity and soft connectivity.",
    "Shenzhen was first on both counts.",
    "First place on both counts.",
]
ZH_HYPS = ["「灣區通」讓居民可跨境使用服務。", "我們將推動基礎設施硬聯通和規則機制軟聯通。"]
ZH_REFS = [
    "「灣區通」措施讓居民可以跨境享用服務。",
    "我們將推進基礎設施「硬聯通」與規則機制「軟聯通」。",
]

SACREBLEU = {
    "en": {"bleu": BLEU(), "chrf": CHRF(word_order=2), "ter": TER()},
    "zh": {
        "bleu": BLEU(tokenize="zh"),
        "chrf": CHRF(word_order=2),
        "ter": TER(normalized=True, asian_support=True),
    },
}


@pytest.mark.parametrize("name", ["bleu", "chrf", "ter"])
@pytest.mark.parametrize(
    ("target", "hyps", "refs"),
    [("en", HYPS, [REFS]), ("en", HYPS, [REFS, REFS2]), ("zh", ZH_HYPS, [ZH_REFS])],
    ids=["en-1ref", "en-2refs", "zh"],
)
def test_corpus_score_and_signature_equal_sacrebleu(name, target, hyps, refs) -> None:
    scorer = Scorer(name, target, refs)
    stats = scorer.segment_stats(hyps)
    expected_metric = SACREBLEU[target][name]
    expected = expected_metric.corpus_score(hyps, refs)
    assert scorer.corpus(stats) == pytest.approx(expected.score, abs=1e-9)
    assert scorer.signature() == str(expected_metric.get_signature())


def test_chinese_target_settings_show_in_the_signatures() -> None:
    signatures = {n: Scorer(n, "zh-Hant", [ZH_REFS]).signature() for n in ("bleu", "ter")}
    assert "tok:zh" in signatures["bleu"]
    assert "norm:yes" in signatures["ter"] and "asian:yes" in signatures["ter"]
    # 13a on unsegmented Chinese would see one word per sentence: far lower.
    zh = Scorer("bleu", "zh", [ZH_REFS])
    assert zh.corpus(zh.segment_stats(ZH_HYPS)) > 30


@pytest.mark.parametrize("name", ["bleu", "chrf", "ter"])
def test_sentence_scores_equal_sacrebleu_sentence_score(name) -> None:
    scorer = Scorer(name, "en", [REFS, REFS2])
    metric = {"bleu": BLEU(effective_order=True), "chrf": CHRF(word_order=2), "ter": TER()}[name]
    expected = [
        metric.sentence_score(h, [r1, r2]).score
        for h, r1, r2 in zip(HYPS, REFS, REFS2, strict=True)
    ]
    assert scorer.sentence_scores(scorer.segment_stats(HYPS)) == pytest.approx(expected)
