"""Failed sign-ins slow a client down, per address, with bounded memory."""

from __future__ import annotations

from glossary.web.throttle import FREE, FailedSignIns
from tests.helpers import assert_problem, bearer
from tests.web.pages.conftest import csrf_from


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_wait_doubles_after_the_free_failures_and_is_forgotten() -> None:
    clock = Clock()
    record = FailedSignIns(free=3, first_delay=1, max_delay=8, forget_after=100, clock=clock)
    for _ in range(3):
        assert record.wait("a") == 0
        record.failed("a")
    assert record.wait("a") == 1 and record.wait("b") == 0
    record.failed("a")
    assert record.wait("a") == 2
    for _ in range(5):
        record.failed("a")
    assert record.wait("a") == 8  # at most max_delay
    clock.now = 5
    assert record.wait("a") == 3
    clock.now = 200
    assert record.wait("a") == 0  # forgotten


def test_memory_is_bounded_oldest_failures_forgotten_first() -> None:
    clock = Clock()
    record = FailedSignIns(capacity=100, clock=clock)
    for i in range(1000):
        clock.now = i
        record.failed(f"10.0.{i // 256}.{i % 256}")
    assert len(record) == 100
    assert record.wait("10.0.0.0") == 0


def test_the_sign_in_page_says_how_long_to_wait(client, tokens) -> None:
    form = client.get("/signin")
    data = {"token": "glo_wrong", "csrf_token": csrf_from(form)}
    for _ in range(FREE):
        assert client.post("/signin", data=data).status_code == 401
    page = client.post("/signin", data=data)
    assert page.status_code == 429 and int(page.headers["Retry-After"]) >= 1
    assert "Too many failed sign-ins" in page.get_data(as_text=True)
    # While it waits, this address cannot try a token at all, good or bad.
    good = client.post("/signin", data={**data, "token": tokens["editor"]})
    assert good.status_code == 429


def test_the_api_answers_bad_tokens_401_every_time(client, tokens) -> None:
    for _ in range(FREE * 2):
        assert_problem(client.get("/api/concepts", headers=bearer("glo_wrong")), 401)
    assert client.get("/api/concepts", headers=bearer(tokens["reader"])).status_code == 200
