"""OmegaT 3.6 (Debian's ``omegat``) reads our TBX 2008 and TSV term base exports with its own glossary readers.

A Groovy script run in console mode calls OmegaT's ``GlossaryReaderTBX`` and
``GlossaryReaderTSV`` on the two files in a zh-TW → en-GB project and writes
every entry they find (notes/protocols.md §4.3, Appendices B and C).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.peers.conftest import preferred_pairs, unusable_terms
from tests.peers.omegat import make_project, requires_omegat, run_omegat

# OmegaT is a Java program started per test: tens of seconds.
pytestmark = [pytest.mark.slow, requires_omegat]

SCRIPT = """import org.omegat.gui.glossary.*
def base = "%(project)s/"
def out = new File(base + "dump.txt"); out.text = ""
["glossary/glossary.tbx", "glossary/glossary.txt"].each { p ->
  def f = new File(base + p)
  def entries = p.endsWith(".tbx") ? GlossaryReaderTBX.read(f, false) : GlossaryReaderTSV.read(f, false)
  entries.each { e -> out << "${p}\\t${e.getSrcText()}\\t${e.getLocText()}\\n" }
}
"""


def _read_with_omegat(shipped, tmp_path: Path, query: str) -> list[list[str]]:
    """Our TBX 2008 and TSV exports as OmegaT's glossary readers see them: (file, source, target)."""
    project = make_project(tmp_path / "project", ["推動灣區通。"])
    for fmt, name in (("tbx2008", "glossary.tbx"), ("tsv", "glossary.txt")):
        response = shipped.get(f"/api/termbase/export/{fmt}{query}")
        assert response.status_code == 200
        (project / "glossary" / name).write_bytes(response.data)
    script = tmp_path / "dump.groovy"
    script.write_text(SCRIPT % {"project": project}, encoding="utf-8")
    run_omegat(project, script)
    return [
        line.split("\t") for line in (project / "dump.txt").read_text(encoding="utf-8").splitlines()
    ]


def test_a_translator_cannot_pick_a_deprecated_rendering_in_omegat(shipped, tmp_path) -> None:
    """OmegaT shows every term of an entry alike: the CAT exports hold only usable ones."""
    rows = _read_with_omegat(shipped, tmp_path / "cat", "?source_lang=zh-Hant&target_lang=en")
    offered = {(path[-3:], src, loc) for path, src, loc in rows}
    assert ("tbx", "灣區通", "Bay Area Connect") in offered
    assert ("txt", "灣區通", "Bay Area Connect") in offered
    unusable = unusable_terms("zh-Hant", "en")
    assert "Bay Area Pass" in unusable and len(unusable) >= 10
    assert not {loc for _, _, loc in offered} & unusable
    assert not {src for _, src, _ in offered} & unusable
    # Asked for every term, OmegaT would offer the deprecated one again.
    rows = _read_with_omegat(
        shipped, tmp_path / "full", "?source_lang=zh-Hant&target_lang=en&profile=full"
    )
    assert ("glossary/glossary.tbx", "灣區通", "Bay Area Pass") in {tuple(r) for r in rows}


def test_omegat_finds_the_preferred_renderings(shipped, tmp_path: Path) -> None:
    rows = _read_with_omegat(shipped, tmp_path, "?source_lang=zh-Hant&target_lang=en")
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
