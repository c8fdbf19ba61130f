"""Cutting a text at marked spans, for the pages that mark parts of a text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def cut(text: str, spans: Iterable[tuple[int, int, Any]]) -> list[tuple[str, Any]]:
    """``text`` cut at ``(start, end, item)`` spans: (piece, item) and (piece, None) in order.

    Spans are taken in order of their start; one that overlaps the span before
    it is left out, so every character is shown once.
    """
    out: list[tuple[str, Any]] = []
    at = 0
    for start, end, item in sorted(spans, key=lambda span: span[0]):
        if start < at:
            continue
        if start > at:
            out.append((text[at:start], None))
        out.append((text[start:end], item))
        at = end
    if at < len(text):
        out.append((text[at:], None))
    return out
