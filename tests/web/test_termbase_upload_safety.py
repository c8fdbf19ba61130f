"""Hostile uploads: a billion-laughs file, an XXE file and an oversized body each get a clear error.

The body limit here is 64 KiB (GLOSSARY_MAX_UPLOAD_MB), so the oversized case is
cheap; the entity files are refused before any entity is parsed, so nothing is
expanded and nothing is fetched.
"""

from __future__ import annotations

import resource

import pytest

from tests.helpers import assert_problem, bearer

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE martif [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<martif type="TBX" xml:lang="en"><text><body><termEntry><langSet xml:lang="en">
<tig><term>&lol9;</term></tig></langSet></termEntry></body></text></martif>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY secret SYSTEM "file:///etc/passwd">
               <!ENTITY remote SYSTEM "http://127.0.0.1:9/evil.dtd">]>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>&secret;&remote;</term></termSec>
</langSec></conceptEntry></body></text></tbx>"""


@pytest.fixture
def app_config(app_config):  # type: ignore[no-untyped-def]
    return {**app_config, "MAX_UPLOAD_MB": 1 / 16}


def post(client, token, data):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/termbase/import",
        data=data,
        headers={**bearer(token), "Content-Type": "application/xml"},
    )


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _nothing_imported(client) -> bool:  # type: ignore[no-untyped-def]
    return client.get("/api/concepts").get_json()["total"] == 0


def test_billion_laughs(client, tokens) -> None:
    before = _peak_mib()
    body = assert_problem(post(client, tokens["editor"], BILLION_LAUGHS), 422)
    assert body["type"] == "/problems/unreadable-file"
    assert "declares XML entities" in body["detail"]
    # Expanded, &lol9; would be 3 GB; the peak memory of the process did not move.
    assert _peak_mib() - before < 50
    assert _nothing_imported(client)


def test_xxe(client, tokens) -> None:
    response = post(client, tokens["editor"], XXE)
    body = assert_problem(response, 422)
    assert "declares XML entities" in body["detail"]
    assert b"root:" not in response.data
    assert _nothing_imported(client)


def test_oversized_upload(client, tokens) -> None:
    head = b'<martif type="TBX" xml:lang="en"><text><body>'
    entry = b'<termEntry><langSet xml:lang="en"><tig><term>x</term></tig></langSet></termEntry>'
    data = head + entry * 2000 + b"</body></text></martif>"
    assert len(data) > 64 * 1024
    body = assert_problem(post(client, tokens["editor"], data), 413)
    assert "GLOSSARY_MAX_UPLOAD_MB" in body["detail"]
    assert _nothing_imported(client)


def test_oversized_multipart_upload(client, tokens) -> None:
    import io

    response = client.post(
        "/api/termbase/import",
        data={"file": (io.BytesIO(b"a\tb\n" * 40000), "big.txt")},
        headers=bearer(tokens["editor"]),
        content_type="multipart/form-data",
    )
    assert_problem(response, 413)
    assert _nothing_imported(client)
