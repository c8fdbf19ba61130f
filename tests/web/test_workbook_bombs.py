"""An XLSX zip bomb uploaded at the default size limit is refused at once, costing no memory.

With GLOSSARY_MAX_UPLOAD_MB at its default of 200, a workbook may expand to
1.6 GB, so a 3 MB file whose sheet inflates to 1 GiB is within that limit: only
measuring the parts (their compression ratio, and what they hold against what
they state) refuses it.
"""

from __future__ import annotations

import resource
import time

import pytest

from tests.formats.test_xlsx import workbook_bytes
from tests.formats.zipbomb import SHEET, sheet_bomb, with_members
from tests.helpers import assert_problem, bearer


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize("stated", [None, 50_000], ids=["honest-sizes", "lying-sizes"])
def test_a_1_gib_sheet_in_a_3_mb_upload(client, tokens, stated: int | None) -> None:
    workbook = workbook_bytes([["en", "zh-Hant"], ["Bay Area Connect", "灣區通"]])
    bomb = with_members(
        workbook, sheet_bomb(SHEET, 1 << 30), stated={SHEET: stated} if stated else None
    )
    before, started = _peak_mib(), time.monotonic()
    response = client.post(
        "/api/termbase/import",
        data=bomb,
        headers={**bearer(tokens["editor"]), "X-Filename": "bomb.xlsx"},
    )
    body = assert_problem(response, 422)
    print(f"refused in {time.monotonic() - started:.2f} s: {body['detail']}")
    assert SHEET in body["detail"] and "nothing was imported" in body["detail"]
    assert _peak_mib() - before < 50
    assert client.get("/api/concepts").get_json()["total"] == 0
