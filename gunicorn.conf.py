"""gunicorn settings for glossary: ``gunicorn -c gunicorn.conf.py`` (see the README).

* Before any worker starts, the master brings the host's index generation up to
  date (``glossary index build``), so no request ever builds an index; every
  worker then maps the same files and the page cache holds one copy.
* Each worker loads its indexes and the text tables before it accepts a
  request, and logs how long that took ("warm in … s").
* Each worker keeps the memory its requests free for the next ones instead of
  giving it back to the kernel at once (glossary/index/allocator.py): a TM lookup's
  temporaries otherwise cost it hundreds of page faults.
* Threaded workers (gthread): lookups are short and CPU-bound, so a few threads
  would do for them, but a live prompter's event stream holds a thread for as
  long as a subscriber listens; many threads let streams and lookups share a
  worker (measurements: shared notes/serving.md §C).

Every setting can be changed from the environment or the command line as usual
(``GUNICORN_CMD_ARGS``, ``--workers 4``); the GLOSSARY_* variables configure the app.
"""

from __future__ import annotations

import os
import time

bind = os.environ.get("GLOSSARY_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GLOSSARY_WORKERS", os.cpu_count() or 2))
worker_class = "gthread"
threads = int(os.environ.get("GLOSSARY_THREADS", "64"))
wsgi_app = "wsgi:app"
# A large TMX import through the API may take minutes; lookups take milliseconds.
timeout = int(os.environ.get("GLOSSARY_TIMEOUT", "300"))
graceful_timeout = 10
keepalive = 5
# Each worker listens on a socket of its own (SO_REUSEPORT), and the kernel spreads new
# connections over them. On one shared socket, whichever worker woke first accepted: the
# kept-alive connections of a client fleet could all land on one worker, which then served
# them on one core (seen: all 16 of wrk's connections on one of 4 workers, a third of the
# throughput). Linux admits a port's sockets to one group only for processes of the same
# user. A worker binds before it warms up, so while one restarts its share of new
# connections waits the second or so that takes. on_starting turns this off for one worker
# and for addresses that cannot be shared so (see _choose_sockets).
reuse_port = True
# No control socket: it lives at one path per user, which two services on a host would share.
control_socket_disable = True
# Access and error logs with tokens in /t/<token>/… paths and Authorization headers redacted.
logger_class = "glossary.web.access_log.RedactingLogger"
# Room above the app's own limits (glossary/web/request_limits.py), which it answers as
# problem+json; gunicorn's own answer past these is an HTML page. No request-line limit here:
# put a reverse proxy with one in front (nginx: large_client_header_buffers 4 64k).
limit_request_line = 0
limit_request_field_size = 32768
limit_request_fields = 200
# gunicorn believes X-Forwarded-Proto from loopback by default; the app decides instead
# (GLOSSARY_TRUSTED_PROXIES).
forwarded_allow_ips = ""


def _can_share_port(binds: list[str]) -> bool:
    """Whether every address is TCP with a fixed port, bound here: a Unix socket's path
    would be unlinked by each worker in turn, port 0 would give every worker a port of
    its own, and sockets handed down (systemd, a re-exec) are already one shared socket."""
    if os.environ.get("LISTEN_FDS") or os.environ.get("GUNICORN_FD"):
        return False
    for address in binds:
        if address.startswith(("unix:", "fd://")):
            return False
        port = address.rpartition(":")[2] if ":" in address else ""
        if not port.isdigit() or int(port) == 0:
            return False
    return True


def _choose_sockets(server):  # type: ignore[no-untyped-def]
    """Per-worker sockets only where they work, only if the master holds none, and only
    for two workers or more: a worker's socket closes with it, and a lone worker's
    restart would leave nothing listening (clients refused) where the master's socket
    would have held their connections until the new worker took them."""
    if server.cfg.reuse_port and (
        server.LISTENERS or server.cfg.workers < 2 or not _can_share_port(server.cfg.bind)
    ):
        server.cfg.set("reuse_port", False)


def on_reload(server):  # type: ignore[no-untyped-def]
    """SIGHUP reads this file again, which sets reuse_port anew: keep the choice made at
    start, or the new workers would bind beside (or instead of) the master's socket."""
    _choose_sockets(server)


def pre_exec(server):  # type: ignore[no-untyped-def]
    """USR2 (a new master for an upgrade) hands the listening sockets down, and with a
    socket per worker this master holds none: make one for it, in the workers' port group,
    so the new master serves while this one drains (on that one shared socket until it
    is started afresh)."""
    if not server.LISTENERS:
        from gunicorn import sock

        server.LISTENERS = sock.create_sockets(server.cfg, server.log)


def on_starting(server):  # type: ignore[no-untyped-def]
    """Choose the listening sockets, and bring the index generation up to date before the
    first worker forks."""
    _choose_sockets(server)
    if server.cfg.reuse_port:
        server.log.info(
            "each worker listens on %s itself (SO_REUSEPORT)", ", ".join(server.cfg.bind)
        )

    from glossary.store.generations import build_generation
    from glossary.web import create_app
    from glossary.web.database import database
    from glossary.web.indexes import live_indexes

    app = create_app()
    root = live_indexes(app).root
    engine = database(app).engine
    try:
        if root is None:
            return
        started = time.monotonic()
        generation = build_generation(engine, root)
        if generation is not None:
            server.log.info(
                "index generation %s current (%.1f s)", generation.name, time.monotonic() - started
            )
    finally:
        engine.dispose()


# Requests a worker answers itself before its first real one: every table, cache and
# lazily built piece on the hot paths (the fold's tables, those of its quick paths (the
# space in the annotate text takes the second), the word-edge table, the number
# patterns, the schemas' validators) is made here, not in a client's request.
WARM_UP = [
    ("GET", "/api/terms", {"query_string": {"q": "灣區通"}}),
    ("GET", "/api/terms", {"query_string": {"q": "bay area", "mode": "fuzzy"}}),
    ("POST", "/api/annotate", {"json": {"text": "深化「灣區通」工程，增長 5.8%，新增20萬人。"}}),
    (
        "POST",
        "/api/tm/lookup",
        {"json": {"text": "推動大灣區硬聯通", "source_lang": "zh-Hant", "target_lang": "en"}},
    ),
    ("GET", "/api/tm/concordance", {"query_string": {"q": "灣區"}}),
]


def post_fork(server, worker):  # type: ignore[no-untyped-def]
    """Let the worker keep the memory its requests free (glossary/index/allocator.py)."""
    from glossary.index.allocator import keep_freed_memory

    if not keep_freed_memory():
        worker.log.info(
            "worker %s: no mallopt here, allocator thresholds left as they are", worker.pid
        )


def post_worker_init(worker):  # type: ignore[no-untyped-def]
    """Map the indexes and answer a few requests before the first real one."""
    from glossary.web.indexes import live_indexes

    started = time.monotonic()
    state = live_indexes(worker.wsgi).warm()
    client = worker.wsgi.test_client()
    for method, path, options in WARM_UP:
        response = client.open(path, method=method, **options)
        if response.status_code >= 500:
            worker.log.warning("warm-up %s %s answered %s", method, path, response.status_code)
    worker.log.info(
        "worker %s warm in %.3f s (generation %s)",
        worker.pid,
        time.monotonic() - started,
        state.generation,
    )
