"""Schemathesis over /api/openapi.json, on SQLite and PostgreSQL: no 5xx, and the document
tells the truth — what it allows is accepted, what it forbids is refused, and every
response matches it.

Bounded and deterministic: every operation gets ``EXAMPLES`` requests that fit the
document and as many that break it, from Hypothesis's derandomised generator (the
same cases on every run). The operations are driven one by one rather than through
schemathesis's pytest plugin, whose fixture loader does not run on pytest 9.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, reject, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.errors import InvalidArgument, Unsatisfiable  # noqa: E402
from schemathesis.generation.modes import GenerationMode  # noqa: E402

from tests.helpers import bearer  # noqa: E402

EXAMPLES = 6
CONFIG = """
[generation]
deterministic = true
# The API refuses U+0000 in every string (no database column stores it): said in
# the README, not in each string's schema.
allow-x00 = false
[checks.positive_data_acceptance]
# 404 for an id that does not exist, 409 for a name taken, 412/428 for versions.
expected-statuses = ["2xx", "304", "401", "403", "404", "409", "412", "428"]

# A file's content is opaque to the document (format: binary): an unreadable one is a 422.
[[operations]]
include-path-regex = "/import$"
checks.positive_data_acceptance.expected-statuses = [
  "2xx", "401", "403", "404", "409", "412", "428", "422"
]

# QA needs two different languages (zh-Hant and zh-Hans are one): JSON Schema cannot say
# that one field must differ from another, so the 422 for equal ones is expected.
[[operations]]
include-path = "/api/qa"
checks.positive_data_acceptance.expected-statuses = [
  "2xx", "401", "403", "404", "409", "412", "428", "422"
]
"""
BOUNDED = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def _run(operation, mode: GenerationMode, headers: dict[str, str], calls: list[int]) -> list[str]:  # type: ignore[no-untyped-def]
    before = len(calls)

    cases = operation.as_strategy(generation_mode=mode)

    @BOUNDED
    @given(data=st.data())
    def check(data) -> None:  # type: ignore[no-untyped-def]
        try:
            case = data.draw(cases)
        except InvalidArgument as exc:
            # A mutation past a 1 000 000-character maxLength (POST /api/annotate) cannot
            # be drawn: Hypothesis refuses strings that long. Draw another case instead.
            if "can never generate a value" not in str(exc):
                raise
            reject()
        calls.append(1)
        case.call_and_validate(headers=headers)

    try:
        check()
    except Unsatisfiable:
        return []  # nothing in the operation can be made invalid (no parameters, no body)
    except (Exception, BaseExceptionGroup) as exc:  # each operation's failures, reported at once
        details = "\n".join(str(e) for e in getattr(exc, "exceptions", [])) or str(exc)
        return [f"{operation.label} ({mode}): {exc}\n{details}\n{getattr(exc, '__notes__', '')}"]
    return [] if len(calls) > before else [f"{operation.label} ({mode}): no case was generated"]


@pytest.mark.slow
def test_the_api_keeps_its_document(app, tokens) -> None:
    config = schemathesis.config.SchemathesisConfig.from_str(CONFIG)
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app, config=config)
    headers = bearer(tokens["admin"])
    failures: list[str] = []
    calls: list[int] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failures += _run(operation, mode, headers, calls)
    print(f"{len(calls)} requests over {operations} operations")
    assert operations > 30 and len(calls) > 200
    assert not failures, "\n\n".join(failures)
