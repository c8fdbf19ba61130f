"""The shipped term base reads cleanly and is consistent."""

from pathlib import Path

import pytest

from glossary import lang
from glossary.formats.errors import FormatError
from glossary.formats.termbase_toml import read_termbase
from glossary.store.concepts import normalize_concept
from glossary.text import fold
from tests.conftest import ROOT

SHIPPED = list(read_termbase(ROOT / "tm_data" / "termbase"))


def test_every_shipped_concept_passes_the_store_rules() -> None:
    assert SHIPPED
    for record in SHIPPED:
        normalize_concept(record)  # raises with every broken rule


def test_ids_are_unique() -> None:
    refs = [r.ref for r in SHIPPED]
    assert len(refs) == len(set(refs))


@pytest.mark.parametrize("record", SHIPPED, ids=lambda r: r.ref)
def test_traditional_and_simplified_forms_agree(record) -> None:
    """Each concept has both scripts, and they are the same text once folded."""
    preferred = {t.lang: t.text for t in record.terms if t.status == "preferred"}
    assert "zh-Hant" in preferred and "zh-Hans" in preferred and "en" in preferred
    assert fold(preferred["zh-Hant"]) == fold(preferred["zh-Hans"])
    assert record.notes.get("en") and record.sources


def test_reader_reports_file_and_concept(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[concept]]\nid = "x"\nen = ["two", "preferred"]\n', encoding="utf-8")
    with pytest.raises(FormatError, match="bad.toml: concept 'x'"):
        list(read_termbase(bad))
    broken = tmp_path / "broken.toml"
    broken.write_text("[[concept]\n", encoding="utf-8")
    with pytest.raises(FormatError, match="broken.toml"):
        list(read_termbase(broken))


def test_status_suffixes_and_region_tags(tmp_path: Path) -> None:
    file = tmp_path / "t.toml"
    file.write_text(
        '[[concept]]\nid = "a"\nzh-Hant-HK = "綫"\nen = "line"\nen-deprecated = ["wire"]\n',
        encoding="utf-8",
    )
    (record,) = read_termbase(file)
    assert [(t.lang, t.text, t.status) for t in record.terms] == [
        ("zh-Hant-HK", "綫", "preferred"),
        ("en", "line", "preferred"),
        ("en", "wire", "deprecated"),
    ]
    assert lang.script_of(record.terms[0].lang) == "Hant"
