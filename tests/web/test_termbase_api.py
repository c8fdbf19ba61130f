"""Term base files over HTTP: upload to import, export with ETags, on SQLite and PostgreSQL."""

from __future__ import annotations

import io

import openpyxl
import pytest
from lxml import etree

from glossary.formats.termbase import ReadOptions, termbase_format
from tests.helpers import BAY_AREA_CONNECT, assert_problem, bearer

TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>t</p></sourceDesc>
</fileDesc></martifHeader><text><body>
<termEntry id="hard-connectivity"><descrip type="subjectField">Greater Bay Area cooperation</descrip>
  <langSet xml:lang="zh-TW"><tig><term>硬聯通</term>
    <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>
  <langSet xml:lang="en"><tig><term>hard connectivity</term></tig></langSet></termEntry>
<termEntry id="bay"><langSet xml:lang="zh-CN"><tig><term>湾区通</term></tig></langSet>
  <langSet xml:lang="fr"><tig><term>Connexion de la Baie</term></tig></langSet></termEntry>
<termEntry id="empty"><langSet xml:lang="en"><tig><term/></tig></langSet></termEntry>
</body></text></martif>""".encode()


def upload(client, token, data=TBX, query="", **headers):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/termbase/import{query}",
        data=data,
        headers={**bearer(token), "Content-Type": "application/octet-stream", **headers},
    )


def concepts(client) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    return client.get("/api/concepts?per_page=200").get_json()["items"]


def test_upload_imports_and_reports(client, tokens) -> None:
    created = client.post("/api/concepts", json=BAY_AREA_CONNECT, headers=bearer(tokens["editor"]))
    existing = created.get_json()["id"]
    response = upload(client, tokens["editor"], **{"X-Filename": "gba.tbx"})
    assert response.status_code == 200, response.get_json()
    assert response.headers["X-Glossary-Seq"]
    report = response.get_json()
    assert (report["source"], report["format"], report["dry_run"]) == ("gba.tbx", "tbx2008", False)
    assert report["counts"] == {"entries": 3, "taken": 1, "merged": 1, "unchanged": 0, "skipped": 1}
    outcomes = {e["entry"]: e for e in report["entries"]}
    assert outcomes["termEntry bay"]["outcome"] == "merged"
    assert outcomes["termEntry bay"]["concept_id"] == existing
    assert outcomes["termEntry bay"]["added"] == ["'Connexion de la Baie' (fr)"]
    assert outcomes["termEntry empty"]["messages"] == ["left out an empty term (en)", "no terms"]
    new = outcomes["termEntry hard-connectivity"]["concept_id"]
    concept = client.get(f"/api/concepts/{new}").get_json()
    assert concept["ref"] == "hard-connectivity"
    assert [(t["lang"], t["text"], t["status"]) for t in concept["terms"]] == [
        ("zh-Hant-TW", "硬聯通", "preferred"),
        ("en", "hard connectivity", "admitted"),
    ]


def test_imported_terms_are_found_by_lookups_and_annotation(client, tokens) -> None:
    client.get("/api/terms?q=x")  # build the live index before the import
    response = upload(client, tokens["editor"])
    seq = response.headers["X-Glossary-Seq"]
    found = client.get(f"/api/terms?q=硬联通&min_seq={seq}")
    assert found.status_code == 200, found.get_json()
    assert "硬聯通" in found.get_data(as_text=True)
    annotated = client.post(
        f"/api/annotate?min_seq={seq}",
        json={"text": "推動硬聯通。", "lang": "zh-Hant", "target": "en"},
    )
    assert annotated.status_code == 200, annotated.get_json()
    assert "hard connectivity" in annotated.get_data(as_text=True)


def test_multipart_upload_of_a_table_with_its_languages(client, tokens) -> None:
    table = "# Glossary in tab-separated format -*- coding: utf-8 -*-\n灣區通\tBay Area Connect\tpolicy\n"
    response = client.post(
        "/api/termbase/import?source_lang=zh-Hant&target_lang=en",
        data={"file": (io.BytesIO(table.encode()), "glossary.txt")},
        headers=bearer(tokens["editor"]),
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert (report["source"], report["format"], report["counts"]["taken"]) == (
        "glossary.txt",
        "tsv",
        1,
    )
    [concept] = concepts(client)
    assert concept["terms"][1]["note"] == "policy"


def test_a_raw_body_as_curl_sends_it(client, tokens) -> None:
    # curl --data-binary @file labels the body application/x-www-form-urlencoded.
    table = "zh-Hant,en\n灣區通,Bay Area Connect\n".encode()
    response = upload(
        client,
        tokens["editor"],
        data=table,
        **{"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["counts"]["taken"] == 1


def test_a_dry_run_writes_nothing(client, tokens) -> None:
    response = upload(client, tokens["editor"], query="?dry_run=1")
    assert response.status_code == 200
    assert response.get_json()["dry_run"] is True
    assert response.get_json()["counts"]["taken"] == 2
    assert concepts(client) == []


def test_only_editors_import(client, tokens) -> None:
    assert_problem(upload(client, tokens["reader"]), 403)
    assert_problem(client.post("/api/termbase/import", data=TBX), 401)
    assert concepts(client) == []


@pytest.mark.parametrize(
    ("data", "query", "detail"),
    [
        (b"", "", "no entries"),
        (b"<tmx version='1.4'><body/></tmx>", "", "translation memory"),
        (b"<html><body>hi</body></html>", "", "not TMX or TBX"),
        (b"<martif><text><body><termEntry>", "", "not well-formed XML"),
        ("灣區通\tBay Area Connect\n".encode(), "", "give the source and target languages"),
        ("灣區通\tBay Area Connect\n".encode(), "?source_lang=SC&target_lang=en", "ambiguous"),
    ],
)
def test_unreadable_files_are_refused_whole(client, tokens, data, query, detail) -> None:
    response = upload(client, tokens["editor"], data=data, query=query)
    body = assert_problem(response, 422)
    assert detail in body["detail"]
    assert concepts(client) == []


def test_bad_parameters(client, tokens) -> None:
    body = assert_problem(upload(client, tokens["editor"], query="?format=pdf"), 422)
    assert "format" in body["detail"]


# -- export -------------------------------------------------------------------------


@pytest.fixture
def filled(client, tokens) -> None:
    response = upload(client, tokens["editor"])
    assert response.status_code == 200
    client.post("/api/concepts", json=BAY_AREA_CONNECT, headers=bearer(tokens["editor"]))


@pytest.mark.parametrize(
    ("fmt", "mimetype", "filename"),
    [
        ("tbx", "application/x-tbx+xml", "glossary.tbx"),
        ("tbx2008", "application/x-tbx+xml", "glossary-2008.tbx"),
        ("csv", "text/csv", "glossary.csv"),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "glossary.xlsx",
        ),
        ("tsv", "text/tab-separated-values", "glossary.txt"),
    ],
)
def test_export_every_format(client, filled, fmt, mimetype, filename) -> None:
    query = "?source_lang=zh-Hant&target_lang=en" if fmt == "tsv" else ""
    response = client.get(f"/api/termbase/export/{fmt}{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == mimetype
    assert response.headers["Content-Disposition"] == f'attachment; filename="{filename}"'
    items = list(
        termbase_format(fmt).read(
            io.BytesIO(response.data), ReadOptions(source_lang="zh-Hant", target_lang="en")
        )
    )
    texts = {t.text for e in items if getattr(e, "record", None) for t in e.record.terms}
    assert "硬聯通" in texts


def test_etag_and_304(client, tokens, filled) -> None:
    first = client.get("/api/termbase/export/tbx2008")
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    again = client.get("/api/termbase/export/tbx2008", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    # Another format or filter is another export.
    other = client.get("/api/termbase/export/tbx", headers={"If-None-Match": etag})
    assert other.status_code == 200
    # A change to the term base makes the old tag stale.
    body = {**BAY_AREA_CONNECT, "ref": "another", "terms": [{"lang": "en", "text": "new term"}]}
    client.post("/api/concepts", json=body, headers=bearer(tokens["editor"]))
    changed = client.get("/api/termbase/export/tbx2008", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_export_filters(client, filled) -> None:
    def refs(query: str) -> list[str]:
        data = client.get(f"/api/termbase/export/tbx{query}").data
        root = etree.fromstring(data)
        return [e.get("id") for e in root.iter("{*}conceptEntry")]

    assert refs("") == ["hard-connectivity", "bay", "test-bay-area-connect"]
    assert refs("?subject_field=Greater Bay Area cooperation") == [
        "hard-connectivity",
        "test-bay-area-connect",
    ]
    assert refs("?source_lang=zh-Hant-TW&target_lang=en") == ["hard-connectivity"]
    assert refs("?status=approved") == ["test-bay-area-connect"]
    assert refs("?changed_since=2999-01-01") == []
    tags = client.get("/api/termbase/export/tbx2008?tags=region").data
    assert b'xml:lang="zh-TW"' in tags and b'xml:lang="zh-CN"' in tags


def test_cat_exports_carry_only_usable_terms_unless_asked(client, filled) -> None:
    """OmegaT's TSV and TBX 2008 leave out "Bay Area Pass" (deprecated); profile=full keeps it."""
    for fmt in ("tsv", "tbx2008"):
        for pair in ("source_lang=zh-Hant&target_lang=en", "source_lang=en&target_lang=zh-Hant"):
            cat = client.get(f"/api/termbase/export/{fmt}?{pair}").get_data(as_text=True)
            assert "Bay Area Connect" in cat and "Bay Area Pass" not in cat, (fmt, pair)
        full = client.get(f"/api/termbase/export/{fmt}?{pair}&profile=full")
        assert "Bay Area Pass" in full.get_data(as_text=True), fmt
    for fmt in ("tbx", "csv"):
        assert b"Bay Area Pass" in client.get(f"/api/termbase/export/{fmt}").data
        assert b"Bay Area Pass" not in client.get(f"/api/termbase/export/{fmt}?profile=cat").data


