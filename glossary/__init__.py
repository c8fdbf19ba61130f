"""glossary: a Chinese ⇄ English policy term base and translation-memory service.

Importing the package imports nothing else, so ``import glossary.text`` never
loads Flask or SQLAlchemy.
"""

__version__ = "0.1.0"
