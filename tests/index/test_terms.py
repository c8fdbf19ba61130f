"""TermIndex: leftmost-longest recognition over folded text, offsets into the original."""

import random

import pytest

from glossary.index import words
from glossary.index.terms import ConceptCard, IndexedTerm, TermIndex
from glossary.index.words import MARK, mark, mark_term
from glossary.text import fold, fold_with_offsets, is_cjk_char

_ids = iter(range(1, 1_000_000))


def card(concept_id: int, *terms: tuple[str, str] | tuple[str, str, str]) -> ConceptCard:
    made = []
    for t in terms:
        lang, text, status = (*t, "preferred") if len(t) == 2 else t
        made.append(IndexedTerm(next(_ids), concept_id, lang, text, status, fold(text)))
    return ConceptCard(concept_id, "approved", None, tuple(made))


@pytest.fixture(scope="module")
def index() -> TermIndex:
    return TermIndex(
        [
            card(
                1,
                ("zh-Hant", "規上工業"),
                ("zh-Hans", "规上工业"),
                ("en", "industry above designated size"),
            ),
            card(
                2,
                ("zh-Hant", "粵港澳大灣區"),
                ("zh-Hant", "大灣區", "admitted"),
                ("en", "Greater Bay Area"),
            ),
            card(3, ("zh-Hant", "雙第一"), ("en", "first place on both counts")),
            card(4, ("zh-Hant", "32連冠")),
            card(
                5,
                ("zh-Hans", "人工智能+"),
                ("zh-Hant", "人工智能+"),
                ("en", "AI Plus"),
                ("en", "AI+", "admitted"),
            ),
            card(6, ("zh-Hans", "港")),  # one character
            card(7, ("zh-Hant", "口岸"), ("en", "AI")),  # two characters
            card(8, ("en", "Bay Area"), ("en", "Bay Area Connect")),
        ]
    )


def spans(index: TermIndex, text: str) -> list[tuple[str, set[int]]]:
    return [(h.text, set(h.concept_ids)) for h in index.find(text)]


def test_the_article_as_printed(index: TermIndex) -> None:
    text = "規上\n\n工業增加值連續 3 年實現全國城市 「雙第\n一」，出口實現 「32連冠」"
    hits = index.find(text)
    assert [(h.text, h.concept_ids) for h in hits] == [
        ("規上\n\n工業", (1,)),
        ("雙第\n一", (3,)),
        ("32連冠", (4,)),
    ]
    for hit in hits:
        assert text[hit.start : hit.end] == hit.text


def test_both_scripts_are_one(index: TermIndex) -> None:
    assert spans(index, "规上工业") == [("规上工业", {1})]
    assert spans(index, "規上工業") == [("規上工業", {1})]
    assert spans(index, "粤港澳大湾区") == [("粤港澳大湾区", {2})]
    assert spans(index, "粵港澳大灣區") == [("粵港澳大灣區", {2})]


def test_leftmost_longest_without_overlaps(index: TermIndex) -> None:
    # 粵港澳大灣區 holds 港 and 大灣區: only the longest is reported.
    assert spans(index, "粵港澳大灣區與香港") == [("粵港澳大灣區", {2}), ("港", {6})]
    assert spans(index, "Bay Area Connect and Bay Area") == [
        ("Bay Area Connect", {8}),
        ("Bay Area", {8}),
    ]


def test_one_and_two_character_terms(index: TermIndex) -> None:
    assert spans(index, "香港口岸") == [("港", {6}), ("口岸", {7})]


def test_latin_terms_only_on_word_edges(index: TermIndex) -> None:
    assert spans(index, "He said the AI plan") == [("AI", {7})]
    assert spans(index, "Bay Areas") == []
    assert spans(index, "出口實現132連冠") == []
    assert spans(index, "深入實施AI+行動") == [("AI+", {5})]
    # Chinese around a Latin term is an edge; Latin around a Chinese term is not needed.
    assert spans(index, "用AI同傳") == [("AI", {7})]
    # A longer candidate rejected at a word edge does not hide a shorter one.
    assert spans(index, "Bay Area Connection") == [("Bay Area", {8})]


def test_full_width_case_and_corner_brackets(index: TermIndex) -> None:
    assert spans(index, "「人工智能＋」行動") == [("人工智能＋", {5})]
    assert spans(index, "ＡＩ plus") == [("ＡＩ plus", {5})]


def test_several_terms_share_a_form(index: TermIndex) -> None:
    (hit,) = index.find("人工智能+")
    assert hit.concept_ids == (5,)
    assert {t.lang for t in hit.terms} == {"zh-Hans", "zh-Hant"}
    shared = TermIndex([card(1, ("zh-Hans", "通")), card(2, ("zh-Hant", "通", "admitted"))])
    (hit,) = shared.find("通")
    assert hit.concept_ids == (1, 2)  # preferred first


def test_expanded_characters_never_give_overlapping_spans() -> None:
    # ㍿ folds to 株式会社: two hits in the key point into the same character.
    index = TermIndex([card(1, ("ja", "株式")), card(2, ("ja", "会社"))])
    hits = index.find("A㍿B")
    assert [(h.start, h.end) for h in hits] == [(1, 2)]


