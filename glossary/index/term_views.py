"""What a reader sees of a concept found by lookup or recognition.

Plain dicts built from ``ConceptCard`` records (no query): the renderings in a
wanted language, best stored variety first (``glossary.lang.match_rank``), and
the background note. When no stored form has the wanted Chinese script, the
forms of the other script are converted with OpenCC and marked
``"converted": true``, so a reader knows no editor wrote that form.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from glossary import lang
from glossary.index.terms import (
    STATUS_ORDER,
    ConceptCard,
    IndexedTerm,
    SearchHit,
    TermHit,
    TermIndex,
)
from glossary.text import fold, fold_char, fold_with_offsets, has_han
from glossary.text.script import convert_script

__all__ = [
    "annotate",
    "default_target",
    "display_tag",
    "hit_to_dict",
    "note",
    "query_span",
    "renderings",
    "search_hit_to_dict",
]


# Remembered views per term index (renderings and notes per concept and language).
VIEW_CACHE = 50_000


def display_tag(raw: str) -> str:
    """The canonical tag to show results in; bare ``zh`` shows Simplified.

    :raises lang.LanguageError: for a tag that cannot be understood.
    """
    tag = lang.canonical(raw)
    return "zh-Hans" if tag == "zh" else tag


def default_target(text_lang: str | None, text: str) -> str:
    """English for Chinese text, Simplified Chinese for anything else."""
    chinese = lang.is_chinese(text_lang) if text_lang else has_han(text)
    return "en" if chinese else "zh-Hans"


def _region_fits(wanted: lang.Tag, stored: str) -> int:
    region = lang.parse(stored).region
    return 1 if region is None or region == wanted.region else 0


def _term(term: IndexedTerm, text: str | None = None, source: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"text": text or term.text, "lang": term.lang, "status": term.status}
    if source is not None:
        out["converted"] = True
        out["converted_from"] = term.text
    return out


def renderings(card: ConceptCard, wanted: str) -> dict[str, Any]:
    """The concept's terms in ``wanted`` (a canonical tag), grouped by status.

    Only the best-fitting stored variety is shown: for ``zh-Hant-HK``, a
    ``zh-Hant-HK`` form, else a plain ``zh-Hant`` one, else another Traditional
    one, else the Simplified forms converted.
    """
    target = lang.parse(wanted)
    scored = []
    for term in card.terms:
        rank = lang.match_rank(wanted, term.lang)
        if rank:
            scored.append(((rank, _region_fits(target, term.lang)), term))
    result: dict[str, Any] = {
        "lang": wanted,
        "preferred": None,
        "admitted": [],
        "deprecated": [],
        "forbidden": [],
    }
    if not scored:
        return result
    best = max(key for key, _ in scored)
    chosen = sorted((t for key, t in scored if key == best), key=lambda t: STATUS_ORDER[t.status])
    convert = target.language == "zh" and target.script is not None and best[0] < 2
    for term in chosen:
        if convert:
            source = lang.parse(term.lang)
            text = convert_script(
                term.text, target.script or "", region=target.region, source_region=source.region
            )
            item = _term(term, text, term.lang)
        else:
            item = _term(term)
        if term.status == "preferred" and result["preferred"] is None:
            result["preferred"] = item
        else:
            result["admitted" if term.status == "preferred" else term.status].append(item)
    return result


def note(card: ConceptCard, preferences: Sequence[str]) -> dict[str, str] | None:
    """The background note in the first preferred language that has one, else any."""
    if not card.notes:
        return None
    for wanted in preferences:
        rank, tag = max((lang.match_rank(wanted, tag), tag) for tag in card.notes)
        if rank > 0:
            return {"lang": tag, "text": card.notes[tag]}
    tag = min(card.notes)
    return {"lang": tag, "text": card.notes[tag]}


def _matched_term(hit: TermHit, text_lang: str | None) -> IndexedTerm:
    """Of the terms behind a hit, the one the text most likely used."""
    written = "".join(hit.text.split())

    def key(term: IndexedTerm) -> tuple[int, int, int]:
        same_text = 0 if "".join(term.text.split()) == written else 1
        rank = lang.match_rank(text_lang, term.lang) if text_lang else 0
        return (same_text, -rank, STATUS_ORDER.get(term.status, 9))

    return min(hit.terms, key=key)


def _memo(index: TermIndex, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
    """``make()``, remembered by the index (its cards never change, so neither does the
    result). Bounded: past VIEW_CACHE entries the memory starts again."""
    cache = index.view_cache
    value = cache.get(key)
    if value is None:
        if len(cache) >= VIEW_CACHE:
            cache.clear()
        value = cache[key] = make()
    return value


def hit_to_dict(
    hit: TermHit, index: TermIndex, target: str, text_lang: str | None
) -> dict[str, Any]:
    """One recognised occurrence, with its concept's renderings in ``target``.

    All but the offsets and the text depend only on which terms the hit found,
    how it was written, the target and the text's language: that part is made
    once per index and shared by every request that finds it, so the dict is
    new but what it holds must not be changed.
    """
    view = _memo(
        index,
        ("hit", id(hit.terms), hit.text, target, text_lang),
        lambda: _hit_view(hit, index, target, text_lang),
    )
    return {"start": hit.start, "end": hit.end, "text": hit.text, **view}


def _hit_view(hit: TermHit, index: TermIndex, target: str, text_lang: str | None) -> dict[str, Any]:
    term = _matched_term(hit, text_lang)
    card = index.card(term.concept_id)
    assert card is not None, "an index holds the card of every term it finds"
    shown = _memo(index, ("renderings", card.id, target), lambda: renderings(card, target))
    prefs = [target, text_lang] if text_lang else [target]
    return {
        "concept_id": card.id,
        "term": _memo(index, ("term view", term.id), lambda: _term_view(term)),
        "status": term.status,
        "concept_status": card.status,
        "subject_field": card.subject_field,
        "preferred": shown["preferred"],
        "admitted": shown["admitted"],
        "deprecated": shown["deprecated"],
        "forbidden": shown["forbidden"],
        "note": _memo(index, ("note", card.id, *prefs), lambda: note(card, prefs)),
        "other_concepts": [i for i in hit.concept_ids if i != card.id],
    }


def _term_view(term: IndexedTerm) -> dict[str, Any]:
    return {"id": term.id, "text": term.text, "lang": term.lang, "status": term.status}


def annotate(
    index: TermIndex, text: str, target: str, text_lang: str | None = None
) -> list[dict[str, Any]]:
    """Every term occurrence in ``text`` as the API and the command show it."""
    return [hit_to_dict(h, index, target, text_lang) for h in index.find(text)]


def query_span(key: str, text: str, folded: str | None = None) -> list[int] | None:
    """Where the folded query ``key`` lies in ``text``, as code points of ``text``.

    ``folded`` is ``fold(text)`` when known (an index keeps it): when every character
    folds to one and the lengths agree (no space was dropped), its offsets are the
    text's and nothing is folded again. None when the key is not in the text (a
    fuzzy match), so a page marks only what matched.
    """
    one_to_one = folded is not None and len(folded) == len(text)
    if one_to_one and all(len(fold_char(c)) == 1 for c in text):
        assert folded is not None
        at = folded.find(key) if key else -1
        return [at, at + len(key)] if at >= 0 else None
    with_offsets = fold_with_offsets(text)
    at = with_offsets.text.find(key) if key else -1
    if at < 0:
        return None
    start, end = with_offsets.span(at, at + len(key))
    return [start, end]


def search_hit_to_dict(
    hit: SearchHit,
    languages: Sequence[str],
    index: TermIndex | None = None,
    query: str | None = None,
) -> dict[str, Any]:
    """One concept found by search, shown in each of ``languages`` (canonical tags).

    With the index the search used, renderings and notes are remembered by it.
    ``matched`` is the term the concept was found through, with its status (the
    reason it matched) and, given the ``query``, where the query lies in it.
    """
    card = hit.card
    key = fold(query) if query else ""

    def shown(wanted: str) -> dict[str, Any]:
        if index is None:
            return renderings(card, wanted)
        return _memo(index, ("renderings", card.id, wanted), lambda: renderings(card, wanted))

    return {
        "concept_id": card.id,
        "score": hit.score,
        "matched": {
            "id": hit.term.id,
            "text": hit.term.text,
            "lang": hit.term.lang,
            "status": hit.term.status,
            "span": query_span(key, hit.term.text, hit.term.folded) if key else None,
        },
        "concept_status": card.status,
        "subject_field": card.subject_field,
        "renderings": [shown(wanted) for wanted in languages],
        "note": note(card, languages)
        if index is None
        else _memo(index, ("note", card.id, *languages), lambda: note(card, languages)),
    }
