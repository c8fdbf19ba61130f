"""Exchange and data file formats: readers yield records, writers consume them.

Rule: may import records, lang, text and lxml (through ``xmlsafe``). Never
sqlalchemy, Flask, index, models, store or web.
"""
