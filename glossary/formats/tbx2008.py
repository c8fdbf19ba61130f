"""TBX 2008 (ISO 30042:2008, ``martif``): what OmegaT and translate-toolkit read.

Reading accepts TBX-Basic, TBX-Default and what tools actually write: ``tig``
and ``ntig``, repeated language sets, any DOCTYPE (never loaded) or none,
UTF-16 and legacy encodings, a missing ``martifHeader``. Writing produces
TBX-Basic with ``tig`` and the DOCTYPE ``TBXcoreStructV02.dtd``; it is valid
against that DTD (except an export of nothing: the DTD wants at least one
entry, and an empty ``<body/>`` is what readers take best).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO

from glossary.formats.tbxread import read_tbx
from glossary.formats.tbxwrite import V2, write_tbx
from glossary.formats.termbase import Entry, Notice, ReadOptions, TermbaseFormat, WriteOptions
from glossary.records import ConceptRecord


class Tbx2008Format(TermbaseFormat):
    name = "tbx2008"
    title = "TBX 2008 (martif, TBX-Basic)"
    extensions = (".tbx",)
    media_type = "application/x-tbx+xml"

    def read(self, stream: IO[bytes], options: ReadOptions) -> Iterator[Entry | Notice]:
        return read_tbx(stream, options)

    def write(
        self, records: Iterable[ConceptRecord], stream: IO[bytes], options: WriteOptions
    ) -> None:
        write_tbx(records, stream, options, V2)
