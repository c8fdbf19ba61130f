"""Fixtures of the web tests that start real servers (see ``servers``)."""

from tests.web.servers import gunicorn, private_service  # noqa: F401 - fixtures
