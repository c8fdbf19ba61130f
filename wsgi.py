"""The WSGI entry point: ``gunicorn wsgi:app``."""

from glossary.web import create_app

app = create_app()