def test_a_job_glossary_names_its_concepts(client, filled) -> None:
    ids = {c["terms"][0]["text"]: c["id"] for c in concepts(client)}
    wanted = f"{ids['灣區通']},{ids['硬聯通']}"
    data = client.get(f"/api/termbase/export/tbx?ids={wanted}").data
    refs = [e.get("id") for e in etree.fromstring(data).iter("{*}conceptEntry")]
    assert refs == ["hard-connectivity", "test-bay-area-connect"]
    tsv = client.get(f"/api/termbase/export/tsv?ids={ids['灣區通']}&source_lang=zh&target_lang=en")
    lines = tsv.get_data(as_text=True).splitlines()[1:]
    assert [line.split("\t")[:2] for line in lines] == [
        ["灣區通", "Bay Area Connect"],
        ["湾区通", "Bay Area Connect"],
    ]
    for bad in ("x", "1,-2", ",".join(["1"] * 0) + "0"):
        body = assert_problem(client.get(f"/api/termbase/export/tbx?ids={bad}"), 422)
        assert body["errors"][0].startswith("ids:")
    body = assert_problem(client.get("/api/termbase/export/tbx?profile=most"), 422)


def test_export_refuses_what_it_cannot_do(client, filled) -> None:
    body = assert_problem(client.get("/api/termbase/export/tsv"), 422)
    assert "source_lang and target_lang" in body["detail"]
    body = assert_problem(client.get("/api/termbase/export/tbx?status=done&source_lang=SC"), 422)
    assert len(body["errors"]) == 2
    assert_problem(client.get("/api/termbase/export/tbx?page=2"), 422)
    assert_problem(client.get("/api/termbase/export/pdf"), 404)


