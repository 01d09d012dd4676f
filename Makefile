# Neural Networks — the interactive book.
#   make run    install what serving needs (no test tools), then serve on http://$(HOST):$(PORT)
#   make test   add the test tools (and Chromium), then run the whole suite on two workers (3.3-4 min of pytest on 2 cores when the host runs at its quicker speed, up to 7.5 at its slowest)
#   make test-fast  the inner loop: every test but the browser, Pyodide and `slow` ones (23-47 s on 2 cores as the host's speed moves)
#   make test-cpu   which tests cost the machine's CPU: one pytest process, the costliest printed (tests/cpu_report.py)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
CHROMIUM_SHELL ?= /usr/bin/chromium-headless-shell

.PHONY: install prereqs test-tools vendor data run test test-fast test-cpu bench check build browser clean pdf

# What serving needs: the package and its runtime dependencies, the vendored browser files, the digits.
install: $(VENV)/.installed vendor data

# Python >= 3.11, Node >= 20 and npm, checked first with a clear message (scripts/check_prerequisites.py).
prereqs:
	@$(PYTHON) scripts/check_prerequisites.py

$(VENV)/.installed: pyproject.toml | prereqs
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

# The test tools (pytest, Playwright, the API fuzzer) only for make test / test-fast / bench.
test-tools: $(VENV)/.test-installed
$(VENV)/.test-installed: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json | prereqs
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Pyodide, numpy for Pyodide, Temml and its math font into static/vendor, each checked against its sha256; the pages'
# JavaScript bundled into static/build/book.js (app/js_bundle.py, esbuild); then the
# engine compiled to Pyodide's CPython 3.12 bytecode, shipped in the engine zip (app/engine_bytecode.py);
# then a memory snapshot of the started interpreter, the worker's fast start (app/interpreter_snapshot.py).
vendor: $(VENV)/.installed node_modules/.installed
	$(PY) scripts/vendor.py
	$(PY) -m app.js_bundle
	$(PY) -m app.engine_bytecode
	$(PY) -m app.interpreter_snapshot

# The 8x8 digits for the chapter-10 CNN, from scikit-learn's wheel, checked by sha256.
data: $(VENV)/.installed
	$(PY) scripts/fetch_digits.py

run: install
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/nnbook serve

check: install
	$(VENV)/bin/nnbook check

# The book as static files in $(OUT) (any static server or CDN serves it); BASE_URL=/nn-course/ for a sub-path.
OUT ?= site
BASE_URL ?= /
build: install
	$(VENV)/bin/nnbook build $(OUT) --base-url $(BASE_URL)

# The whole book as one PDF (contents, page numbers), printed by headless Chromium: make pdf PDF=out/book.pdf
PDF ?= book.pdf
pdf: install browser
	$(VENV)/bin/nnbook pdf $(PDF)

# Debian's Chromium for the browser tests (Playwright cannot download a browser here): the tests drive its
# headless shell (lighter on CPU, tests/browser/conftest.py); `make bench` and `nnbook pdf` use Chromium itself.
browser:
	@if [ ! -x $(CHROMIUM) ] || [ ! -x $(CHROMIUM_SHELL) ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-headless-shell >/dev/null; \
	  elif [ ! -x $(CHROMIUM) ]; then echo "Chromium is missing: run 'sudo apt-get install -y chromium chromium-headless-shell'"; exit 1; \
	  else echo "note: chromium-headless-shell is missing, the browser tests use Chromium (slower): 'sudo apt-get install -y chromium-headless-shell'"; fi; \
	fi

# Two pytest workers (pytest-xdist), each with its own server and Chromium; tests are handed out one
# by one (worksteal), so a long one does not hold back the rest. TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2
# pytest keeps its assertion-rewritten test modules (and Python the compiled app and engine) in
# __pycache__ (gitignored) unless PYTHONDONTWRITEBYTECODE is set; when it is, every pytest process
# compiles and rewrites all ~150 test files again, some 2.5 s of CPU each. Unset for the test runs.
TEST_ENV := PYTHONDONTWRITEBYTECODE=
test: install test-tools browser
	$(TEST_ENV) $(PY) -m pytest -q -n $(TEST_WORKERS) --dist worksteal

# No Chromium, no Pyodide, no `slow` test (fuzzers, real job/server processes, CNN trainings):
# the engine, app and content tests for the edit-test loop, about 47 s of CPU over the two workers
# (28 s on 2 cores, measured; the real book is rendered once per process, tests/real_book.py). Without the
# Hypothesis and schemathesis plugins: only the (slow) API fuzzer uses them, and importing them costs
# each pytest process about 1.5 s of CPU before its first test.
test-fast: install test-tools
	$(TEST_ENV) $(PY) -m pytest -q -n $(TEST_WORKERS) --dist worksteal -m "not browser and not pyodide and not slow" -p no:schemathesis -p no:hypothesispytest

# Which tests cost the machine's CPU (tests/cpu_report.py): ONE pytest process, each test charged with the
# machine's busy CPU from its setup to its teardown (Chromium, Node and job processes included), the costliest
# printed and all written to .cache/test-cpu.json. The browser and Pyodide tests by default (about 6-8 minutes);
# TESTS picks others, e.g. make test-cpu TESTS="tests/browser/test_quiz.py". Run it on an otherwise idle machine.
TESTS ?= -m "browser or pyodide"
test-cpu: install test-tools browser
	$(TEST_ENV) $(PY) -m pytest -q -p tests.cpu_report --cpu-report=.cache/test-cpu.json $(TESTS)

bench: install test-tools browser
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) node_modules static/vendor .cache data
