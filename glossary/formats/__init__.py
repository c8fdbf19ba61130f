"""Exchange and data file formats: readers yield records, writers consume them.

Rule: may import records, lang, text, lxml (every XML parse through ``xmlsafe``;
writers may build trees with lxml) and openpyxl (XLSX). Never sqlalchemy, Flask,
index, models, store or web.
"""
