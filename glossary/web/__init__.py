"""The web layer: the application factory, JSON API, pages, auth, errors and CLI.

Rule: may import anything in glossary; nothing in glossary imports web (except
wsgi.py and the tests). The API (``api``), the pages (``pages``) and the command
line (``cli``) are peers over the modules here and never import one another; only
the factory below registers the API's and the pages' blueprints.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter

from glossary.web import config, fast


class BoundedInt(IntegerConverter):
    def __init__(self, map: object, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)  # type: ignore[arg-type]


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: configuration from GLOSSARY_* variables, or ``test_config`` instead."""
    app = fast.App(__name__, instance_relative_config=True)
    config.load(app.config, app.instance_path, test_config)
    fast.init_app(app)
    app.url_map.strict_slashes = False
    # Ids in URLs stop where the database's integer columns do: a larger one is
    # simply not found, instead of overflowing in the driver.
    app.url_map.converters["int"] = BoundedInt

    from glossary.web import (
        access_log,
        database,
        errors,
        headers,
        https,
        indexes,
        request_limits,
        tmserver,
    )
    from glossary.web.api import bp as api
    from glossary.web.api import hot
    from glossary.web.pages import bp as pages

    # Inside ProxyFix (https), which must rewrite the client's address for every request.
    hot.init_app(app)
    access_log.init_app(app)
    https.init_app(app)
    request_limits.init_app(app)
    headers.init_app(app)
    database.init_app(app)
    errors.init_app(app)
    indexes.init_app(app)
    app.register_blueprint(api)
    tmserver.init_app(app)
    app.register_blueprint(pages)
    return app
