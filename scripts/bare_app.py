"""The floor of scripts/bench_serving.py: a Flask app with one route returning a small JSON dict.

Served by gunicorn with exactly the shipped settings of the glossary app, it shows what
any Flask endpoint costs on the same machine in the same minute.
"""

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/")
def bare():  # type: ignore[no-untyped-def]
    return jsonify({"ok": True, "service": "bare", "items": [1, 2, 3]})
