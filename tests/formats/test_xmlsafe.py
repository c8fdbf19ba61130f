"""The one XML parser: safe against entity attacks, lenient about encodings, size-limited."""

import io

import pytest

from glossary.formats import xmlsafe
from glossary.formats.errors import FormatError
from tests.conftest import SHARED

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>&lol9;</seg></tuv></tu></body></tmx>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&secret;</term></tig>
</langSet></termEntry></body></text></martif>"""


@pytest.mark.parametrize("document", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entity_declarations_are_refused(document: bytes) -> None:
    with pytest.raises(FormatError, match="declares XML entities"):
        list(xmlsafe.iterparse(io.BytesIO(document)))
    with pytest.raises(FormatError, match="declares XML entities"):
        xmlsafe.parse(io.BytesIO(document))


def test_a_doctype_without_entities_is_fine_and_not_loaded() -> None:
    doc = b'<?xml version="1.0"?><!DOCTYPE tmx SYSTEM "http://example.invalid/tmx14.dtd"><tmx/>'
    assert xmlsafe.local_name(xmlsafe.parse(io.BytesIO(doc))) == "tmx"


def test_size_limit() -> None:
    doc = b"<a>" + b"x" * 10_000 + b"</a>"
    with pytest.raises(FormatError, match="larger than the 1000 bytes"):
        list(xmlsafe.iterparse(io.BytesIO(doc), limit=1000))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_encodings_real_tools_write(encoding: str) -> None:
    declared = {"utf-8-sig": "UTF-8"}.get(encoding, "UTF-16LE")  # redundant or even wrong
    text = f'<?xml version="1.0" encoding="{declared}"?><tmx><seg>灣區通 𠀀</seg></tmx>'
    segs = [e.text for _, e in xmlsafe.iterparse(io.BytesIO(text.encode(encoding)), tag="seg")]
    assert segs == ["灣區通 𠀀"]


def test_malformed_xml_names_the_line() -> None:
    with pytest.raises(FormatError, match="line 2"):
        list(xmlsafe.iterparse(io.BytesIO(b"<tmx>\n<seg></tmx>")))


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is absent")
@pytest.mark.parametrize("name", ["UTF-16LE.TMX", "utf-16be.tmx"])
def test_real_utf16_files(name: str) -> None:
    path = SHARED / "external" / "formats" / "heartsome" / name
    tuvs = [e for _, e in xmlsafe.iterparse(path) if xmlsafe.local_name(e) == "tuv"]
    assert len(tuvs) == 4


@pytest.mark.parametrize(
    "document",
    [
        # A comment that looks like a start tag must not end the check early.
        b'<?xml version="1.0"?><!DOCTYPE x [<!-- <a --><!ENTITY e "boom">]><x>&e;</x>',
        b'<!-- <tmx> --><!DOCTYPE tmx [<!ENTITY e SYSTEM "file:///etc/passwd">]><tmx>&e;</tmx>',
        b"<?pi <tmx> ?><!DOCTYPE tmx [ ]><tmx/>",
        '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY e "x">]><t>&e;</t>'.encode("utf-32"),
        '<!DOCTYPE t [<!ENTITY e "x">]><t>&e;</t>'.encode("utf-32-be"),
    ],
    ids=["comment", "comment-first", "empty-subset", "utf-32", "utf-32-be-no-bom"],
)
def test_nothing_hides_an_entity_declaration(document: bytes) -> None:
    with pytest.raises(FormatError, match="declares XML entities"):
        list(xmlsafe.iterparse(io.BytesIO(document)))


def test_utf32_documents_are_read() -> None:
    text = '<?xml version="1.0" encoding="UTF-32"?><tmx><seg>灣區通</seg></tmx>'
    for encoding in ("utf-32", "utf-32-le", "utf-32-be"):
        segs = [e.text for _, e in xmlsafe.iterparse(io.BytesIO(text.encode(encoding)), tag="seg")]
        assert segs == ["灣區通"], encoding
