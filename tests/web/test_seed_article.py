"""The work report as printed, and its Simplified conversion, through a fresh `glossary init`.

Data-driven over the shipped term base: wherever a shipped Chinese form occurs
in the folded article, a hit must cover it (leftmost-longest can only give way
to a longer term that overlaps it), and a hit that starts and ends where the
form does names that concept. A fixed list of the starter terms must be found
in both scripts, wherever the line breaks fall.
"""

import itertools

import opencc
import pytest
from click.testing import CliRunner

from glossary import lang
from glossary.formats.termbase_toml import read_termbase
from glossary.text import fold, fold_with_offsets, is_cjk_char
from glossary.web.cli import main
from tests.conftest import ROOT, SHARED

ARTICLE = SHARED / "seed-article.txt"

# ref → how often the article holds it (in either script), line breaks and all.
MUST_FIND = {
    "top-exporter-32-years": 2,  # 「32連冠」
    "industry-above-designated-size": 1,  # 規上工業總產值 among others
    # 規上\n\n工業增加值增長 and 規上工業增加\n\n值增長: the longer concept wins
    "above-scale-industrial-added-value": 2,
    "double-first": 2,  # 「雙第\n一」
    "new-quality-productive-forces": 1,  # 新質生產力蓬\n\n勃發展
    "ai-plus": 1,  # 「人工智能+」
    "bay-area-connect": 2,
    "hard-connectivity": 2,
    "soft-connectivity": 2,
    "one-point-two-places": 1,  # 「一點兩\n地」
    "greater-bay-area": 2,
    "qianhai-cooperation-zone": 1,
    "hetao-cooperation-zone": 1,
    "cross-boundary-wealth-management-connect": 1,
}

# Installs the whole shipped term base for each test.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not ARTICLE.exists(), reason=f"{ARTICLE} is not there"),
]


@pytest.fixture
def client(app, database_url):
    env = {"GLOSSARY_DATABASE_URL": database_url, "GLOSSARY_SECRET_KEY": "test"}
    result = CliRunner().invoke(main, ["init"], env=env)
    assert result.exit_code == 0, result.output
    return app.test_client()


def _shipped_forms() -> dict[str, set[str]]:
    """Folded Chinese form → refs of the shipped concepts that have it."""
    forms: dict[str, set[str]] = {}
    for concept in read_termbase(ROOT / "tm_data" / "termbase"):
        for term in concept.terms:
            if lang.is_chinese(term.lang) and fold(term.text):
                forms.setdefault(fold(term.text), set()).add(concept.ref or "")
    return forms


def _word(ch: str) -> bool:
    return bool(ch) and ch.isalnum() and not is_cjk_char(ch)


def _occurrences(text: str, forms: dict[str, set[str]]) -> list[tuple[int, int, set[str]]]:
    """Every occurrence of a shipped form, as a span of the original text."""
    folded = fold_with_offsets(text)
    found = []
    for form, refs in forms.items():
        at = folded.text.find(form)
        while at >= 0:
            before = folded.text[at - 1 : at]
            after = folded.text[at + len(form) : at + len(form) + 1]
            # A form that starts or ends with a Latin letter or a digit matches
            # whole words only: not 32連冠 in 132連冠, nor AI in InnAIO.
            if not (_word(form[0]) and _word(before)) and not (_word(form[-1]) and _word(after)):
                found.append((*folded.span(at, at + len(form)), refs))
            at = folded.text.find(form, at + 1)
    return found


def _refs_by_id(client) -> dict[int, str]:
    refs, url = {}, "/api/concepts?per_page=200"
    while url:
        page = client.get(url).get_json()
        refs.update({item["id"]: item["ref"] for item in page["items"]})
        url = page["next"]
    return refs


@pytest.mark.parametrize("script", ["as printed", "Simplified"])
def test_the_article_in_both_scripts(client, script) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    if script == "Simplified":
        text = opencc.OpenCC("t2s").convert(text)
    response = client.post("/api/annotate", json={"text": text})
    assert response.status_code == 200
    hits = response.get_json()["hits"]
    refs_by_id = _refs_by_id(client)
    # The API's answer is consistent with itself: in order, not overlapping, true offsets.
    for a, b in itertools.pairwise(hits):
        assert a["end"] <= b["start"]
    for hit in hits:
        assert text[hit["start"] : hit["end"]] == hit["text"]
        assert fold(hit["text"]) == fold(hit["term"]["text"])

    spans = {(h["start"], h["end"]): refs_by_id[h["concept_id"]] for h in hits}
    occurrences = _occurrences(text, _shipped_forms())
    assert occurrences, "the shipped term base and the article share no term"
    for start, end, refs in occurrences:
        covering = [h for h in hits if h["start"] < end and start < h["end"]]
        assert covering, f"{text[start:end]!r} at {start} is not covered by any hit"
        if (start, end) in spans:
            assert spans[(start, end)] in refs

    found: dict[str, int] = {}
    for ref in spans.values():
        found[ref] = found.get(ref, 0) + 1
    for ref, times in MUST_FIND.items():
        assert found.get(ref, 0) >= times, f"{ref}: found {found.get(ref, 0)}, want {times}"
    # The line breaks inside terms stay in the reported text.
    assert any(h["text"] in ("規上\n\n工業增加值增長", "规上\n\n工业增加值增长") for h in hits)
    assert any(h["text"] in ("規上工業增加\n\n值增長", "规上工业增加\n\n值增长") for h in hits)
    assert any(h["text"] in ("雙第\n一", "双第\n一") for h in hits)
