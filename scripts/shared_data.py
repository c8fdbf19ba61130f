"""Where the shared research data lives, for the benchmarks that read real corpora.

``GLOSSARY_SHARED_DIR``, or the ``shared`` folder beside the checkout or beside
a folder above it (a worktree). The data there is read at run time and never
copied into the repository (its licences forbid shipping it).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def find_shared() -> Path:
    if os.environ.get("GLOSSARY_SHARED_DIR"):
        return Path(os.environ["GLOSSARY_SHARED_DIR"])
    for folder in ROOT.parents:
        if (folder / "shared" / "external").is_dir():
            return folder / "shared"
    return ROOT.parent / "shared"