def test_astral_characters() -> None:
    index = TermIndex([card(1, ("zh-Hant", "\U00020000\U00020001"))])
    (hit,) = index.find("在\U00020000\n\U00020001中")
    assert (hit.start, hit.end) == (1, 4)


def test_empty_index_and_empty_text(index: TermIndex) -> None:
    assert TermIndex().find("任何文字") == []
    assert index.find("") == []
    assert len(index.find_spans("")) == 0


def test_changes_reuse_the_automaton_unless_forms_change(index: TermIndex) -> None:
    restated = index.changed([card(4, ("zh-Hant", "32連冠", "deprecated"))])
    assert restated._automaton is index._automaton
    (hit,) = restated.find("32連冠")
    assert hit.terms[0].status == "deprecated"
    assert index.find("32連冠")[0].terms[0].status == "preferred"  # the old index is unchanged

    added = index.changed([card(9, ("zh-Hant", "灣區通"))])
    assert added._automaton is not index._automaton
    assert spans(added, "灣區通") == [("灣區通", {9})]
    assert spans(index, "灣區通") == []

    removed = added.changed(removed=[2])
    assert spans(removed, "粵港澳大灣區") == [("港", {6})]
    assert removed.card(2) is None and removed.card(9) is not None

    renamed = removed.changed([card(9, ("zh-Hans", "湾区通行"))])
    assert spans(renamed, "灣區通行證") == [("灣區通行", {9})]
    assert spans(renamed, "灣區通") == []


def test_lookup_and_forms(index: TermIndex) -> None:
    assert {t.concept_id for t in index.lookup(fold("規上工業"))} == {1}
    assert index.lookup("nothing") == ()
    forms = dict(index.forms())
    assert "规上工业" in forms and "ai plus" in forms


def test_marks_are_never_taken_from_the_text() -> None:
    marked = mark(f"a{MARK}b")
    assert marked.text.count(MARK) == 4
    assert mark_term(f"x{MARK}") == f"{MARK}x{MARK}\ufffd"


def test_short_and_long_texts_are_marked_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short texts take str.translate, long ones numpy: both mark the same edges."""
    rng = random.Random(11)
    alphabet = list("ab1Z é̈灣區通 ,.-_\u0301ﬁ\U00030000２ＡΩж٣") + [MARK, "\ufffd"]
    texts = [
        "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 127))) for _ in range(3000)
    ]
    short = [mark(t) for t in texts]
    monkeypatch.setattr(words, "SHORT", 0)
    for text, marked in zip(texts, short, strict=True):
        by_numpy = mark(text)
        assert (marked.text, marked.marks.tolist()) == (by_numpy.text, by_numpy.marks.tolist())


# -- against a plain reference ---------------------------------------------------


def _word(ch: str) -> bool:
    return ch.isalnum() and not is_cjk_char(ch)


def _reference(forms: dict[str, int], text: str) -> list[tuple[int, int, int]]:
    """Leftmost-longest by brute force: the longest valid form at the first place with one."""
    folded = fold_with_offsets(text)
    key = folded.text
    out = []
    i = 0
    while i < len(key):
        best = None
        for form, concept in forms.items():
            j = i + len(form)
            if not key.startswith(form, i):
                continue
            if _word(form[0]) and i > 0 and _word(key[i - 1]):
                continue
            if _word(form[-1]) and j < len(key) and _word(key[j]):
                continue
            if best is None or len(form) > len(best[0]):
                best = (form, concept)
        if best is None:
            i += 1
            continue
        start, end = folded.span(i, i + len(best[0]))
        out.append((start, end, best[1]))
        i += len(best[0])
    return out


def test_agrees_with_a_brute_force_reference_on_random_text() -> None:
    rng = random.Random(5)
    alphabet = list("灣區通湾区規上工業港口岸ab1 \n「」Ⅲ") + ["ai", "bay", " area", "32"]
    for _ in range(300):
        forms: dict[str, int] = {}
        cards = []
        for concept in range(1, rng.randint(2, 8)):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))).strip()
            if fold(text) and fold(text) not in forms:
                forms[fold(text)] = concept
                cards.append(card(concept, ("zh-Hant", text)))
        index = TermIndex(cards)
        for _ in range(5):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
            got = [(h.start, h.end, h.terms[0].concept_id) for h in index.find(text)]
            assert got == _reference(forms, text), (forms, text)


def test_long_texts_are_scanned_in_windows_with_the_same_result(monkeypatch) -> None:
    # Windows of a few characters put window edges inside terms and between them.
    rng = random.Random(9)
    forms = ["灣區通", "湾区", "通", "bay area", "area connect", "規上工業", "上工"]
    index = TermIndex([card(i, ("zh-Hant", f)) for i, f in enumerate(forms, 1)])
    pieces = ["灣區通", "規上\n工業", "Bay Area Connect", " area ", "區", "上工業", "，"]
    text = "".join(rng.choice(pieces) for _ in range(400))
    marked = mark(fold(text)).text
    whole = index._scan(marked).tolist()
    hits = [(h.start, h.end, h.concept_ids) for h in index.find(text)]
    for window in (1, 2, 3, 5, 17):
        monkeypatch.setattr("glossary.index.terms.SCAN_WINDOW", window)
        assert index._scan(marked).tolist() == whole
        assert [(h.start, h.end, h.concept_ids) for h in index.find(text)] == hits
