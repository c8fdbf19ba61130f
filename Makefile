# Two commands do everything on a fresh clone (Python 3.11+, make and git):
#   make run    install, create the database with the shipped term base, serve on :5000
#   make test   install the test dependencies and run the whole suite
#   make test-fast   the same without the tests marked slow (under two minutes)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
PYTEST_ARGS ?=
# One test process per core (pytest-xdist); PARALLEL= runs them in this process.
PARALLEL ?= -n auto

.PHONY: run test test-fast install clean lint

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

$(VENV)/.installed-lint: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[lint]'
	touch $@

install: $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/glossary init
	$(BIN)/glossary serve --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PARALLEL) $(PYTEST_ARGS)

# Leaves out browsers, peer programs, servers in subprocesses, benchmarks, fault
# injection and round trips of the whole term base (pyproject's `slow` marker).
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PARALLEL) -m "not slow" $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache

# Lint, format check and type check (not part of `make test`; CI runs both).
lint: $(VENV)/.installed-lint
	$(BIN)/ruff check glossary tests scripts
	$(BIN)/ruff format --check glossary tests scripts
	$(BIN)/mypy glossary
