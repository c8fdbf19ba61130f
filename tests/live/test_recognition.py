"""Streaming recognition settles exactly what a scan of the whole text finds."""

from __future__ import annotations

import random

import pytest

from glossary.index.terms import ConceptCard, IndexedTerm, TermIndex
from glossary.live.recognition import scan_terms, settled_offset
from glossary.text import fold

TERMS = [
    "前海",
    "前海深港現代服務業合作區",
    "灣區通",
    "大灣區",
    "粵港澳大灣區",
    "規上工業",
    "32連冠",
    "雙第一",
    "新質生產力",
    "AI",
    "AI Plus",
    "GDP",
    "Bay Area Connect",
    "硬聯通",
    "軟聯通",
    "通",
]


def make_index(terms: list[str] = TERMS) -> TermIndex:
    cards = []
    for i, text in enumerate(terms, start=1):
        term = IndexedTerm(i, i, "zh-Hant", text, "preferred", fold(text))
        cards.append(ConceptCard(i, "approved", None, (term,)))
    return TermIndex(cards)


INDEX = make_index()


def spans(hits) -> list[tuple[int, int, str]]:
    return [(h.start, h.end, h.text) for h in hits]


def test_a_term_that_may_grow_is_not_settled() -> None:
    text = "今年推動前海"
    assert settled_offset(INDEX, text) == text.index("前海")
    assert settled_offset(INDEX, text + "深港現代") == text.index("前海")
    done = text + "深港現代服務業合作區建設。"
    assert settled_offset(INDEX, done) == len(done)


def test_latin_terms_wait_for_the_word_to_end() -> None:
    assert settled_offset(INDEX, "the AI") == 4  # may become "AI Plus" or "AIR"
    assert settled_offset(INDEX, "the AI ") == 4  # a space is stripped at the end
    assert settled_offset(INDEX, "the AI.") == len("the AI.")


def test_a_line_break_inside_a_term_is_not_a_word_boundary() -> None:
    text = "深入實施「灣區\n"
    scan = scan_terms(INDEX, text, "")
    assert scan.settled == []
    later = scan_terms(INDEX, text + "通」。", "", scan_from=scan.restart)
    assert spans(later.settled) == [(5, 9, "灣區\n通")]


SAMPLES = [
    "深圳去年規上\n\n工業增加值增長較快，連續多年保持全國城市「雙第\n一」，出口實現「32連冠」。"
    "今年將深入實施「灣區\n通」工程，加強「硬聯通」和「軟聯通」，並推動前海深港現代服務業合作區建設，"
    "發展新質生產力。",
    "粵港澳大灣區的GDP增長，AI Plus行動和Bay Area Connect計劃。大灣區通關便利，前海前海深港。",
    "The AI Plus plan and the AI plan, GDP and GDPR; Bay Area Connecting and Bay Area Connect.",
]


def _stream(text: str, rng: random.Random, index: TermIndex = INDEX) -> tuple[list, object]:
    """Feed ``text`` in random chunks with random provisional tails; collect settled hits."""
    committed, scan_from, upto, got = "", 0, 0, []
    at = 0
    while at < len(text):
        step = rng.randint(1, 6)
        piece = text[at : at + step]
        for _ in range(rng.randint(0, 2)):
            # A provisional hypothesis: sometimes right, sometimes wrong.
            tail = text[at : at + rng.randint(1, 12)] if rng.random() < 0.7 else "灣區通AI"
            scan = scan_terms(index, committed, tail, scan_from=scan_from, settled_upto=upto)
            got += scan.settled
            scan_from, upto = scan.restart, scan.settled_upto
        committed += piece
        at += step
        scan = scan_terms(index, committed, "", scan_from=scan_from, settled_upto=upto)
        got += scan.settled
        scan_from, upto = scan.restart, scan.settled_upto
        # What settled never changes: it is a prefix of the whole text's hits.
        assert spans(got) == spans(index.find(text))[: len(got)]
    closing = scan_terms(index, committed, "", scan_from=scan_from, settled_upto=upto, closing=True)
    return got + closing.settled, scan


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("text", SAMPLES, ids=["zh", "mixed", "en"])
def test_random_chunks_settle_exactly_the_hits_of_the_whole_text(text: str, seed: int) -> None:
    got, _ = _stream(text, random.Random(seed))
    assert spans(got) == spans(INDEX.find(text))


@pytest.mark.parametrize("seed", range(10))
def test_a_text_ending_in_punctuation_settles_without_closing(seed: int) -> None:
    text = SAMPLES[0]
    committed, scan_from, upto, got = "", 0, 0, []
    rng = random.Random(seed)
    while len(committed) < len(text):
        committed = text[: len(committed) + rng.randint(1, 5)]
        scan = scan_terms(INDEX, committed, "", scan_from=scan_from, settled_upto=upto)
        got += scan.settled
        scan_from, upto = scan.restart, scan.settled_upto
    assert spans(got) == spans(INDEX.find(text))
    assert scan_from > 0  # long texts are rescanned from a restart point


def test_provisional_hits_come_from_the_tail_and_after_the_settled_point() -> None:
    scan = scan_terms(INDEX, "今年推動前海", "深港現代服務業合作區")
    assert scan.settled == []
    assert spans(scan.provisional) == [(4, 16, "前海深港現代服務業合作區")]


NUMBER_TEXTS = [
    "去年地區生產總值約3.68萬\n億元，增長5.8%以上；新增就業20萬人。"
    "今年預計增長5%—6%，三至五年內建成，2025年2月25日開工，投資1，200億元。",
    "一季度出口增長一成半，占全國的三分之一。第一，翻一番；兩位數增長！",
]


def _number_spans(numbers) -> list[tuple[int, int, str, str]]:
    return [(n.start, n.end, n.text, n.english) for n in numbers]


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("text", NUMBER_TEXTS, ids=["amounts", "others"])
def test_numbers_settle_exactly_as_the_whole_text_reads_them(text: str, seed: int) -> None:
    from glossary.live.recognition import scan_numbers
    from glossary.numbers import find_numbers

    rng = random.Random(seed)
    committed, upto, got = "", 0, []
    while len(committed) < len(text):
        tail = text[len(committed) : len(committed) + rng.randint(0, 8)]
        got += scan_numbers(committed, tail, settled_upto=upto).settled
        committed = text[: len(committed) + rng.randint(1, 6)]
        scan = scan_numbers(committed, "", settled_upto=upto)
        got += scan.settled
        upto = scan.settled_upto
        whole = _number_spans(find_numbers(text))
        assert _number_spans(got) == whole[: len(got)]
    assert _number_spans(got) == _number_spans(find_numbers(text))
