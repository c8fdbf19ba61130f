"""Configuration: defaults, then GLOSSARY_* environment variables.

| variable | meaning | default |
| --- | --- | --- |
| GLOSSARY_DATABASE_URL | SQLAlchemy URL | sqlite:///<instance>/glossary.sqlite3 |
| GLOSSARY_SECRET_KEY | signs sessions and CSRF tokens | a random key kept in <instance>/secret_key |
| GLOSSARY_PUBLIC_READ | reads without a token | on |
| GLOSSARY_MAX_UPLOAD_MB | largest request body | 200 |
| GLOSSARY_DATA_DIR | the shipped data read by `glossary init` | tm_data/ beside the package |
| GLOSSARY_INDEX_POLL_SECONDS | how often a worker reads the change log | 0.25 |
| GLOSSARY_LOCK_TIMEOUT | seconds a write waits for another writer before a 503 | 5 |
| GLOSSARY_REQUIRE_IF_MATCH | PUT, PATCH and DELETE need If-Match (else 428) | on |
| GLOSSARY_INDEX_DIR | where index generations are kept (`off`: in each process's memory) | <instance>/index |
| GLOSSARY_INDEX_BUILD | how a worker builds a due generation: `process`, `inline` or `off` | process |
| GLOSSARY_LIVE_HEARTBEAT_SECONDS | how often an idle live event stream sends a comment | 15 |
| GLOSSARY_TRUSTED_PROXIES | reverse proxies in front whose X-Forwarded-Proto/-For to believe | 0 |
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Config

from glossary.db import DEFAULT_LOCK_TIMEOUT

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PACKAGE_ROOT.parent / "tm_data"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def parse_bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{name}: expected on/off, true/false, yes/no or 1/0, not {value!r}")


def parse_seconds(name: str, value: Any) -> float:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: expected a number of seconds, not {value!r}") from None
    if not 0 <= seconds <= 3600:
        raise ValueError(f"{name}: expected 0 to 3600 seconds, not {value!r}")
    return seconds


def defaults(instance_path: str) -> dict[str, Any]:
    return {
        "DATABASE_URL": f"sqlite:///{Path(instance_path) / 'glossary.sqlite3'}",
        "PUBLIC_READ": True,
        "MAX_UPLOAD_MB": 200,
        "DATA_DIR": str(DEFAULT_DATA_DIR),
        "INDEX_POLL_SECONDS": 0.25,
        "LOCK_TIMEOUT": DEFAULT_LOCK_TIMEOUT,
        "REQUIRE_IF_MATCH": True,
        "INDEX_DIR": str(Path(instance_path) / "index"),
        "INDEX_BUILD": "process",
        "LIVE_HEARTBEAT_SECONDS": 15.0,
        "TRUSTED_PROXIES": 0,
        "PAGE_SIZE": 50,
        "MAX_PAGE_SIZE": 200,
        # Unicode in JSON responses as is: 灣區通, not \u7063\u5340\u901a.
        "JSON_AS_ASCII": False,
    }


def load(config: Config, instance_path: str, test_config: Mapping[str, Any] | None) -> None:
    """Fill ``config``: defaults, then the environment (or the test mapping instead)."""
    config.from_mapping(defaults(instance_path))
    if test_config is None:
        for key in (
            "DATABASE_URL",
            "SECRET_KEY",
            "PUBLIC_READ",
            "MAX_UPLOAD_MB",
            "DATA_DIR",
            "INDEX_POLL_SECONDS",
            "LOCK_TIMEOUT",
            "REQUIRE_IF_MATCH",
            "INDEX_DIR",
            "INDEX_BUILD",
            "LIVE_HEARTBEAT_SECONDS",
            "TRUSTED_PROXIES",
        ):
            value = os.environ.get(f"GLOSSARY_{key}")
            if value is not None and value != "":
                config[key] = value
    else:
        config.from_mapping(test_config)
    config["PUBLIC_READ"] = parse_bool("GLOSSARY_PUBLIC_READ", config["PUBLIC_READ"])
    config["REQUIRE_IF_MATCH"] = parse_bool("GLOSSARY_REQUIRE_IF_MATCH", config["REQUIRE_IF_MATCH"])
    config["LOCK_TIMEOUT"] = parse_seconds("GLOSSARY_LOCK_TIMEOUT", config["LOCK_TIMEOUT"])
    try:
        config["MAX_CONTENT_LENGTH"] = int(float(config["MAX_UPLOAD_MB"]) * 1024 * 1024)
    except ValueError:
        raise ValueError(
            f"GLOSSARY_MAX_UPLOAD_MB: not a number: {config['MAX_UPLOAD_MB']!r}"
        ) from None
    config["TRUSTED_PROXIES"] = _count("GLOSSARY_TRUSTED_PROXIES", config["TRUSTED_PROXIES"])
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _instance_secret(Path(instance_path))


def _count(name: str, value: Any) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{name}: not a whole number: {value!r}") from None
    if number < 0:
        raise ValueError(f"{name}: cannot be negative: {value!r}")
    return number


def _instance_secret(instance: Path) -> str:
    """A secret kept in the instance folder, so restarts and workers agree on it."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
