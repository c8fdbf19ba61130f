"""Run Debian's OmegaT 3.6 headless on a project of our files (notes/protocols.md §4.3).

Console mode translates ``source/`` into ``target/`` with exact matches from
``tm/auto/``; ``--script`` runs a Groovy script with the project loaded.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

JAR = Path("/usr/share/omegat/OmegaT.jar")

requires_omegat = pytest.mark.skipif(
    not JAR.exists() or shutil.which("java") is None,
    reason="OmegaT is not installed (Debian package omegat, listed in .ci/debian-packages)",
)

# Appendix C of notes/protocols.md: a zh-TW → en-GB project, one segment per paragraph.
PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat><project version="1.0">
  <source_dir>__DEFAULT__</source_dir><target_dir>__DEFAULT__</target_dir>
  <tm_dir>__DEFAULT__</tm_dir><glossary_dir>__DEFAULT__</glossary_dir>
  <glossary_file>__DEFAULT__</glossary_file><dictionary_dir>__DEFAULT__</dictionary_dir>
  <source_lang>zh-TW</source_lang><target_lang>en-GB</target_lang>
  <source_tok>org.omegat.tokenizer.LuceneSmartChineseTokenizer</source_tok>
  <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
  <sentence_seg>false</sentence_seg>
  <support_default_translations>true</support_default_translations>
  <remove_tags>false</remove_tags>
</project></omegat>
"""


def make_project(root: Path, paragraphs: list[str]) -> Path:
    """An empty zh-TW → en-GB project whose one source file holds ``paragraphs``."""
    for folder in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (root / folder).mkdir(parents=True)
    (root / "omegat.project").write_text(PROJECT, encoding="utf-8")
    (root / "source" / "doc.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return root


def run_omegat(project: Path, script: Path | None = None) -> None:
    """Translate the project in console mode (about 4 s), running ``script`` if given."""
    command = ["java", "-Djava.awt.headless=true", "-jar", str(JAR), str(project)]
    command.append("--mode=console-translate")
    if script is not None:
        command.append(f"--script={script}")
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