def test_xlsx_export_is_a_workbook_with_safe_cells(client, tokens) -> None:
    body = {"terms": [{"lang": "en", "text": "=cmd|' /C calc'!A0", "status": "forbidden"}]}
    assert (
        client.post("/api/concepts", json=body, headers=bearer(tokens["editor"])).status_code == 201
    )
    data = client.get("/api/termbase/export/xlsx").data
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cell = sheet["C2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=cmd|' /C calc'!A0", "s", True)


def test_export_then_import_into_an_empty_base_gives_the_same_concepts(
    client, tokens, filled
) -> None:
    before = concepts(client)
    for fmt in ("tbx", "tbx2008", "csv", "xlsx"):
        # TBX 2008 is for CAT tools unless every term is asked for.
        exported = client.get(f"/api/termbase/export/{fmt}?profile=full").data
        for concept in concepts(client):
            version = {"If-Match": f'"{concept["id"]}-{concept["version"]}"'}
            client.delete(
                f"/api/concepts/{concept['id']}", headers={**bearer(tokens["editor"]), **version}
            )
        assert concepts(client) == []
        response = upload(client, tokens["editor"], data=exported)
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["counts"]["taken"] == len(before)
        after = concepts(client)
        assert _same(before, after), fmt


def _same(before: list[dict], after: list[dict]) -> bool:  # type: ignore[type-arg]
    def key(c: dict) -> tuple:  # type: ignore[type-arg]
        terms = sorted(
            (
                t["lang"],
                t["text"],
                t["status"],
                t["part_of_speech"],
                t["context"],
                t["source"],
                t["note"],
            )
            for t in c["terms"]
        )
        return (
            c["subject_field"],
            c["status"],
            c["definitions"],
            c["notes"],
            sorted(c["sources"]),
            c["created_at"],
            terms,
        )

    # Concepts without an id of their own come back with the one the export gave them.
    return sorted(map(key, before), key=repr) == sorted(map(key, after), key=repr)
