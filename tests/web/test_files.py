"""Download names: ASCII as is, anything else with an RFC 6266 UTF-8 form beside a fallback."""

from glossary.web.api.files import _attachment


def test_ascii_names_are_plain() -> None:
    assert _attachment("glossary-2008.tbx") == 'attachment; filename="glossary-2008.tbx"'


def test_chinese_names_get_a_fallback_and_utf8() -> None:
    header = _attachment("政策 記憶.tmx")
    assert header.startswith('attachment; filename="')
    assert "filename*=UTF-8''%E6%94%BF%E7%AD%96%20%E8%A8%98%E6%86%B6.tmx" in header
    fallback = header.split('filename="')[1].split('"')[0]
    assert fallback.isascii() and fallback.endswith(".tmx")


def test_quotes_cannot_break_the_header() -> None:
    header = _attachment('a"b.tmx')
    assert header.count('"') == 2 and "filename*=UTF-8''a%22b.tmx" in header
