"""TBX 2008 (ISO 30042:2008, ``martif``): what OmegaT and translate-toolkit read.

Reading accepts TBX-Basic, TBX-Default and what tools actually write: ``tig``
and ``ntig``, repeated language sets, any DOCTYPE (never loaded) or none,
UTF-16 and legacy encodings, a missing ``martifHeader``. Writing produces
TBX-Basic with ``tig`` and the DOCTYPE ``TBXcoreStructV02.dtd``; it is valid
against that DTD (except an export of nothing: the DTD wants at least one
entry, and an empty ``<body/>`` is what readers take best).
"""

from __future__ import annotations

from glossary.formats.tbx import TbxFormat
from glossary.formats.tbxwrite import V2


class Tbx2008Format(TbxFormat):
    name = "tbx2008"
    title = "TBX 2008 (martif, TBX-Basic)"
    dialect = V2
