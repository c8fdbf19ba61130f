"""Term index records, change-log updates and search, straight on a session (both backends)."""

import pytest

from glossary.index.term_views import renderings
from glossary.records import ConceptRecord, TermRecord
from glossary.store import concepts
from glossary.store.changes import ChangeFeed
from glossary.store.terms import build_term_index, search_terms, update_term_index


def add(session, ref: str, *terms: tuple[str, str, str], notes=None) -> int:
    record = ConceptRecord(
        terms=tuple(TermRecord(text, tag, status) for tag, text, status in terms),
        ref=ref,
        status="approved",
        notes=notes or {},
    )
    concept = concepts.create_concept(session, record, actor="test")
    session.commit()
    return concept.id


@pytest.fixture
def base(session) -> dict[str, int]:
    return {
        "connect": add(
            session,
            "connect",
            ("zh-Hant", "灣區通", "preferred"),
            ("en", "Bay Area Connect", "preferred"),
            ("en", "Bay Area Pass", "deprecated"),
            notes={"en": "Rules aligned across the Bay Area.", "zh-Hant": "規則銜接。"},
        ),
        "hard": add(
            session,
            "hard",
            ("zh-Hans", "硬联通", "preferred"),
            ("en", "hard connectivity", "preferred"),
        ),
        "ai": add(
            session,
            "ai",
            ("zh-Hans", "人工智能+", "preferred"),
            ("zh-Hant-TW", "人工智慧+", "preferred"),
            ("en", "AI Plus", "preferred"),
            ("en", "AI+", "admitted"),
        ),
    }


def test_index_from_the_database(session, base) -> None:
    index = build_term_index(session)
    hits = index.find("深入實施灣區通，加強硬聯通。AI+ 行動")
    assert [(h.text, h.concept_ids) for h in hits] == [
        ("灣區通", (base["connect"],)),
        ("硬聯通", (base["hard"],)),
        ("AI+", (base["ai"],)),
    ]
    card = index.card(base["connect"])
    assert card is not None and card.notes["en"].startswith("Rules")


def test_index_follows_the_change_log(session, base) -> None:
    feed = ChangeFeed.starting_now(session)
    index = build_term_index(session)
    concept = concepts.get_concept(session, base["connect"])
    record = concepts.concept_to_record(concept)
    changed = record.__class__(
        **{
            **{f: getattr(record, f) for f in record.__slots__},
            "terms": (
                *record.terms,
                TermRecord("湾区通", "zh-Hans", "preferred"),
                TermRecord("深港通", "zh-Hant", "admitted"),
            ),
        }
    )
    concepts.update_concept(session, concept, changed, actor="test")
    concepts.delete_concept(session, concepts.get_concept(session, base["hard"]), actor="test")
    session.commit()

    updated = update_term_index(index, session, feed.poll(session))
    assert [h.concept_ids for h in updated.find("深港通")] == [(base["connect"],)]
    assert updated.find("硬联通") == []
    assert index.find("硬联通") != []  # the index it came from is unchanged
    assert update_term_index(updated, session, feed.poll(session)) is updated


@pytest.mark.parametrize(
    ("query", "mode", "expected"),
    [
        ("湾区通", "exact", "connect"),  # Simplified finds Traditional
        ("灣區通", "exact", "connect"),
        ("bay area connect", "exact", "connect"),  # case
        ("硬聯通", "exact", "hard"),  # Traditional finds Simplified
        ("灣區", "prefix", "connect"),
        ("Bay Area", "prefix", "connect"),
        ("區通", "contains", "connect"),
        ("connectivity", "contains", "hard"),
        ("人工智能", "prefix", "ai"),
        ("bay aera conect", "fuzzy", "connect"),
        ("硬連通", "fuzzy", "hard"),
    ],
)
def test_search(session, base, query, mode, expected) -> None:
    for index in (None, build_term_index(session)):
        hits = search_terms(session, query, mode, index=index)
        assert hits and hits[0].card.id == base[expected], (query, mode, index)
        assert len({h.card.id for h in hits}) == len(hits)


def test_search_scores_and_limits(session, base) -> None:
    (exact,) = search_terms(session, "AI+", "exact")
    assert exact.score == 1.0 and exact.term.text == "AI+"
    assert search_terms(session, "%", "contains") == []  # LIKE wildcards are literal
    assert search_terms(session, "_", "prefix") == []
    assert len(search_terms(session, "a", "contains", limit=2)) == 2
    with pytest.raises(ValueError, match="mode"):
        search_terms(session, "x", "regex")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="empty"):
        search_terms(session, "\u200b ", "exact")


def test_renderings_in_the_script_asked_for(session, base) -> None:
    index = build_term_index(session)
    connect = index.card(base["connect"])
    ai = index.card(base["ai"])
    assert connect is not None and ai is not None

    hans = renderings(connect, "zh-Hans")
    assert hans["preferred"] == {
        "text": "湾区通",
        "lang": "zh-Hant",
        "status": "preferred",
        "converted": True,
        "converted_from": "灣區通",
    }
    assert renderings(connect, "zh-Hant-HK")["preferred"]["text"] == "灣區通"
    assert "converted" not in renderings(connect, "zh-Hant-HK")["preferred"]
    english = renderings(connect, "en")
    assert english["preferred"]["text"] == "Bay Area Connect"
    assert [t["text"] for t in english["deprecated"]] == ["Bay Area Pass"]

    # A stored Traditional form, even of another region, beats converting the Simplified one.
    assert renderings(ai, "zh-Hant-TW")["preferred"]["text"] == "人工智慧+"
    assert renderings(ai, "zh-Hant-HK")["preferred"]["text"] == "人工智慧+"
    assert renderings(ai, "zh-Hans")["preferred"]["text"] == "人工智能+"
    assert renderings(ai, "ja")["preferred"] is None


@pytest.mark.slow  # every form of the whole term base
def test_search_in_memory_equals_the_database_over_the_shipped_term_base(session) -> None:
    import random

    from glossary.formats.termbase_toml import read_termbase
    from glossary.store.shipped import install_termbase
    from glossary.text import fold
    from tests.conftest import ROOT

    install_termbase(session, read_termbase(ROOT / "tm_data" / "termbase"), actor="test")
    session.commit()
    index = build_term_index(session)
    forms = sorted(f for f, _ in index.forms())
    rng = random.Random(4)
    queries = ["a", "區", "区", "通", "bay", "BAY AREA", "dual", "的", "+", "connect", "zz"]
    for form in rng.sample(forms, 60):
        start = rng.randrange(len(form))
        queries.append(form[start : start + rng.randint(1, 4)])
        queries.append(form)
    for query in (q for q in queries if fold(q)):
        for mode in ("exact", "prefix", "contains"):
            for limit in (1, 20):
                in_db = search_terms(session, query, mode, limit=limit)
                in_memory = search_terms(session, query, mode, limit=limit, index=index)
                assert [(h.card.id, h.term.id, h.score) for h in in_memory] == [
                    (h.card.id, h.term.id, h.score) for h in in_db
                ], (query, mode, limit)
