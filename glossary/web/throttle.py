"""Failed sign-ins (the sign-in page) slow a client down: after a few, each further try
must wait longer.

Per client (its address) and per process: a client may fail FREE times; after
that it must wait FIRST_DELAY seconds before the next try, twice as long after
each further failure, up to MAX_DELAY. Failures are forgotten FORGET_AFTER
seconds after the last one. Memory is bounded: past CAPACITY clients, those
whose last failure is oldest are forgotten first.

Tokens carry 256 random bits, so guessing one is hopeless anyway; this keeps a
script from hammering the sign-in form, and tells a person who mistyped how long
to wait. The API answers a bad token 401 every time: its clients are programs
with a configured token, and an address shared with a careless script must not
lock them out.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from flask import Flask, current_app, request

FREE = 5
FIRST_DELAY = 1.0
MAX_DELAY = 300.0
FORGET_AFTER = 900.0
CAPACITY = 10_000


class FailedSignIns:
    def __init__(
        self,
        *,
        free: int = FREE,
        first_delay: float = FIRST_DELAY,
        max_delay: float = MAX_DELAY,
        forget_after: float = FORGET_AFTER,
        capacity: int = CAPACITY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.free, self.first_delay, self.max_delay = free, first_delay, max_delay
        self.forget_after, self.capacity, self.clock = forget_after, capacity, clock
        # client → (failures, time of the last one); oldest failure first.
        self._clients: OrderedDict[str, tuple[int, float]] = OrderedDict()
        self._lock = threading.Lock()

    def wait(self, client: str) -> float:
        """Seconds ``client`` must wait before its next try (0: it may try now)."""
        now = self.clock()
        with self._lock:
            failures, last = self._clients.get(client, (0, now))
            if now - last > self.forget_after:
                self._clients.pop(client, None)
                return 0.0
        if failures < self.free:
            return 0.0
        delay = min(self.first_delay * 2 ** (failures - self.free), self.max_delay)
        return max(0.0, last + delay - now)

    def failed(self, client: str) -> None:
        now = self.clock()
        with self._lock:
            failures, last = self._clients.pop(client, (0, now))
            if now - last > self.forget_after:
                failures = 0
            self._clients[client] = (failures + 1, now)
            while len(self._clients) > self.capacity:
                self._clients.popitem(last=False)

    def __len__(self) -> int:
        return len(self._clients)


def failed_sign_ins(app: Flask | None = None) -> FailedSignIns:
    """This process's record of failed sign-ins."""
    app = app or current_app
    record = app.extensions.get("glossary.failed_sign_ins")
    if record is None:
        record = app.extensions["glossary.failed_sign_ins"] = FailedSignIns()
    return record


def client_key() -> str:
    return request.remote_addr or "unknown"


def retry_after() -> int:
    """Whole seconds this request's client must wait before it may sign in (0: none)."""
    return math.ceil(failed_sign_ins().wait(client_key()))


def sign_in_failed() -> None:
    failed_sign_ins().failed(client_key())
