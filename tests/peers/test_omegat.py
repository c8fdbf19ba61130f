"""OmegaT 3.6 (Debian's ``omegat``) reads our TBX 2008 and TSV exports with its own glossary readers.

A Groovy script run in console mode calls OmegaT's ``GlossaryReaderTBX`` and
``GlossaryReaderTSV`` on the two files in a zh-TW → en-GB project and writes
every entry they find (notes/protocols.md §4.3, Appendices B and C).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.peers.conftest import preferred_pairs

OMEGAT = Path("/usr/share/omegat/OmegaT.jar")
pytestmark = pytest.mark.skipif(
    not OMEGAT.exists() or shutil.which("java") is None,
    reason="OmegaT is not installed (Debian package omegat, listed in .ci/debian-packages)",
)

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

SCRIPT = """import org.omegat.gui.glossary.*
def base = "%(project)s/"
def out = new File(base + "dump.txt"); out.text = ""
["glossary/glossary.tbx", "glossary/glossary.txt"].each { p ->
  def f = new File(base + p)
  def entries = p.endsWith(".tbx") ? GlossaryReaderTBX.read(f, false) : GlossaryReaderTSV.read(f, false)
  entries.each { e -> out << "${p}\\t${e.getSrcText()}\\t${e.getLocText()}\\n" }
}
"""


def test_omegat_finds_the_preferred_renderings(shipped, tmp_path: Path) -> None:
    project = tmp_path / "project"
    for folder in ("source", "target", "tm", "glossary", "dictionary", "omegat"):
        (project / folder).mkdir(parents=True)
    (project / "omegat.project").write_text(PROJECT, encoding="utf-8")
    (project / "source" / "doc.txt").write_text("推動灣區通。\n", encoding="utf-8")
    query = "?source_lang=zh-Hant&target_lang=en"
    for fmt, name in (("tbx2008", "glossary.tbx"), ("tsv", "glossary.txt")):
        response = shipped.get(f"/api/termbase/export/{fmt}{query}")
        assert response.status_code == 200
        (project / "glossary" / name).write_bytes(response.data)
    script = tmp_path / "dump.groovy"
    script.write_text(SCRIPT % {"project": project}, encoding="utf-8")

    run = subprocess.run(
        [
            "java",
            "-Djava.awt.headless=true",
            "-jar",
            str(OMEGAT),
            str(project),
            "--mode=console-translate",
            f"--script={script}",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    rows = [
        line.split("\t") for line in (project / "dump.txt").read_text(encoding="utf-8").splitlines()
    ]
    found = {(src, loc) for path, src, loc in rows if path.endswith(".tbx")}
    tsv = {(src, loc) for path, src, loc in rows if path.endswith(".txt")}

    wanted = preferred_pairs("zh-Hant", "en")
    assert len(wanted) >= 10
    # OmegaT pairs every source term with every target term of a TBX entry; the
    # preferred renderings are among them.
    assert wanted <= found
    # The TSV gives each source term its preferred rendering and nothing else.
    assert wanted <= tsv
    targets_per_source = {src: {loc for s, loc in tsv if s == src} for src, _ in tsv}
    assert all(len(v) == 1 for v in targets_per_source.values())
