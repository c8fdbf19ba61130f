"""Numbers: Chinese numeric expressions found, valued and written in official English.

``find_numbers(text)`` returns every numeric expression of a Chinese text, in
either script, Arabic or Chinese numerals or a mixture (3.68萬億, 三萬六千八百億,
二〇二五年, 百分之五點八, 1.2個百分點, 翻一番, 兩位數, 三分之一, 第一 …), as
``NumberExpr``: code-point offsets into the text as given (line breaks inside
allowed), the exact value as a Decimal, a kind, and the English rendering in
the conventions of China's official English ("3.68 trillion yuan", "200,000
people", "5.8 percent", "more than 300,000 vehicles").
``read_english_numbers(text)`` reads the numbers of an English text to values
(3.68 trillion, 3,680 billion, 200,000, 5.8 percent, one third).

Rule: pure functions over strings; may import glossary.text and glossary.lang,
the standard library and numpy. No Flask, no SQLAlchemy, no I/O.
"""

from glossary.numbers.english import read_english_numbers
from glossary.numbers.expr import KINDS, NumberExpr
from glossary.numbers.find import find_numbers

__all__ = ["KINDS", "NumberExpr", "find_numbers", "read_english_numbers"]
