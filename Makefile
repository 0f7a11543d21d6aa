# Two commands on a fresh machine with Python 3.11 and make: `make serve` and `make test`.
# Each creates .venv on first use and installs the project into it (again whenever pyproject.toml changes).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test lint bench install clean booker

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Start the mock server (pass options with ARGS, e.g. make serve ARGS="--port 8080 --seed 7").
serve: $(STAMP)
	$(BIN)/python -m mock_server $(ARGS)

## Cal.com's own Booker (@calcom/atoms, examples/booker) against the mock: the mock on 127.0.0.1:$(MOCK_PORT) and
## the page on http://127.0.0.1:5173 (Vite's dev server). Needs Node.js 20+ and npm; Ctrl-C stops both.
MOCK_PORT ?= 5555
booker: $(STAMP) examples/booker/node_modules/.package-lock.json
	$(BIN)/python -m mock_server --port $(MOCK_PORT) $(ARGS) & MOCK=$$!; trap 'kill $$MOCK' EXIT INT TERM; \
	VITE_CAL_API_URL=http://127.0.0.1:$(MOCK_PORT)/v2 npm --prefix examples/booker run dev

examples/booker/node_modules/.package-lock.json: examples/booker/package-lock.json
	npm --prefix examples/booker ci --no-audit --no-fund

## Run every test: the linters (format, lint, types), then the spec, the mock server, and the contract suite
## against the embedded mock. The tests run in parallel, one pytest-xdist worker per core, each test file
## in one worker (its module fixtures, a built wheel or a browser, are made once); WORKERS=0 runs them in
## one process.
WORKERS ?= auto
test: lint
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile --junitxml=reports/junit.xml $(ARGS)

## Format check, lint and strict typing of the whole tree (configured in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

## Benchmark the mock against Prism 5 and at 100,000 bookings (a few minutes; ARGS="--quick" for about one).
bench: $(STAMP)
	$(BIN)/python -m bench $(ARGS)

clean:
	rm -rf $(VENV) reports .pytest_cache .hypothesis
