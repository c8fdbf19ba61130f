"""Cells a spreadsheet would run as formulas, written so that it shows them as text.

Every tabular export (CSV, OmegaT's TSV, XLSX) goes through here. A cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return — or with the
full-width ``＝ ＋ － ＠``, which spreadsheets with an East Asian input method
also take as the start of a formula — could run when the file is opened (CSV
injection: ``=HYPERLINK(…)``, ``=cmd|…``). Text files get a leading apostrophe,
as OWASP advises; reading takes exactly one off again, so a round trip gives
back the original text ("+86" stays "+86", "'=x" stays "'=x"). A workbook marks
such cells as text with Excel's quote prefix instead, which is not part of the
value, so nothing needs undoing there.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def formula_like(cell: str) -> bool:
    """Starts as a formula would, after any apostrophes (so escaping can be undone exactly)."""
    return cell.lstrip("'").startswith(FORMULA_STARTS)


def escape_formula(cell: str) -> str:
    """The cell as a spreadsheet shows text: ``=1+1`` → ``'=1+1``; ``'=x`` → ``''=x``."""
    return "'" + cell if formula_like(cell) else cell


def unescape_formula(cell: str) -> str:
    """The cell as it was before ``escape_formula``."""
    return cell[1:] if cell.startswith("'") and formula_like(cell) else cell
