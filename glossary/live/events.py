"""From recognition passes to events: settled hits, provisional hits, withdrawals.

A provisional hit is announced once and then left alone while later passes
find it again (no flicker on screen); it is withdrawn when a revision of the
tail removes it, and confirmed when it settles: the settled hit's event names
the provisional event it replaces (``"replaces": id``). Settled hits are
announced once each, in order.

Events are ``(kind, data)``; numbering them is the event log's business, but a
provisional hit must remember its event's number to be withdrawn or replaced
later, so ``Announcer`` hands numbers out as it goes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from glossary.index import term_views
from glossary.index.terms import TermHit, TermIndex
from glossary.live.recognition import NumberScan, Scan
from glossary.numbers import NumberExpr
from glossary.text import has_han, join_lines
from glossary.text.script import convert_script

__all__ = ["Announcer", "describe_term"]

ZH_SCRIPTS = ("zh-Hant", "zh-Hans")


def describe_term(hit: TermHit, index: TermIndex, target: str, text_lang: str | None) -> dict:
    """A term hit as /api/annotate shows it, plus Chinese for a 繁/简 switch: ``written``
    (the words as said, without line breaks, in either script) and ``zh`` (the
    concept's preferred Chinese term in either script)."""
    data = term_views.hit_to_dict(hit, index, target, text_lang)
    card = index.card(data["concept_id"])
    assert card is not None
    data["zh"] = {}
    for tag in ZH_SCRIPTS:
        preferred = term_views.renderings(card, tag)["preferred"]
        data["zh"][tag] = preferred["text"] if preferred else None
    if has_han(hit.text):
        said = join_lines(hit.text)
        data["written"] = {tag: convert_script(said, tag[3:]) for tag in ZH_SCRIPTS}
    return data


def _key(kind: str, data: dict[str, Any]) -> tuple[Any, ...]:
    fields = ("concept_id", "value", "english")
    return (kind, data["start"], data["end"], *(data.get(f) for f in fields))


@dataclass
class Announcer:
    """Turns the passes of one chunk into numbered events."""

    # The number of the last event already in the log.
    last_event: int
    # Data every event of this chunk carries (its number, when it arrived).
    stamp: dict[str, Any]
    # The provisional hits announced so far, as stored on the session.
    provisional: list[dict[str, Any]]
    events: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)

    def emit(self, kind: str, data: dict[str, Any]) -> int:
        self.last_event += 1
        self.events.append((self.last_event, kind, {**data, **self.stamp}))
        return self.last_event

    def hits(
        self,
        kind: str,
        settled: Iterable[Any],
        provisional: Iterable[Any],
        describe: Callable[[Any], dict[str, Any]],
    ) -> None:
        """Announce what settled, what is new in the tail, and withdraw what vanished."""
        old = {_key(e["kind"], e): e for e in self.provisional if e["kind"] == kind}
        others = [e for e in self.provisional if e["kind"] != kind]
        final = []
        for hit in settled:
            data = {**describe(hit), "final": True}
            replaced = old.pop(_key(kind, data), None)
            if replaced is not None:
                data["replaces"] = replaced["id"]
            final.append(data)
        kept: list[dict[str, Any]] = []
        fresh = []
        for hit in provisional:
            data = {**describe(hit), "final": False}
            entry = old.pop(_key(kind, data), None)
            if entry is not None:
                kept.append(entry)
            else:
                fresh.append(data)
        # Withdrawals first, so a screen never shows a hit and its replacement at once.
        for entry in old.values():
            taken_back = {k: v for k, v in entry.items() if k != "id"}
            self.emit("withdraw", {**taken_back, "withdraws": entry["id"]})
        for data in final:
            self.emit(kind, data)
        for data in fresh:
            number = self.emit("provisional", {**data, "kind": kind})
            kept.append(_entry(kind, number, data))
        kept.sort(key=lambda e: (e["start"], e["end"]))
        self.provisional = others + kept


def _entry(kind: str, number: int, data: dict[str, Any]) -> dict[str, Any]:
    entry = {"id": number, "kind": kind, "start": data["start"], "end": data["end"]}
    entry["text"] = data["text"]
    for name in ("concept_id", "value", "english"):
        if name in data:
            entry[name] = data[name]
    return entry


def term_passes(
    announcer: Announcer, scan: Scan, index: TermIndex, target: str, text_lang: str | None
) -> None:
    """Announce one recognition pass's terms."""
    announcer.hits(
        "term",
        scan.settled,
        scan.provisional,
        lambda hit: describe_term(hit, index, target, text_lang),
    )


def describe_number(number: NumberExpr) -> dict[str, Any]:
    return number.to_dict()


def number_passes(announcer: Announcer, scan: NumberScan) -> None:
    """Announce one pass's numbers, under the same rules as terms."""
    announcer.hits("number", scan.settled, scan.provisional, describe_number)
