"""TBX v3 (ISO 30042:2019): read TBX-Core, TBX-Min, TBX-Basic and private dialects; write TBX-Basic.

Reading accepts the DCA style (``<descrip type="subjectField">``) and the DCT
style (``<min:subjectField>``), with or without the namespace, with any
``type`` (IATE writes ``TBX-IATE``) and without ``style``. Writing produces
TBX-Basic in DCA style: ``<tbx type="TBX-Basic" style="dca">`` in the namespace
``urn:iso:std:iso:30042:ed-2``, no DOCTYPE.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO

from glossary.formats.tbxread import read_tbx
from glossary.formats.tbxwrite import V3, Dialect, write_tbx
from glossary.formats.termbase import Entry, Notice, ReadOptions, TermbaseFormat, WriteOptions
from glossary.records import ConceptRecord


class TbxFormat(TermbaseFormat):
    name = "tbx"
    title = "TBX v3 (TBX-Basic)"
    extensions = (".tbx",)
    media_type = "application/x-tbx+xml"
    # What the writer produces; one reader serves both dialects.
    dialect: Dialect = V3

    def read(self, stream: IO[bytes], options: ReadOptions) -> Iterator[Entry | Notice]:
        return read_tbx(stream, options)

    def write(
        self, records: Iterable[ConceptRecord], stream: IO[bytes], options: WriteOptions
    ) -> None:
        write_tbx(records, stream, options, self.dialect)
