"""Memories, units, bulk import and export, lookup and concordance, on both backends."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from glossary.formats.errors import FormatError
from glossary.formats.tmx import read_tmx
from glossary.models import Change, TranslationUnit
from glossary.records import UnitRecord
from glossary.store import memories as store
from glossary.store.changes import ChangeFeed
from glossary.store.errors import Conflict, Invalid, NotFound
from glossary.store.memory_export import export_tmx
from glossary.store.memory_import import import_units
from glossary.store.memory_index import apply_memory_changes, build_memory_indexes
from glossary.store.memory_lookup import LookupQuery, concordance, hidden_differences, lookup
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data"


def _unit(source: str, target: str, src: str = "zh-Hant", tgt: str = "en", **kw) -> UnitRecord:
    return UnitRecord(source, target, src, tgt, **kw)


def _count(session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(TranslationUnit))


def test_memories_are_created_listed_and_deleted_with_their_units(session) -> None:
    memory = store.create_memory(session, " policy ", "Shenzhen reports")
    assert memory.name == "policy"
    with pytest.raises(Conflict):
        store.create_memory(session, "policy")
    with pytest.raises(Invalid):
        store.create_memory(session, "a/b")
    store.add_unit(session, memory, _unit("灣區通", "Bay Area Connect"), actor="t")
    session.commit()
    assert [(m.name, n) for m, n in store.list_memories(session)] == [("policy", 1)]
    store.delete_memory(session, memory)
    session.commit()
    assert _count(session) == 0
    with pytest.raises(NotFound):
        store.get_memory(session, "policy")


def test_equal_units_are_stored_once_and_merged(session) -> None:
    memory = store.create_memory(session, "m")
    first, created = store.add_unit(
        session, memory, _unit("灣區通", "Bay Area Connect", usage_count=1), actor="a"
    )
    again, created_again = store.add_unit(
        session,
        memory,
        _unit("灣區通", "Bay Area Connect", "zh_hant", "EN", usage_count=5, note="n"),
        actor="b",
    )
    assert created and not created_again and again.id == first.id
    assert (again.usage_count, again.note) == (5, "n")
    other, created = store.add_unit(
        session, memory, _unit("灣區通", "Greater Bay Area Connect"), actor="a"
    )
    assert created and other.id != first.id
    with pytest.raises(Conflict):
        store.update_unit(session, other, _unit("灣區通", "Bay Area Connect"), actor="a")
    with pytest.raises(Invalid) as bad:
        store.add_unit(session, memory, _unit(" ", "x", "SC", "en"), actor="a")
    assert len(bad.value.errors) == 2


def test_import_takes_merges_and_reports_skips(session) -> None:
    memory = store.create_memory(session, "policy")
    report = import_units(session, memory, read_tmx(DATA / "policy.tmx"), actor="t")
    session.commit()
    assert (report.taken, report.merged, report.skipped) == (5, 0, 2)
    assert _count(session) == 5
    # The same file again: everything merges, nothing is added.
    report = import_units(session, memory, read_tmx(DATA / "policy.tmx"), actor="t")
    session.commit()
    assert (report.taken, report.merged) == (0, 5)
    assert _count(session) == 5
    # Bulk imports tell the indexes to reload the memory.
    reloads = session.scalars(
        sa.select(Change.op).where(Change.entity == "memory", Change.op == "reload")
    )
    assert list(reloads) == ["reload"]


def test_import_is_all_or_nothing(session) -> None:
    memory = store.create_memory(session, "m")
    session.commit()
    good = (DATA / "policy.tmx").read_bytes()
    broken = good[: good.index(b"gba-4")]  # cut off mid-file: the end is malformed
    with pytest.raises(FormatError):
        import_units(session, memory, read_tmx(io.BytesIO(broken)), actor="t")
    session.rollback()
    assert _count(session) == 0
    empty = (
        b'<tmx version="1.4"><header srclang="en"/><body>'
        b'<tu><tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>'
    )
    with pytest.raises(Invalid, match="no unit could be imported: no translation"):
        import_units(session, memory, read_tmx(io.BytesIO(empty)), actor="t")


@pytest.mark.parametrize("batch", [2, 5000], ids=["batches of two", "one batch"])
def test_duplicates_merge_within_a_file_across_batches_and_into_stored_units(
    session, monkeypatch, batch: int
) -> None:
    from datetime import UTC, datetime

    from glossary.store import unit_rows

    monkeypatch.setattr(unit_rows, "BATCH", batch)
    day = [datetime(2020, 1, d, tzinfo=UTC) for d in range(1, 8)]
    memory = store.create_memory(session, "m")
    stored, _ = store.add_unit(
        session,
        memory,
        _unit("灣區通", "Bay Area Connect", created_at=day[3], changed_at=day[3], usage_count=2),
        actor="api",
    )
    session.commit()
    seq = session.scalar(sa.select(sa.func.max(Change.seq)))
    units = [
        _unit(
            "規上工業", "industry above designated size", created_at=day[2], properties={"a": "1"}
        ),
        _unit("灣區通", "Bay Area Connect", created_at=day[1], note="first note"),
        _unit("規上工業", "industry above designated size", changed_at=day[6], note="n"),
        _unit("灣區通", "Bay Area Connect", changed_at=day[5], usage_count=7, note="second"),
        _unit("規上工業", "industry above designated size", usage_count=4, properties={"a": "x"}),
        _unit("灣區通", "Bay Area Connect", changed_at=day[4], properties={"tuid": "7"}),
    ]
    report = import_units(session, memory, units, actor="file")
    session.commit()
    assert (report.taken, report.merged) == (1, 5)
    unit = session.get(TranslationUnit, stored.id)
    session.refresh(unit)
    assert (unit.created_at, unit.changed_at, unit.usage_count) == (day[1], day[5], 7)
    assert (unit.note, unit.properties, unit.changed_by) == ("first note", {"tuid": "7"}, "file")
    new = session.scalar(sa.select(TranslationUnit).where(TranslationUnit.id != stored.id))
    # Its first occurrence gave the creation date, which counts as its change date too.
    assert (new.created_at, new.changed_at, new.usage_count, new.note) == (day[2], day[6], 4, "n")
    assert new.properties == {"a": "1"} and new.creator == "file"

    def changes_since(seq: int) -> set[tuple[str, int, str]]:
        query = sa.select(Change.entity, Change.entity_id, Change.op).where(Change.seq > seq)
        return {tuple(row) for row in session.execute(query)}

    assert ("memory", memory.id, "reload") in changes_since(seq)
    # Nothing new to say: a second import merges all and changes nothing.
    seq = session.scalar(sa.select(sa.func.max(Change.seq)))
    again = import_units(session, memory, units, actor="file")
    session.commit()
    assert (again.taken, again.merged) == (0, 6)
    assert session.scalar(sa.select(sa.func.max(Change.seq))) == seq
    # Only merges: each changed unit is in the change log, and nothing is reloaded.
    later = [_unit("灣區通", "Bay Area Connect", usage_count=9)]
    assert import_units(session, memory, later, actor="file").merged == 1
    session.commit()
    assert changes_since(seq) == {("unit", stored.id, "update")}


def test_export_then_import_into_an_empty_memory_gives_the_same_units(session) -> None:
    memory = store.create_memory(session, "a")
    import_units(session, memory, read_tmx(DATA / "policy.tmx"), actor="t")
    store.add_unit(
        session, memory, _unit("「雙第一」", "“Double First-Class”", note="quotes"), actor="t"
    )
    session.commit()
    out = io.BytesIO()
    # BCP 47 tags read back exactly (region tags turn plain zh-Hant into zh-TW).
    assert export_tmx(session, memory, out, region_tags=False) == 6
    copy = store.create_memory(session, "b")
    report = import_units(session, copy, read_tmx(io.BytesIO(out.getvalue())), actor="t")
    session.commit()
    assert (report.taken, report.skipped) == (6, 0)

    def units(m):
        rows = session.scalars(sa.select(TranslationUnit).where(TranslationUnit.memory_id == m.id))
        return sorted(
            (store.unit_to_record(u) for u in rows), key=lambda r: (r.source, r.target_lang)
        )

    assert units(copy) == units(memory)


@pytest.fixture
def loaded(session):
    memory = store.create_memory(session, "policy")
    for source, target, tag in [
        (
            "推動大灣區硬聯通和軟聯通",
            "Promote hard and soft connectivity in the Greater Bay Area",
            "zh-Hant",
        ),
        ("推动大湾区硬联通", "Promote hard connectivity in the Greater Bay Area", "zh-Hans"),
        ("規上工業增加值增長6.2%", "Industrial value added grew by 6.2%", "zh-Hant"),
        ("雙第一", "Double First-Class", "zh-Hant"),
        ("雙第一", "双一流", "zh-Hant"),
    ]:
        tgt = "zh-Hans" if target == "双一流" else "en"
        store.add_unit(session, memory, _unit(source, target, tag, tgt), actor="t")
    session.commit()
    return memory


def test_lookup_finds_both_scripts_with_flags_and_penalties(session, loaded) -> None:
    indexes = build_memory_indexes(session)
    found = lookup(session, indexes, LookupQuery("推動大灣區硬聯通", "zh-Hant", "en", threshold=60))
    assert found["exact"]
    best = found["matches"][0]
    # The Simplified unit is equal once folded: score 100, quality less, flagged.
    assert best["source"] == "推动大湾区硬联通"
    assert best["score"] == 100 and best["flags"] == ["script"] and best["quality"] == 99
    second = found["matches"][1]
    assert second["score"] == pytest.approx(100 * (1 - 4 / 12))
    # An identical original is the only 100.
    exact = lookup(session, indexes, LookupQuery("雙第一", "zh-Hant-TW", "en"))["matches"]
    assert [(m["target"], m["quality"], m["flags"]) for m in exact] == [
        ("Double First-Class", 100, [])
    ]
    # A Simplified target is only given to whom asks for it.
    hans = lookup(session, indexes, LookupQuery("双第一", "zh-Hans", "zh-Hans"))["matches"]
    assert [m["target"] for m in hans] == ["双一流"]
    assert lookup(session, indexes, LookupQuery("雙第一", "zh-Hant", "zh-Hant"))["matches"] == []
    # Numbers that differ are flagged.
    numbers = lookup(session, indexes, LookupQuery("規上工業增加值增長7.5%", "zh-Hant", "en"))[
        "matches"
    ]
    assert numbers[0]["flags"] == ["numbers"]


def test_each_match_shows_its_own_change_time(session) -> None:
    """A match's changed_at is its unit's stored time in ISO 8601, also when read again
    (SQLite's text is read through a cache) and through an engine's pooled connection."""
    from datetime import UTC, datetime

    times = [datetime(2026, 1, d, 8, 30, 15, 250_000 * (d % 2), tzinfo=UTC) for d in (1, 2, 3)]
    memory = store.create_memory(session, "dated")
    units = [_unit(f"推動大灣區硬聯通第{n}", f"t{n}", changed_at=t) for n, t in enumerate(times)]
    import_units(session, memory, units, actor="t")
    session.commit()
    indexes = build_memory_indexes(session)
    query = LookupQuery("推動大灣區硬聯通", "zh-Hant", "en", threshold=60)
    expected = {f"t{n}": t.isoformat() for n, t in enumerate(times)}
    for reader in (session, session, session.get_bind()):
        matches = lookup(reader, indexes, query)["matches"]
        assert {m["target"]: m["changed_at"] for m in matches} == expected


def test_lookup_refuses_bad_input(session, loaded) -> None:
    indexes = build_memory_indexes(session)
    with pytest.raises(Invalid):
        lookup(session, indexes, LookupQuery("  ", "zh", "en"))
    with pytest.raises(Invalid):
        lookup(session, indexes, LookupQuery("x", "SC", "en"))
    with pytest.raises(NotFound):
        lookup(session, indexes, LookupQuery("x", "zh", "en", memories=("nope",)))


@pytest.mark.parametrize(
    "query, stored, flags",
    [
        ("灣區通", "湾区通", ["script"]),
        ("ＡＢＣ１２３", "ABC123", ["width"]),
        ("Bay Area", "bay area", ["case"]),
        ("「灣區通」", "“灣區通”", ["punctuation"]),
        ("規上\n工業", "規上工業", ["spacing"]),
        ("增長6.2%", "增長7.5%", ["numbers"]),
        # Numbers as the text shows them: a zero-width space inside one (a copy from
        # the web) does not make it two; a space or line break does, whatever the width.
        ("增長１２\u200b３", "增長123", ["width"]),
        ("２０５ ６２６", "205 626", ["width"]),
        ("增長１２\n３４", "增長12\n34", ["width"]),
        ("增長１２\n３４", "增長１２３４", ["numbers", "spacing"]),
        ("灣區通", "灣區通", []),
    ],
)
def test_hidden_differences(query: str, stored: str, flags: list[str]) -> None:
    assert hidden_differences(query, stored) == flags


def test_concordance_in_either_script(session, loaded) -> None:
    hits = concordance(session, "湾区")
    assert len(hits) == 2
    assert {h["source"] for h in concordance(session, "灣區硬聯通")} == {
        "推動大灣區硬聯通和軟聯通",
        "推动大湾区硬联通",
    }
    assert [h["target"] for h in concordance(session, "SOFT connectivity", side="target")] == [
        "Promote hard and soft connectivity in the Greater Bay Area"
    ]
    assert concordance(session, "100%") == []  # LIKE wildcards are taken literally
    assert len(concordance(session, "一", limit=1)) == 1


def test_indexes_follow_the_change_log(session, loaded) -> None:
    feed = ChangeFeed.starting_now(session)
    indexes = build_memory_indexes(session)
    unit, _ = store.add_unit(
        session, loaded, _unit("深化灣區通工程", "Deepen Bay Area Connect"), actor="t"
    )
    session.commit()
    indexes = apply_memory_changes(indexes, session, feed.poll(session))
    index = indexes.by_memory[loaded.id]
    assert index.search("深化湾区通工程", 0.9, 5)[0] == [(unit.id, 1.0)]
    store.delete_unit(session, unit)
    session.commit()
    indexes = apply_memory_changes(indexes, session, feed.poll(session))
    assert indexes.by_memory[loaded.id].search("深化湾区通工程", 0.9, 5)[0] == []
    # A bulk import reloads the memory; deleting it drops its index.
    import_units(session, loaded, read_tmx(DATA / "policy.tmx"), actor="t")
    session.commit()
    indexes = apply_memory_changes(indexes, session, feed.poll(session))
    assert len(indexes.by_memory[loaded.id]) == 10
    store.delete_memory(session, loaded)
    session.commit()
    indexes = apply_memory_changes(indexes, session, feed.poll(session))
    assert loaded.id not in indexes.by_memory


@pytest.mark.parametrize(
    "parallel",
    [
        # A parser process of its own starts in seconds.
        pytest.param(True, id="child process", marks=pytest.mark.slow),
        pytest.param(False, id="in process"),
    ],
)
def test_file_import_in_a_child_process_or_not(session, monkeypatch, tmp_path, parallel) -> None:
    from glossary.store import memory_import

    monkeypatch.setattr(memory_import, "PARALLEL_FROM", 0 if parallel else 1 << 40)
    memory = store.create_memory(session, "m")
    seen: list[int] = []
    report = memory_import.import_tmx_file(
        session, memory, DATA / "policy.tmx", actor="t", progress=seen.append
    )
    session.commit()
    assert (report.taken, report.skipped) == (5, 2) and _count(session) == 5
    assert seen[-1] == (DATA / "policy.tmx").stat().st_size
    broken = tmp_path / "broken.tmx"
    broken.write_bytes((DATA / "policy.tmx").read_bytes()[:1200])
    with pytest.raises(FormatError, match="not well-formed"):
        memory_import.import_tmx_file(session, store.create_memory(session, "n"), broken, actor="t")
    session.rollback()
    with pytest.raises(Invalid):
        memory_import.import_tmx_file(
            session,
            store.get_memory(session, "m"),
            DATA / "policy.tmx",
            actor="t",
            source_lang="SC",
        )


def test_a_unit_id_reused_by_another_memory_leaves_the_first(session) -> None:
    """SQLite gives a deleted unit's id to the next unit: when that one goes into another
    memory within one poll, the first memory's index must still forget the old unit."""
    a, b = store.create_memory(session, "A"), store.create_memory(session, "B")
    session.commit()
    unit, _ = store.add_unit(
        session, a, _unit("推動大灣區建設", "Build the Bay Area (A)"), actor="t"
    )
    session.commit()
    feed = ChangeFeed.starting_now(session)
    indexes = build_memory_indexes(session)
    store.delete_unit(session, unit)
    session.commit()
    reused, _ = store.add_unit(
        session, b, _unit("推動大灣區建設", "Build the Bay Area (B)"), actor="t"
    )
    session.commit()
    indexes = apply_memory_changes(indexes, session, feed.poll(session))  # one batch, both rows
    query = LookupQuery("推动大湾区建设", "zh-Hant", "en", memories=("A",))
    assert lookup(session, indexes, query)["matches"] == []
    in_b = lookup(session, indexes, LookupQuery("推动大湾区建设", "zh-Hant", "en", memories=("B",)))
    assert [m["id"] for m in in_b["matches"]] == [reused.id]


def test_a_lookup_on_an_engine_reports_an_outage_as_sqlalchemy_does(tmp_path) -> None:
    """The engine's pooled read raises SQLAlchemy's error, as a session's would, so that
    callers tell an unreachable database (503) from a bug."""
    from glossary.db import make_engine, unavailable
    from glossary.store.memory_lookup import _stored

    engine = make_engine(f"sqlite:///{tmp_path / 'missing' / 'glossary.sqlite3'}")
    with pytest.raises(sa.exc.OperationalError) as raised:
        _stored(engine, [1, 2])
    assert unavailable(raised.value) == "unreachable"
    engine.dispose()
