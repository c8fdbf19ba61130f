"""The folded key: one string that makes equal what a translator sees as equal.

Per character: NFKC (full width → half width, compatibility ideographs → unified),
case folding, Traditional → Simplified (OpenCC ``t2s``, plus its Hong Kong and
Taiwan variant tables), and corner brackets → curly quotes (「」 is how Traditional
text quotes what Simplified writes with “”). Zero-width characters vanish.

Per text: whitespace between two CJK characters, or between a CJK character and
a digit, is removed (a line break in a newspaper column is not a space); other
whitespace runs become one space; ends are stripped.

The conversion is character by character on purpose: OpenCC's phrase tables can
change a text's length, and a key that keeps one folded character per original
character lets every match point back into the original text. Both sides of
every comparison go through the same fold, so phrase-level niceties (乾隆 vs 乾燥)
cannot make two equal texts differ.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np

from glossary.text.fold_quick import one_to_one, single_spaced
from glossary.text.fold_tables import (
    _CJK_AFTER,
    _CJK_BEFORE,
    _DIGIT_AFTER,
    _NUMBER_BEFORE,
    _SPACE,
    INVISIBLE,
    SPACE,
    TABLE_SIZE,
    Tables,
    join_re,
    tables,
)

__all__ = ["Folded", "fold", "fold_char", "fold_many", "fold_with_offsets"]

# Below this length the str.translate path of fold() is faster than numpy's setup.
SHORT = 64
# Joins the texts that fold_many folds in one go: a control character that folds
# to itself, is neither space nor CJK (so no line join reaches across it), and
# that no stored segment may hold.
_SEPARATOR = "\x01"


def fold_char(ch: str) -> str:
    """The fold of one character (possibly empty or several characters)."""
    return tables().mapping.get(ord(ch), ch)


def fold(text: str) -> str:
    """The folded key of ``text``.

    >>> fold("灣區通") == fold("湾区通") == "湾区通"
    True
    >>> fold("規上\\n工業")
    '规上工业'
    """
    if len(text) > SHORT:
        return fold_with_offsets(text).text
    return _fold_translate(text)


def fold_many(texts: list[str]) -> list[str]:
    """``[fold(t) for t in texts]``, several times faster for many short texts.

    The texts are folded as one, joined by a separator the fold keeps and no
    join crosses; each piece is then trimmed as fold() trims a whole text.
    Texts in plain ASCII go apart (lower case and spaces are all the fold does
    to them). A text that holds the separator itself, or a batch that is not
    NFC, takes the one-by-one path.
    """
    if len(texts) < 2:
        return [fold(t) for t in texts]
    ascii_ = [i for i, t in enumerate(texts) if t.isascii()]
    if not ascii_ or len(ascii_) == len(texts):
        return _fold_joined(texts, ascii_=bool(ascii_))
    others = [i for i, t in enumerate(texts) if not t.isascii()]
    folded = [""] * len(texts)
    for group, is_ascii in ((ascii_, True), (others, False)):
        pieces = _fold_joined([texts[i] for i in group], ascii_=is_ascii)
        for i, text in zip(group, pieces, strict=True):
            folded[i] = text
    return folded


def _fold_joined(texts: list[str], *, ascii_: bool) -> list[str]:
    if ascii_:
        # The fold of ASCII: lower case, whitespace runs (str.isspace's) made one
        # space, the ends stripped; str.split does the last two best.
        return [" ".join(t.lower().split()) for t in texts]
    joined = _SEPARATOR.join(texts)
    if unicodedata.is_normalized("NFC", joined):
        pieces = fold_with_offsets(joined).text.split(_SEPARATOR)
    else:
        pieces = []
    if len(pieces) == len(texts):
        return [piece.strip(" ") for piece in pieces]
    return [fold(t) for t in texts]


def _fold_translate(text: str) -> str:
    """fold() with a regex and str.translate: quicker for short texts, and the
    reference the vectorised path is tested against."""
    if not unicodedata.is_normalized("NFC", text):
        return _fold_by_cluster(text).text
    folded = join_re().sub("", text).translate(tables().mapping)
    if not unicodedata.is_normalized("NFC", folded):
        # A mark after a character that expanded ("ﬁ" + U+0301 → "fi" + U+0301).
        return _fold_by_cluster(text).text
    if "  " in folded:
        return " ".join(part for part in folded.split(" ") if part)
    return folded.strip(" ")


@dataclass(frozen=True)
class Folded:
    """A folded text with, for each folded character, the original span it came from.

    ``starts[i]`` is where folded character ``i`` came from; it ends at
    ``ends[i]``, which is ``starts[i] + 1`` except after combining marks.
    """

    text: str
    starts: np.ndarray
    # None when every end is its start + 1 (the usual case): not stored then.
    cluster_ends: np.ndarray | None = None

    @property
    def ends(self) -> np.ndarray:
        return self.starts + 1 if self.cluster_ends is None else self.cluster_ends

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map the folded slice ``[start, end)`` to a slice of the original text."""
        if end <= start:
            raise ValueError("empty span")
        if self.cluster_ends is not None:
            return int(self.starts[start]), int(self.cluster_ends[end - 1])
        return int(self.starts[start]), int(self.starts[end - 1]) + 1

    def spans(self, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``span`` for arrays of non-empty folded slices at once."""
        last = ends - 1
        if self.cluster_ends is not None:
            return self.starts[starts], self.cluster_ends[last]
        return self.starts[starts], self.starts[last] + 1


_EMPTY = np.zeros(0, dtype=np.int64)
# Lone surrogates (which JSON can carry) pass through unchanged rather than fail.
_CODEC = ("utf-32-le", "surrogatepass")


def fold_with_offsets(text: str) -> Folded:
    """Fold ``text`` and keep a map from every folded character to the original.

    ``fold_with_offsets(t).text == fold(t)`` for every ``t``. Segments and
    sentences that need no more than one table lookup per character take a quick
    path (glossary.text.fold_quick). Otherwise vectorised with numpy: one table
    lookup per character, then the few characters that vanish or expand, the
    line joins and the space runs are handled as whole arrays.
    Arrays stay small (one byte per character where it can), since on long
    texts the cost is mostly memory traffic.
    """
    if not text:
        return Folded("", _EMPTY)
    if not unicodedata.is_normalized("NFC", text):
        return _fold_by_cluster(text)
    quick = _fold_quick(text)
    return quick if quick is not None else _fold_general(text)


def _fold_general(text: str) -> Folded:
    """fold_with_offsets of a non-empty NFC text without the quick paths: numpy's."""
    table = tables()
    raw = np.frombuffer(text.encode(*_CODEC), dtype=np.uint32)
    if int(raw.max()) < TABLE_SIZE:
        index = raw
        codes = table.codes[raw]
    else:
        inside = raw < TABLE_SIZE
        index = np.where(inside, raw, 0)
        codes = np.where(inside, table.codes[index], raw)
    lengths = table.lengths[index]
    joined = _joined(table.classes[index])
    if joined is not None:
        lengths[joined] = 0
    position = np.int32 if len(raw) < 2**31 - 1 else np.int64
    if lengths.min() == 1 and lengths.max() == 1:
        origins = np.arange(len(raw), dtype=position)
    else:
        codes, origins = _expand(codes, lengths, index, table, position)
    codes, origins = _collapse_spaces(codes, origins)
    folded = codes.astype("<u4", copy=False).tobytes().decode(*_CODEC)
    if not unicodedata.is_normalized("NFC", folded):
        return _fold_by_cluster(text)
    return Folded(folded, origins)


# Texts below these lengths try the quick folds first (glossary.text.fold_quick);
# past them numpy's general path is the quicker.
SHORT_OFFSETS = 96
MIDDLE_OFFSETS = 1024


def _fold_quick(text: str) -> Folded | None:
    """The fold of an NFC text by a quick path, or None when it needs the general one."""
    # A space is the usual reason the first cannot fold a text: then go straight on.
    quick = one_to_one(text) if len(text) < SHORT_OFFSETS and " " not in text else None
    if quick is None and len(text) < MIDDLE_OFFSETS:
        quick = single_spaced(text)
    # A mark that composes with what it follows once folded needs the general path.
    if quick is None or not unicodedata.is_normalized("NFC", quick[0]):
        return None
    return Folded(*quick)


def _joined(classes: np.ndarray) -> np.ndarray | None:
    """Where _join_re would match: whole runs of spaces that a line join removes.

    A run goes when it sits between two CJK characters, between a CJK character
    and a digit, or between a digit or percent sign and a CJK character.
    """
    space = (classes & _SPACE) != 0
    runs = np.flatnonzero(space)
    if not len(runs):
        return None
    # Spaces are few in Chinese text: work on their positions, not on the whole text.
    breaks = np.flatnonzero(np.diff(runs) != 1)
    starts = runs[np.concatenate(([0], breaks + 1))]
    ends = runs[np.concatenate((breaks, [len(runs) - 1]))] + 1
    padded = np.concatenate((classes, np.zeros(1, dtype=np.uint8)))
    before = np.where(starts > 0, padded[starts - 1], 0)
    after = padded[ends]
    goes = (((before & _CJK_BEFORE) != 0) & ((after & (_CJK_AFTER | _DIGIT_AFTER)) != 0)) | (
        ((before & _NUMBER_BEFORE) != 0) & ((after & _CJK_AFTER) != 0)
    )
    if not goes.any():
        return None
    joined = np.zeros(len(classes), dtype=bool)
    run_of = np.searchsorted(starts, runs, side="right") - 1
    joined[runs[goes[run_of]]] = True
    return joined


def _expand(
    codes: np.ndarray,
    lengths: np.ndarray,
    index: np.ndarray,
    table: Tables,
    position: type[np.signedinteger],
) -> tuple[np.ndarray, np.ndarray]:
    """Repeat every character as often as it folds to (0, 1 or more times), in one go."""
    origins = np.repeat(np.arange(len(codes), dtype=position), lengths)
    out = np.repeat(codes, lengths)
    multi = np.flatnonzero(lengths > 1)
    if len(multi):
        # Where each expanding character's output starts: its position plus
        # what the characters before it added or removed.
        odd = np.flatnonzero(lengths != 1)
        growth = lengths[odd].astype(np.int64) - 1
        before = np.cumsum(growth) - growth
        first = multi + before[np.searchsorted(odd, multi)]
        counts = lengths[multi].astype(np.int64)
        local = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        source = np.repeat(table.expansion_at[index[multi]], counts) + local
        out[np.repeat(first, counts) + local] = table.expansions[source]
    return out, origins


def _collapse_spaces(codes: np.ndarray, origins: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keep one space per run and none at either end."""
    is_space = codes == SPACE
    if not is_space.any():
        return codes, origins
    after_space = np.concatenate(([True], is_space[:-1]))
    drop = is_space & after_space
    if drop.any():
        codes, origins = codes[~drop], origins[~drop]
    if len(codes) and codes[-1] == SPACE:
        codes, origins = codes[:-1], origins[:-1]
    return codes, origins


def _fold_by_cluster(text: str) -> Folded:
    """The slow path for combining marks: fold each base character with its marks.

    Every folded character of a cluster points at the whole cluster.
    """
    dropped = np.zeros(len(text), dtype=bool)
    for m in join_re().finditer(text):
        dropped[m.start() : m.end()] = True
    mapping = tables().mapping
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        # Invisible characters ride along too: they vanish, and a mark after
        # one still belongs to the character before it.
        while j < len(text) and (unicodedata.combining(text[j]) or text[j] in INVISIBLE):
            j += 1
        if not dropped[i]:
            cluster = unicodedata.normalize("NFC", text[i:j])
            piece = "".join(mapping.get(ord(c), c) for c in cluster)
            for c in unicodedata.normalize("NFC", piece):
                if c == " " and (not chars or chars[-1] == " "):
                    continue
                chars.append(c)
                starts.append(i)
                ends.append(j)
        i = j
    if chars and chars[-1] == " ":
        chars.pop()
        starts.pop()
        ends.pop()
    return Folded("".join(chars), np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64))
